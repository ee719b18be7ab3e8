import Testing
import SparseLA
@testable import Iterative

@Suite struct GMRESTests {
    @Test func solvesNonsymmetricSystem() throws {
        let a = TestSystems.convectionDiffusion(15)
        let b = TestSystems.rhsForOnes(a)
        let r = Krylov.gmres(a, b, options: SolveOptions(relativeTolerance: 1e-10))
        #expect(r.status == .converged(.tolerance))
        #expect(r.finalTrueResidual <= 1e-10 * DenseVector.norm2(b))
        #expect(abs(a.residualNorm(x: r.solution, b: b) - r.finalTrueResidual) < 1e-12)
        #expect(TestSystems.errorFromOnes(r.solution) < 1e-7)
        let pre = Krylov.gmres(a, b, preconditioner: try SSORPreconditioner(a, omega: 1.0),
                               options: SolveOptions(relativeTolerance: 1e-10))
        #expect(pre.converged)
        #expect(pre.iterations < r.iterations)
        #expect(pre.finalTrueResidual <= 1e-10 * DenseVector.norm2(b))
    }

    @Test func fullGMRESTerminatesInNSteps() {
        // Restart ≥ n: GMRES is exact after at most n steps (here a 12 x 12 nonsymmetric matrix).
        let a = TestSystems.convectionDiffusion(3, c: 2)
        let b = TestSystems.rhsForOnes(a)
        let r = Krylov.gmres(a, b, restart: 50, options: SolveOptions(relativeTolerance: 1e-12))
        #expect(r.converged)
        #expect(r.iterations <= 9)
    }

    @Test func historyIsMonotoneAndRestartsWork() {
        let a = TestSystems.convectionDiffusion(12)
        var o = SolveOptions(relativeTolerance: 1e-8)
        o.recordHistory = true
        let r = Krylov.gmres(a, TestSystems.rhsForOnes(a), restart: 5, options: o)
        #expect(r.converged)
        let h = r.residualHistory!
        #expect(h.count == r.iterations + 1)
        for i in 1..<h.count { #expect(h[i] <= h[i - 1] * (1 + 1e-10)) }
        // matvecs: one per inner step + one true residual per cycle + the initial one.
        #expect(r.matVecs == r.iterations + 1 + (r.iterations + 4) / 5)
    }

    @Test func workspaceReuseGivesIdenticalResults() {
        let a = TestSystems.convectionDiffusion(8)
        let b = TestSystems.rhsForOnes(a)
        let ws = GMRES(size: a.rows, restart: 10)
        let r1 = ws.solve(a, b), r2 = ws.solve(a, b)
        #expect(r1.solution == r2.solution && r1.iterations == r2.iterations)
    }

    @Test func stagnationWindowOnRotation() {
        // A = [[0, 1], [-1, 0]]: Ar ⟂ r, so GMRES(1) makes no progress at all.
        let a = CSRMatrix(dense: [[0, 1], [-1, 0]])
        var o = SolveOptions(relativeTolerance: 1e-8, maxIterations: 1000)
        o.stagnationWindow = 10
        let r = Krylov.gmres(a, [1, 0], restart: 1, options: o)
        #expect(r.status == .stagnated)
        #expect(r.iterations == 10)
        // Without the window it runs into the cap.
        let capped = Krylov.gmres(a, [1, 0], restart: 1, options: SolveOptions(relativeTolerance: 1e-8, maxIterations: 25))
        #expect(capped.status == .maxIterations)
        #expect(capped.iterations == 25)
    }

    @Test func singularHessenbergIsABreakdown() {
        // A = 0 except one entry: A b = 0 for b = e₂, the Hessenberg column is exactly zero.
        let a = CSRMatrix(dense: [[1, 0], [0, 0]])
        let r = Krylov.gmres(a, [0, 1])
        #expect(r.status == .breakdown(.recurrenceZero))
    }

    @Test func cancelledAndNotFinite() {
        let a = TestSystems.convectionDiffusion(10)
        var o = SolveOptions(relativeTolerance: 1e-12)
        o.monitor = { $0.iteration == 4 ? .stop : .proceed }
        let r = Krylov.gmres(a, TestSystems.rhsForOnes(a), options: o)
        #expect(r.status == .cancelled)
        #expect(r.iterations == 4)
        var b = TestSystems.rhsForOnes(a)
        b[0] = .infinity
        #expect(Krylov.gmres(a, b).status == .notFinite)
    }
}
