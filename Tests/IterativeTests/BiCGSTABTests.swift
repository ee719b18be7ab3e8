import Testing
import SparseLA
@testable import Iterative

@Suite struct BiCGSTABTests {
    @Test func solvesNonsymmetricSystem() throws {
        let a = TestSystems.convectionDiffusion(15)
        let b = TestSystems.rhsForOnes(a)
        let r = Krylov.bicgstab(a, b, options: SolveOptions(relativeTolerance: 1e-10))
        #expect(r.status == .converged(.tolerance))
        #expect(r.finalTrueResidual <= 1e-10 * DenseVector.norm2(b))
        #expect(TestSystems.errorFromOnes(r.solution) < 1e-7)
        let pre = Krylov.bicgstab(a, b, preconditioner: try JacobiPreconditioner(a), options: SolveOptions(relativeTolerance: 1e-10))
        #expect(pre.converged)
        #expect(pre.preconditionerApplications >= 2 * pre.iterations - 1)
    }

    @Test func workspaceReuse() {
        let a = TestSystems.convectionDiffusion(8)
        let b = TestSystems.rhsForOnes(a)
        let ws = BiCGSTAB(size: a.rows)
        var o = SolveOptions(relativeTolerance: 1e-9)
        o.recordHistory = true
        let r1 = ws.solve(a, b, options: o), r2 = ws.solve(a, b, options: o)
        #expect(r1.solution == r2.solution)
        #expect(r1.residualHistory!.count == r1.iterations + 1)
    }

    @Test func rhoBreakdownOnRotation() {
        // r̂ᵀA r̂ = 0 for the rotation matrix: the first α is undefined.
        let r = Krylov.bicgstab(CSRMatrix(dense: [[0, 1], [-1, 0]]), [1, 0])
        #expect(r.status == .breakdown(.recurrenceZero))
    }

    @Test func maxIterations() {
        let a = TestSystems.convectionDiffusion(15)
        let r = Krylov.bicgstab(a, TestSystems.rhsForOnes(a), options: SolveOptions(relativeTolerance: 1e-14, maxIterations: 3))
        #expect(r.status == .maxIterations && r.iterations == 3)
    }
}
