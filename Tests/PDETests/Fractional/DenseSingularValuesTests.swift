import Testing
import Foundation
@testable import PDE

@Suite struct DenseSingularValuesTests {
    /// κ₂(Â) reproduces PDE.md §1.6 (α = 1.5, p = 2, 3 at n = 32, 64, 128) and grows like n^α.
    @Test func conditionNumbersMatchPDEmd() throws {
        let table: [Int: [Double]] = [2: [99.5, 281, 796], 3: [117, 332, 938]]
        for (p, ref) in table {
            var kappas: [Double] = []
            for (k, n) in [32, 64, 128].enumerated() {
                let prob = try RieszCollocation(alpha: 1.5, degree: p, intervals: n)
                let kappa = try denseConditionNumber2(rowMajor: RieszCollocationMatrix(problem: prob).dense(), size: prob.size)
                kappas.append(kappa)
                #expect(abs(kappa / ref[k] - 1) < 0.01, "p=\(p) n=\(n): kappa \(kappa) vs \(ref[k])")
            }
            let growth = log2(kappas[2] / kappas[1])
            print("kappa_2(Â) alpha=1.5 p=\(p): \(kappas.map { String(format: "%.1f", $0) }) growth exponent \(String(format: "%.3f", growth))")
            #expect(abs(growth - 1.5) < 0.05)
        }
    }

    @Test func knownSingularValues() throws {
        let s = try denseSingularValues(rowMajor: [3, 0, 0, 4], size: 2)
        #expect(abs(s[0] - 4) < 1e-15 && abs(s[1] - 3) < 1e-15)
        #expect(throws: FractionalError.self) { try denseSingularValues(rowMajor: [1], size: 2) }
    }
}
