import Testing
import SparseLA
@testable import Iterative

/// Tests for Sources/Iterative/Stationary (Jacobi, GaussSeidel, SOR, SSOR, RelaxationSweeps).
@Suite struct StationaryTests {
    let a = CSRMatrix.laplacian2D(8)

    @Test func allMethodsConvergeOnLaplacian() {
        let b = TestSystems.rhsForOnes(a)
        let o = SolveOptions(relativeTolerance: 1e-8)
        let results = [
            ("jacobi", Jacobi.solve(A: a, b: b, options: o)),
            ("gs", GaussSeidel.solve(A: a, b: b, options: o)),
            ("sor", SOR.solve(A: a, b: b, omega: 1.5, options: o)),
            ("ssor", SSOR.solve(A: a, b: b, omega: 1.5, options: o)),
        ]
        for (name, r) in results {
            #expect(r.status == .converged(.tolerance), "\(name)")
            #expect(r.finalTrueResidual <= 1e-8 * DenseVector.norm2(b), "\(name)")
            #expect(TestSystems.errorFromOnes(r.solution) < 1e-6, "\(name)")
        }
        let it = results.map { $0.1.iterations }
        // Classical ordering on the model problem: Jacobi ≈ 2 × GS, SOR(1.5) far fewer than GS.
        #expect(it[0] > it[1] && it[1] > it[2])
        #expect(Double(it[0]) / Double(it[1]) > 1.7 && Double(it[0]) / Double(it[1]) < 2.3)
    }

    @Test func sorMatchesMatrixSplittingDefinition() {
        // One forward sweep equals x + M⁻¹(b − A x) with M = D/ω + L (dense check).
        let m = CSRMatrix(dense: [[4, -1, 0.5], [-1, 5, -2], [0.5, -2, 6]])
        let sweeps = try! RelaxationSweeps(m)
        let b = [1.0, 2, 3], w = 1.3
        var x = [0.5, -0.25, 1.0]
        let x0 = x
        sweeps.forward(b: b, x: &x, omega: w)
        // Solve (D/ω + L) d = b − A x0 by forward substitution.
        let dense = m.toDense()
        let r = zip(b, m.multiplied(by: x0)).map { $0 - $1 }
        var d = [Double](repeating: 0, count: 3)
        for i in 0..<3 {
            var s = r[i]
            for j in 0..<i { s -= dense[i][j] * d[j] }
            d[i] = s / (dense[i][i] / w)
        }
        for i in 0..<3 { #expect(abs(x[i] - (x0[i] + d[i])) < 1e-14) }
    }

    @Test func checkEveryReducesResidualEvaluations() {
        let b = TestSystems.rhsForOnes(a)
        let o = SolveOptions(relativeTolerance: 1e-8)
        let r1 = SOR.solve(A: a, b: b, omega: 1.5, options: o)
        let r5 = SOR.solve(A: a, b: b, omega: 1.5, options: o, checkEvery: 5)
        #expect(r5.converged)
        #expect(r5.iterations >= r1.iterations && r5.iterations < r1.iterations + 5)
        #expect(r5.matVecs < r1.matVecs)
    }

    @Test func historyHasOneEntryPerCheck() {
        var o = SolveOptions(relativeTolerance: 1e-6)
        o.recordHistory = true
        let r = GaussSeidel.solve(A: a, b: TestSystems.rhsForOnes(a), options: o)
        #expect(r.residualHistory?.count == r.iterations + 1)
    }

    @Test func jacobiDivergesOnNonDominantMatrix() {
        // Iteration matrix I − D⁻¹A has spectral radius 2.
        let m = CSRMatrix(dense: [[1, 2], [2, 1]])
        var o = SolveOptions()
        o.divergenceTolerance = 1e6
        let r = Jacobi.solve(A: m, b: [1, 2], options: o)
        #expect(r.status == .diverged)
        #expect(r.iterations > 10 && r.iterations < 40)
    }

    @Test func zeroDiagonalIsABreakdown() {
        let m = CSRMatrix(dense: [[0, 1], [1, 2]])
        for r in [Jacobi.solve(A: m, b: [1, 1]), GaussSeidel.solve(A: m, b: [1, 1]),
                  SOR.solve(A: m, b: [1, 1], omega: 1.2), SSOR.solve(A: m, b: [1, 1], omega: 1.2)] {
            #expect(r.status == .breakdown(.zeroDiagonal))
            #expect(r.iterations == 0)
        }
    }

    @Test func maxIterationsAndTimeLimit() {
        let b = TestSystems.rhsForOnes(a)
        let capped = Jacobi.solve(A: a, b: b, options: SolveOptions(relativeTolerance: 1e-12, maxIterations: 7))
        #expect(capped.status == .maxIterations && capped.iterations == 7)
        var o = SolveOptions(relativeTolerance: 1e-12)
        o.timeLimit = 0
        #expect(SOR.solve(A: a, b: b, omega: 1.2, options: o).status == .timeLimit)
    }
}
