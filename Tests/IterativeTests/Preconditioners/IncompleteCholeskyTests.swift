import Testing
import SparseLA
@testable import Iterative

@Suite struct IncompleteCholeskyTests {
    @Test func equalsExactCholeskyOnTridiagonal() throws {
        // SPD tridiagonal: zero fill is exact, so IC(0) = Cholesky.
        let a = DenseTestHelpers.tridiagonal(12, lower: -1, diagonal: 4, upper: -1)
        let sym = a.toDense().enumerated().map { (i, row) in row.enumerated().map { (j, v) in j <= i ? v : a[j, i] } }
        let spd = CSRMatrix(dense: sym)
        let ic = try IncompleteCholesky(spd)
        let exact = try #require(DenseTestHelpers.cholesky(sym))
        #expect(DenseTestHelpers.maxAbsDifference(ic.factor.toDense(), exact) < 1e-13)
        #expect(ic.shift == 0 && ic.attempts == 1)
        // Applying M⁻¹ solves the system exactly.
        let x = (0..<12).map { Double($0 % 5) - 2 }
        let b = spd.multiplied(by: x)
        var z = [Double](repeating: 0, count: 12)
        ic.apply(b, into: &z)
        for i in 0..<12 { #expect(abs(z[i] - x[i]) < 1e-12) }
    }

    @Test func patternIsLowerTriangleOf2DLaplacian() throws {
        let a = CSRMatrix.laplacian2D(6)
        let ic = try IncompleteCholesky(a)
        // nnz(L) = (nnz(A) + n) / 2 and (L Lᵀ)_ij = a_ij on the pattern of A.
        #expect(ic.factor.nnz == (a.nnz + a.rows) / 2)
        let l = ic.factor.toDense()
        let n = a.rows
        for i in 0..<n {
            for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
                let j = Int(a.columnIndices[k])
                var s = 0.0
                for m in 0..<n { s += l[i][m] * l[j][m] }
                #expect(abs(s - a.values[k]) < 1e-12)
            }
        }
    }

    @Test func indefiniteMatrixThrowsOrShifts() throws {
        let a = CSRMatrix(dense: [[1, 2], [2, 1]])
        #expect(throws: PreconditionerError.nonPositivePivot(row: 1, shift: 0)) { try IncompleteCholesky(a) }
        let shifted = try IncompleteCholesky(a, shiftStrategy: .automatic(initial: 1e-3))
        #expect(shifted.shift > 1)     // needs (1+α)² > 4
        #expect(shifted.attempts > 1)
        #expect(throws: PreconditionerError.shiftLimitReached(lastShift: 2e-3, attempts: 3)) {
            try IncompleteCholesky(a, shiftStrategy: .automatic(initial: 1e-3, growth: 2, maxAttempts: 2))
        }
    }

    @Test func kershawBreakdownIsSPDButNeedsShift() throws {
        // Kershaw's SPD matrix on which IC(0) breaks down.
        let dense: [[Double]] = [[3, -2, 0, 2], [-2, 3, -2, 0], [0, -2, 3, -2], [2, 0, -2, 3]]
        #expect(DenseTestHelpers.cholesky(dense) != nil)
        let a = CSRMatrix(dense: dense)
        var failed = false
        do { _ = try IncompleteCholesky(a) } catch { failed = true; #expect(error == .nonPositivePivot(row: 3, shift: 0)) }
        #expect(failed)
        let shifted = try IncompleteCholesky(a, shiftStrategy: .automatic())
        #expect(shifted.shift > 0)
        let r: [Double] = [1, 2, 3, 4]
        var z = [Double](repeating: 0, count: 4)
        shifted.apply(r, into: &z)
        #expect(z.allSatisfy { $0.isFinite })
    }

    @Test func badInputIsTyped() {
        #expect(throws: PreconditionerError.notSquare(rows: 2, columns: 3)) {
            try IncompleteCholesky(CSRMatrix(dense: [[1, 0, 0], [0, 1, 0]]))
        }
        #expect(throws: PreconditionerError.zeroDiagonal(row: 1)) {
            try IncompleteCholesky(CSRMatrix(dense: [[1, 1], [1, 0]]))
        }
        #expect(throws: PreconditionerError.nonPositivePivot(row: 0, shift: 0)) {
            try IncompleteCholesky(CSRMatrix(dense: [[-1, 0], [0, 1]]), shiftStrategy: .automatic())
        }
        #expect(throws: PreconditionerError.notFinite(row: 0)) {
            try IncompleteCholesky(CSRMatrix(dense: [[.nan, 0], [0, 1]]))
        }
    }
}
