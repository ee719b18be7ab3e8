import Testing
@testable import SparseLA

@Suite struct ConditionEstimateTests {
    /// Solves with a dense matrix by Gaussian elimination with partial pivoting (test helper).
    static func denseSolve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, x = b
        let n = b.count
        for k in 0..<n {
            var p = k
            for i in k..<n where abs(m[i][k]) > abs(m[p][k]) { p = i }
            m.swapAt(k, p); x.swapAt(k, p)
            for i in (k + 1)..<n {
                let f = m[i][k] / m[k][k]
                for j in k..<n { m[i][j] -= f * m[k][j] }
                x[i] -= f * x[k]
            }
        }
        for k in stride(from: n - 1, through: 0, by: -1) {
            var s = x[k]
            for j in (k + 1)..<n { s -= m[k][j] * x[j] }
            x[k] = s / m[k][k]
        }
        return x
    }

    @Test func diagonalMatrixIsExact() {
        let a = CSRMatrix.diagonal([1, 10, 0.01, 5])
        let solve: ([Double]) -> [Double] = { v in zip(v, [1, 10, 0.01, 5]).map { $0 / $1 } }
        let est = ConditionEstimator.conditionOneNorm(a, solve: solve, solveTransposed: solve)
        #expect(abs(est - 1000) / 1000 < 1e-12)
    }

    @Test func nonsymmetricWithinFactorThree() {
        let d: [[Double]] = [[4, -2, 0, 1], [1, 5, -1, 0], [0, 3, 6, -2], [2, 0, -1, 3]]
        let a = CSRMatrix(dense: d)
        let dt = (0..<4).map { i in (0..<4).map { j in d[j][i] } }
        // Exact ‖A⁻¹‖₁ from the columns of the inverse.
        var exact = 0.0
        for j in 0..<4 {
            var e = [Double](repeating: 0, count: 4); e[j] = 1
            exact = max(exact, Self.denseSolve(d, e).reduce(0) { $0 + abs($1) })
        }
        let est = ConditionEstimator.inverseOneNorm(n: 4, solve: { Self.denseSolve(d, $0) },
                                                    solveTransposed: { Self.denseSolve(dt, $0) })
        #expect(est <= exact * (1 + 1e-12))
        #expect(est >= exact / 3)
        #expect(a.norm1 > 0)
    }
}
