import Testing
import SparseLA
import Foundation
@testable import Iterative

@Suite struct AMGHierarchyTests {
    static func smallOptions() -> AMGOptions {
        var o = AMGOptions()
        o.maxCoarse = 20
        return o
    }

    @Test func levelsShrinkAndComplexitiesAreModest() throws {
        let h = try AMGHierarchy(CSRMatrix.laplacian2D(40), options: Self.smallOptions())
        #expect(h.levelCount >= 3)
        let sizes = h.levelSizes
        for l in 1..<sizes.count { #expect(sizes[l] < sizes[l - 1]) }
        #expect(sizes.last! <= 20)
        #expect(h.operatorComplexity > 1 && h.operatorComplexity < 2)
        #expect(h.gridComplexity > 1 && h.gridComplexity < 1.5)
        #expect(h.coarseSolver.usesCholesky)
    }

    @Test func prolongatorsHaveFullColumnRankAndCoarseOperatorsAreSymmetric() throws {
        let h = try AMGHierarchy(CSRMatrix.laplacian3D(9), options: Self.smallOptions())
        for level in h.levels.dropLast() {
            let p = try #require(level.prolongation)
            // Full column rank ⇔ PᵀP is positive definite.
            let ptp = SparseProduct.multiply(p.transposed(), p).toDense()
            #expect(DenseTestHelpers.cholesky(ptp) != nil)
            #expect(level.restriction == p.transposed())
        }
        for level in h.levels.dropFirst() {
            let a = level.matrix
            let scale = a.values.map(abs).max()!
            let d = a.toDense()
            for i in 0..<a.rows { for j in 0..<i { #expect(abs(d[i][j] - d[j][i]) <= 1e-13 * scale) } }
            // Coarse operators stay SPD (Galerkin of SPD with full-rank P).
            #expect(DenseTestHelpers.cholesky(d) != nil)
        }
    }

    @Test func tentativeProlongatorInterpolatesConstants() {
        let agg: [Int32] = [0, 0, 1, 1, 1, -1]
        let (t, bc) = AMGProlongation.tentative(aggregates: agg, count: 2, nearNullSpace: [1, 1, 1, 1, 1, 1])
        #expect(abs(bc[0] - 2.0.squareRoot()) < 1e-15 && abs(bc[1] - 3.0.squareRoot()) < 1e-15)
        #expect(t.multiplied(by: bc).map { ($0 * 1e12).rounded() / 1e12 } == [1, 1, 1, 1, 1, 0])
    }

    @Test func spectralRadiusEstimateOfJacobiLaplacian() {
        // D⁻¹A of the 1D Laplacian has ρ = 1 + cos(π/(n+1)).
        let n = 200
        let a = CSRMatrix.laplacian1D(n)
        let rho = AMGProlongation.spectralRadiusEstimate(a, inverseDiagonal: [Double](repeating: 0.5, count: n), steps: 15)
        let exact = 1 + cos(Double.pi / Double(n + 1))
        #expect(rho <= exact + 1e-12 && rho > 0.97 * exact)
    }

    @Test func singularCoarseOperatorUsesPseudoInverse() throws {
        // Pure Neumann 1D Laplacian (singular): the coarsest solver falls back to the pseudo-inverse.
        let n = 8
        var b = TripletBuilder(rows: n, columns: n)
        for i in 0..<n {
            b.append(row: i, column: i, value: (i == 0 || i == n - 1) ? 1 : 2)
            if i > 0 { b.append(row: i, column: i - 1, value: -1) }
            if i < n - 1 { b.append(row: i, column: i + 1, value: -1) }
        }
        let solver = try AMGCoarseSolver(b.build())
        #expect(!solver.usesCholesky)
    }

    @Test func largeCoarsestLevelIsRelaxedNotMadeDense() throws {
        var o = AMGOptions()
        o.maxLevels = 1          // no coarsening: the whole matrix would be the "coarse" level
        o.maxDenseCoarse = 100
        let a = CSRMatrix.laplacian2D(30)
        let amg = try SmoothedAggregationAMG(a, options: o)
        #expect(amg.hierarchy.coarseSolver.usesRelaxation)
        let res = Krylov.cg(a, a.multiplied(by: [Double](repeating: 1, count: a.rows)), preconditioner: amg,
                            options: SolveOptions(relativeTolerance: 1e-8))
        #expect(res.converged)
    }

    @Test func badInputIsTyped() {
        #expect(throws: PreconditionerError.notSquare(rows: 1, columns: 2)) { try AMGHierarchy(CSRMatrix(dense: [[1, 1]])) }
        #expect(throws: PreconditionerError.zeroDiagonal(row: 1)) { try AMGHierarchy(CSRMatrix(dense: [[1, 1], [1, 0]])) }
        #expect(throws: PreconditionerError.nonPositivePivot(row: 0)) { try AMGHierarchy(CSRMatrix(dense: [[-1, 0], [0, 1]])) }
    }
}
