import Testing
import Foundation
@testable import PDE

@Suite struct RieszDirectSolveTests {
    /// PDE.md §1.7 errors at n = 32 / 64 / 128 / 256 (max-norm on 4001 points).
    static let reference: [Double: [Int: [Double]]] = [
        1.2: [2: [3.02e-5, 4.30e-6, 6.10e-7, 8.67e-8], 3: [2.07e-5, 3.00e-6, 4.33e-7, 6.22e-8],
              4: [1.64e-8, 6.23e-10, 2.31e-11, 8.41e-13], 5: [4.91e-9, 1.80e-10, 6.49e-12, 2.33e-13]],
        1.5: [2: [6.67e-5, 1.17e-5, 2.07e-6, 3.64e-7], 3: [6.68e-5, 1.19e-5, 2.11e-6, 3.72e-7],
              4: [4.58e-8, 2.14e-9, 9.77e-11, 4.41e-12], 5: [1.59e-8, 7.14e-10, 3.17e-11, 1.40e-12]],
        1.8: [2: [1.50e-4, 3.26e-5, 7.08e-6, 1.54e-6], 3: [2.19e-4, 4.79e-5, 1.04e-5, 2.27e-6],
              4: [1.29e-7, 7.43e-9, 4.17e-10, 2.30e-11], 5: [5.01e-8, 2.76e-9, 1.51e-10, 8.19e-12]],
    ]

    /// Orders p+2−α (even p) / p+1−α (odd p) within 0.05 on the last pair, errors within ×1.5 of PDE.md.
    @Test(arguments: [1.2, 1.5, 1.8])
    func convergenceOrders(alpha: Double) throws {
        for p in 2...5 {
            var errs: [Double] = []
            for n in [32, 64, 128, 256] {
                let r = try rieszSolveDirect(try RieszCollocation(alpha: alpha, degree: p, intervals: n))
                errs.append(r.maxError)
            }
            let rate = log2(errs[2] / errs[3])
            let claim = Double(p % 2 == 0 ? p + 2 : p + 1) - alpha
            let ref = Self.reference[alpha]![p]!
            print("convergence alpha=\(alpha) p=\(p): errors \(errs.map { String(format: "%.3g", $0) }) (PDE.md \(ref)) last rate \(String(format: "%.3f", rate)) claim \(claim)")
            #expect(abs(rate - claim) <= 0.05, "alpha=\(alpha) p=\(p): rate \(rate) vs \(claim)")
            for k in 0..<4 { #expect(errs[k] / ref[k] < 1.5 && ref[k] / errs[k] < 1.5, "alpha=\(alpha) p=\(p) n=\(32 << k): \(errs[k]) vs \(ref[k])") }
        }
    }

    @Test func manufacturedRHSIsConsistent() {
        // At α → 2 the Riesz operator is −d²/dx²; at α = 1.999 the rhs is close to −u''.
        let m = RieszManufacturedSolution(alpha: 1.999)
        let x = 0.37
        let h = 1e-4
        let upp = (m.solution(x + h) - 2 * m.solution(x) + m.solution(x - h)) / (h * h)
        #expect(abs(m.rightHandSide(x) - (-upp)) < 0.02 * abs(upp))
    }

    @Test func directSolveRejectsHugeSize() throws {
        #expect(throws: FractionalError.self) { try rieszSolveDirect(try RieszCollocation(alpha: 1.5, degree: 3, intervals: 30000)) }
    }

    @Test func denseSolveRejectsSingular() {
        #expect(throws: FractionalError.self) { try denseSolve(rowMajor: [1, 2, 2, 4], size: 2, rhs: [1, 1]) }
        #expect(throws: FractionalError.self) { try denseSolve(rowMajor: [1, 2, 2], size: 2, rhs: [1, 1]) }
    }
}
