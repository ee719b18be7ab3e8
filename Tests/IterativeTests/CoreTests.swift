import Testing
import SparseLA
@testable import Iterative

@Suite struct CoreTests {
    @Test func csrIsALinearOperator() {
        let a = CSRMatrix.laplacian1D(4)
        #expect(a.applied(to: [1, 1, 1, 1]) == [1, 0, 0, 1])
        let p = ParallelCSROperator(a, threads: 2)
        #expect(p.applied(to: [1, 2, 3, 4]) == a.applied(to: [1, 2, 3, 4]))
        let c = ClosureOperator(rows: 2, columns: 2) { x, y in y[0] = 2 * x[0]; y[1] = 3 * x[1] }
        #expect(c.applied(to: [1, 1]) == [2, 3])
    }

    @Test func stoppingRuleThreshold() {
        var o = SolveOptions(relativeTolerance: 1e-6, absoluteTolerance: 1e-10)
        #expect(abs(o.threshold(referenceNorm: 10) - (1e-10 + 1e-5)) < 1e-20)
        o = .scipy(rtol: 1e-5)
        #expect(o.reference == .rightHandSide && o.absoluteTolerance == 0)
    }

    @Test func stopReasonNames() {
        #expect(StopReason.converged(.tolerance).isConverged)
        #expect(!StopReason.maxIterations.isConverged)
        #expect(StopReason.breakdown(.nonPositiveCurvature).name == "breakdown_nonPositiveCurvature")
    }
}
