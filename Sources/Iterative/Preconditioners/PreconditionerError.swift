import SparseLA

/// Why a preconditioner (or a stationary method's setup) could not be built from a matrix.
public enum PreconditionerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// Diagonal entry `row` is zero, missing or not finite (Jacobi, SSOR and relaxation divide by it).
    case zeroDiagonal(row: Int)
    /// The relaxation factor is outside (0, 2).
    case invalidOmega(Double)
    /// IC(0): the pivot `a_ii − Σ l_ik²` of `row` is ≤ 0 (or not finite); the matrix is not SPD
    /// or the incomplete factorization broke down. `shift` is the diagonal shift α in use (0 = none).
    case nonPositivePivot(row: Int, shift: Double)
    /// ILU(0): the pivot `u_ii` of `row` is zero (|u_ii| ≤ 1e-14·max_j|a_ij|) or not finite.
    case zeroPivot(row: Int, shift: Double)
    /// A stored value of `row` is NaN or infinite.
    case notFinite(row: Int)
    /// An automatic diagonal shift reached its attempt limit without a successful factorization.
    case shiftLimitReached(lastShift: Double, attempts: Int)
    /// The coarsest AMG operator could not be factored or pseudo-inverted (LAPACK `info`).
    case coarseSolveFailed(size: Int, info: Int)

    /// `nonPositivePivot(row:shift:)` with no shift.
    public static func nonPositivePivot(row: Int) -> PreconditionerError { .nonPositivePivot(row: row, shift: 0) }

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case let .notSquare(r, c): return "preconditioner needs a square matrix, got \(r)x\(c)"
        case .zeroDiagonal(let i): return "zero, missing or non-finite diagonal entry in row \(i)"
        case .invalidOmega(let w): return "relaxation factor omega = \(w) outside (0, 2)"
        case let .nonPositivePivot(r, s): return "non-positive pivot in IC(0) at row \(r) (diagonal shift \(s))"
        case let .zeroPivot(r, s): return "zero pivot in ILU(0) at row \(r) (diagonal shift \(s))"
        case let .notFinite(r): return "non-finite value in row \(r)"
        case let .shiftLimitReached(s, n): return "diagonal shift failed after \(n) attempts (last shift \(s))"
        case let .coarseSolveFailed(n, info): return "coarsest AMG operator (\(n)x\(n)) could not be factored (LAPACK info \(info))"
        }
    }
}

extension CSRMatrix {
    /// Position of each row's diagonal entry in `values` and the reciprocal diagonal.
    /// - Throws: `PreconditionerError.notSquare`, `.zeroDiagonal(row:)` (missing, zero or non-finite).
    /// Complexity: O(nnz).
    func diagonalPositions() throws(PreconditionerError) -> (positions: [Int], inverse: [Double]) {
        guard rows == columns else { throw .notSquare(rows: rows, columns: columns) }
        var pos = [Int](repeating: -1, count: rows)
        var inv = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] where Int(columnIndices[k]) == i {
                pos[i] = k
                inv[i] = 1 / values[k]
            }
            guard pos[i] >= 0, values[pos[i]] != 0, inv[i].isFinite else { throw .zeroDiagonal(row: i) }
        }
        return (pos, inv)
    }
}
