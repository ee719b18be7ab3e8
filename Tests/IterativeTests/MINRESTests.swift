import Testing
import SparseLA
@testable import Iterative

@Suite struct MINRESTests {
    /// Symmetric indefinite: the 2D Laplacian shifted by a value inside its spectrum.
    static func indefinite(_ m: Int, shift: Double = 2) -> CSRMatrix {
        let l = CSRMatrix.laplacian2D(m)
        return l.adding(CSRMatrix.identity(l.rows), alpha: 1, beta: -shift)
    }

    @Test func solvesSymmetricIndefinite() {
        let a = Self.indefinite(12)
        let b = TestSystems.rhsForOnes(a)
        let r = Krylov.minres(a, b, options: SolveOptions(relativeTolerance: 1e-10))
        #expect(r.status == .converged(.tolerance))
        #expect(r.finalTrueResidual <= 1e-10 * DenseVector.norm2(b))
        #expect(TestSystems.errorFromOnes(r.solution) < 1e-6)
        // CG breaks down on the same matrix.
        let cg = Krylov.cg(a, b)
        #expect(!cg.converged)
    }

    @Test func residualEstimateIsMonotoneAndMatchesTrueResidual() {
        let a = Self.indefinite(10)
        let b = TestSystems.rhsForOnes(a)
        var o = SolveOptions(relativeTolerance: 1e-8)
        o.recordHistory = true
        let r = Krylov.minres(a, b, options: o)
        let h = r.residualHistory!
        for i in 1..<h.count { #expect(h[i] <= h[i - 1] * (1 + 1e-10)) }
        #expect(abs(h.last! - r.finalTrueResidual) <= 1e-3 * DenseVector.norm2(b) * 1e-8 + 0.1 * r.finalTrueResidual)
    }

    @Test func preconditionedSPD() throws {
        let base = CSRMatrix.laplacian2D(15)
        let s = (0..<base.rows).map { Double(1 + $0 % 5) }
        let a = base.scalingRows(by: s).scalingColumns(by: s)
        let b = TestSystems.rhsForOnes(a)
        let o = SolveOptions(relativeTolerance: 1e-9)
        let plain = Krylov.minres(a, b, options: o)
        let pre = Krylov.minres(a, b, preconditioner: try JacobiPreconditioner(a), options: o)
        #expect(plain.converged && pre.converged)
        #expect(pre.iterations < plain.iterations)
        #expect(pre.finalTrueResidual <= 1e-9 * DenseVector.norm2(b))
    }

    @Test func indefinitePreconditionerBreakdown() {
        let a = Self.indefinite(5)
        let negative = ClosurePreconditioner(size: a.rows) { r, z in for i in 0..<r.count { z[i] = -r[i] } }
        #expect(Krylov.minres(a, TestSystems.rhsForOnes(a), preconditioner: negative).status == .breakdown(.indefinitePreconditioner))
    }

    @Test func inconsistentSingularSystemStagnates() {
        // diag(1, 0): b = (1, 1) has no solution; Lanczos ends after two steps.
        var o = SolveOptions(); o.recordHistory = true
        let r = Krylov.minres(CSRMatrix(dense: [[1, 0], [0, 0]]), [1, 1], options: o)
        #expect(r.status == .stagnated)
        // (Plain MINRES, unlike MINRES-QLP, does not return the minimum-length solution here.)
        #expect(r.iterations == 2)
    }
}
