import SparseLA

/// Why a preconditioner (or a stationary method's setup) could not be built from a matrix.
public enum PreconditionerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// Diagonal entry `row` is zero, missing or not finite (Jacobi, SSOR and relaxation divide by it).
    case zeroDiagonal(row: Int)
    /// The relaxation factor is outside (0, 2).
    case invalidOmega(Double)

    public var description: String {
        switch self {
        case let .notSquare(r, c): return "preconditioner needs a square matrix, got \(r)x\(c)"
        case .zeroDiagonal(let i): return "zero, missing or non-finite diagonal entry in row \(i)"
        case .invalidOmega(let w): return "relaxation factor omega = \(w) outside (0, 2)"
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
