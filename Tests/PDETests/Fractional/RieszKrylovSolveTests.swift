import Testing
import Foundation
@testable import PDE

@Suite struct RieszKrylovSolveTests {
    /// PDE.md §1.9 acceptance 5: τ-preconditioned GMRES takes ≤ 20 iterations for n ≤ 512, p ≤ 5, and
    /// the count stays flat as n grows while the unpreconditioned one grows like n^{α/2}.
    /// Prints the table n vs iterations for none / tau / circulant (GMRES(400), rtol 1e-10).
    @Test(arguments: [1.2, 1.5, 1.8])
    func iterationTable(alpha: Double) throws {
        for p in [2, 3, 5] {
            var line: [String] = []
            var tauCounts: [Int] = []
            var noneCounts: [Int] = []
            for n in [64, 128, 256, 512] {
                let prob = try RieszCollocation(alpha: alpha, degree: p, intervals: n)
                let none = rieszSolveGMRES(prob, preconditioner: .none, planning: .estimate, errorSamples: 0)
                let tau = rieszSolveGMRES(prob, preconditioner: .tau, planning: .estimate, errorSamples: 0)
                let circ = rieszSolveGMRES(prob, preconditioner: .circulant, planning: .estimate, errorSamples: 0)
                #expect(none.status == "converged" && tau.status == "converged" && circ.status == "converged")
                #expect(tau.iterations <= 20, "alpha=\(alpha) p=\(p) n=\(n): tau took \(tau.iterations)")
                #expect(circ.iterations <= 30, "alpha=\(alpha) p=\(p) n=\(n): circulant took \(circ.iterations)")
                tauCounts.append(tau.iterations)
                noneCounts.append(none.iterations)
                line.append("\(none.iterations)/\(tau.iterations)/\(circ.iterations)")
            }
            print("GMRES iterations alpha=\(alpha) p=\(p), n=64/128/256/512 as none/tau/circ: \(line.joined(separator: "  "))")
            #expect(noneCounts[3] > 2 * noneCounts[0])
            #expect(tauCounts[3] <= tauCounts[0] + 6)
        }
    }

    /// The GMRES solution reaches the discretisation error of the direct solve.
    @Test func gmresMatchesDirectAccuracy() throws {
        let prob = try RieszCollocation(alpha: 1.5, degree: 4, intervals: 128)
        let direct = try rieszSolveDirect(prob)
        let tau = rieszSolveGMRES(prob, preconditioner: .tau, planning: .estimate)
        #expect(abs(tau.maxError - direct.maxError) < 0.05 * direct.maxError)
        #expect(abs(direct.maxError - 9.77e-11) < 0.01e-10)
    }
}
