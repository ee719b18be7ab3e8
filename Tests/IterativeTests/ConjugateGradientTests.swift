import Testing
import Foundation
import SparseLA
@testable import Iterative

/// Helpers shared by the iterative-method tests.
enum TestSystems {
    /// `A · ones` so the exact solution is all ones.
    static func rhsForOnes(_ a: CSRMatrix) -> [Double] { a.multiplied(by: DenseVector.ones(a.columns)) }

    /// max |xᵢ − 1|.
    static func errorFromOnes(_ x: [Double]) -> Double { x.reduce(0) { max($0, abs($1 - 1)) } }

    /// The n x n Hilbert matrix (SPD, condition number ~1e13 at n = 10).
    static func hilbert(_ n: Int) -> CSRMatrix {
        CSRMatrix(dense: (0..<n).map { i in (0..<n).map { j in 1.0 / Double(i + j + 1) } })
    }

    /// A nonsymmetric convection-diffusion matrix on an m x m grid (upwind, Peclet `c`).
    static func convectionDiffusion(_ m: Int, c: Double = 0.5) -> CSRMatrix {
        var t = TripletBuilder(rows: m * m, columns: m * m)
        for j in 0..<m {
            for i in 0..<m {
                let row = j * m + i
                t.append(row: row, column: row, value: 4 + c)
                if i > 0 { t.append(row: row, column: row - 1, value: -1 - c) }
                if i < m - 1 { t.append(row: row, column: row + 1, value: -1) }
                if j > 0 { t.append(row: row, column: row - m, value: -1) }
                if j < m - 1 { t.append(row: row, column: row + m, value: -1) }
            }
        }
        return t.build()
    }
}

@Suite struct ConjugateGradientTests {
    @Test func solvesLaplacian2D() {
        let a = CSRMatrix.laplacian2D(20)
        let b = TestSystems.rhsForOnes(a)
        let r = Krylov.cg(a, b, options: SolveOptions(relativeTolerance: 1e-10))
        #expect(r.status == .converged(.tolerance))
        #expect(TestSystems.errorFromOnes(r.solution) < 1e-7)
        #expect(r.finalTrueResidual <= 1e-10 * DenseVector.norm2(b) * 1.0001)
        #expect(abs(a.residualNorm(x: r.solution, b: b) - r.finalTrueResidual) < 1e-12)
        // One matvec per iteration plus the final true-residual check.
        #expect(r.matVecs == r.iterations + 1)
        #expect(r.preconditionerApplications == 0)
        #expect(r.iterations > 10 && r.iterations < 100)
    }

    @Test func finiteTerminationOn1D() {
        // CG on tridiag(-1,2,-1) of size n reaches the solution in at most n steps (exact arithmetic).
        let a = CSRMatrix.laplacian1D(30)
        let r = Krylov.cg(a, TestSystems.rhsForOnes(a), options: SolveOptions(relativeTolerance: 1e-12))
        #expect(r.converged)
        #expect(r.iterations <= 32)
    }

    @Test func historyAndWorkspaceReuse() {
        let a = CSRMatrix.laplacian2D(12)
        let b = TestSystems.rhsForOnes(a)
        let ws = ConjugateGradient(size: a.rows)
        var o = SolveOptions(relativeTolerance: 1e-8)
        o.recordHistory = true
        let r1 = ws.solve(a, b, options: o)
        let r2 = ws.solve(a, b, options: o)
        #expect(r1.iterations == r2.iterations)
        #expect(r1.solution == r2.solution)
        let h = try! #require(r1.residualHistory)
        #expect(h.count == r1.iterations + 1)
        #expect(abs(h[0] - DenseVector.norm2(b)) < 1e-12)
        #expect(h.last! <= 1e-8 * h[0])
    }

    @Test func matrixFreeOperatorGivesSameIterates() {
        let a = CSRMatrix.laplacian2D(10)
        let b = TestSystems.rhsForOnes(a)
        let op = ClosureOperator(rows: a.rows, columns: a.columns) { x, y in a.multiply(x, into: y) }
        let r1 = Krylov.cg(a, b)
        let r2 = Krylov.cg(op, b)
        #expect(r1.iterations == r2.iterations)
        for (u, v) in zip(r1.solution, r2.solution) { #expect(abs(u - v) < 1e-12) }
    }

    @Test func jacobiPCGOnBadlyScaledSystem() throws {
        // Symmetric diagonal scaling S A S of a Laplacian: Jacobi undoes the scaling.
        let base = CSRMatrix.laplacian2D(15)
        let s = (0..<base.rows).map { i in pow(10.0, Double(i % 7) - 3) }
        let a = base.scalingRows(by: s).scalingColumns(by: s)
        let b = TestSystems.rhsForOnes(a)
        let o = SolveOptions.scipy(rtol: 1e-8, maxIterations: 5000)
        let plain = Krylov.cg(a, b, options: o)
        let m = try JacobiPreconditioner(a)
        let pcg = Krylov.cg(a, b, preconditioner: m, options: o)
        #expect(pcg.converged)
        #expect(pcg.iterations < plain.iterations)
        #expect(pcg.preconditionerApplications == pcg.iterations + 1)
        #expect(pcg.finalTrueResidual <= 1e-8 * DenseVector.norm2(b))
    }

    @Test func initialGuessAndZeroRightHandSide() {
        let a = CSRMatrix.laplacian2D(8)
        let b = TestSystems.rhsForOnes(a)
        var o = SolveOptions()
        o.initialGuess = DenseVector.ones(a.rows)
        let exact = Krylov.cg(a, b, options: o)
        #expect(exact.status == .converged(.initialGuess))
        #expect(exact.iterations == 0)
        let zero = Krylov.cg(a, [Double](repeating: 0, count: a.rows))
        #expect(zero.status == .converged(.initialGuess))
        #expect(zero.solution.allSatisfy { $0 == 0 })
        let empty = Krylov.cg(CSRMatrix.identity(0), [])
        #expect(empty.converged && empty.solution.isEmpty)
    }

    @Test func preconditionedNormTest() throws {
        let a = CSRMatrix.laplacian2D(10)
        let b = TestSystems.rhsForOnes(a)
        var o = SolveOptions(relativeTolerance: 1e-8)
        o.residualNorm = .preconditioned
        let r = Krylov.cg(a, b, preconditioner: try JacobiPreconditioner(a), options: o)
        #expect(r.converged)
        #expect(TestSystems.errorFromOnes(r.solution) < 1e-6)
    }

    // MARK: stop reasons produced by CG

    @Test func maxIterations() {
        let a = CSRMatrix.laplacian2D(20)
        let r = Krylov.cg(a, TestSystems.rhsForOnes(a), options: SolveOptions(relativeTolerance: 1e-10, maxIterations: 5))
        #expect(r.status == .maxIterations)
        #expect(r.iterations == 5)
    }

    @Test func nonPositiveCurvatureBreakdown() {
        // Indefinite diagonal: the first direction r₀ = b has pᵀAp < 0.
        let a = CSRMatrix.diagonal([1, -3, -3])
        let r = Krylov.cg(a, [1, 1, 1])
        #expect(r.status == .breakdown(.nonPositiveCurvature))
    }

    @Test func indefinitePreconditionerBreakdown() {
        let a = CSRMatrix.laplacian2D(5)
        let negative = ClosurePreconditioner(size: a.rows) { r, z in for i in 0..<r.count { z[i] = -r[i] } }
        let r = Krylov.cg(a, TestSystems.rhsForOnes(a), preconditioner: negative)
        #expect(r.status == .breakdown(.indefinitePreconditioner))
        #expect(r.iterations == 0)
    }

    @Test func notFinite() {
        let a = CSRMatrix.laplacian2D(4)
        var b = TestSystems.rhsForOnes(a)
        b[3] = .nan
        #expect(Krylov.cg(a, b).status == .notFinite)
        let inf = a.withValues(a.values.enumerated().map { $0.offset == 7 ? .infinity : $0.element })
        #expect(Krylov.cg(inf, TestSystems.rhsForOnes(a)).status == .notFinite)
    }

    @Test func cancelledByMonitor() {
        let a = CSRMatrix.laplacian2D(20)
        var o = SolveOptions(relativeTolerance: 1e-12)
        var seen: [Int] = []
        o.monitor = { info in
            seen.append(info.iteration)
            #expect(info.solution.count == a.rows)
            return info.iteration == 3 ? .stop : .proceed
        }
        let r = Krylov.cg(a, TestSystems.rhsForOnes(a), options: o)
        #expect(r.status == .cancelled)
        #expect(r.iterations == 3)
        #expect(seen == [1, 2, 3])
    }

    @Test func timeLimit() {
        let a = CSRMatrix.laplacian2D(20)
        var o = SolveOptions(relativeTolerance: 1e-12)
        o.timeLimit = 0
        let r = Krylov.cg(a, TestSystems.rhsForOnes(a), options: o)
        #expect(r.status == .timeLimit)
        #expect(r.iterations == 1)
    }

    @Test func stagnatesWhenTrueResidualCannotReachTolerance() {
        // Hilbert(12): cond ~ 1e16. The recursive residual keeps falling, the true one cannot reach
        // 1e-18 relative (below rounding): the true-residual gate reports stagnation instead of a
        // false success or a run to the iteration cap.
        let a = TestSystems.hilbert(12)
        let b = TestSystems.rhsForOnes(a)
        let r = Krylov.cg(a, b, options: SolveOptions(relativeTolerance: 1e-18, maxIterations: 100_000))
        #expect(r.status == .stagnated)
        #expect(r.iterations < 100_000)
        #expect(r.finalTrueResidual > 1e-18 * DenseVector.norm2(b))
    }

    @Test func stagnationWindow() {
        // Same system with a window: stops as soon as 5 iterations bring no new minimum.
        let a = TestSystems.hilbert(12)
        var o = SolveOptions(relativeTolerance: 1e-15, maxIterations: 100_000)
        o.stagnationWindow = 5
        o.recordHistory = true
        let r = Krylov.cg(a, TestSystems.rhsForOnes(a), options: o)
        #expect(r.status == .stagnated)
    }
}
