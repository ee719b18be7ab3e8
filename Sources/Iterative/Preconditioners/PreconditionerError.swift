/// Why a preconditioner could not be built from a matrix.
///
/// Thrown by the initializers of `IncompleteCholesky`, `IncompleteLU` and
/// `SmoothedAggregationAMG`; the associated values name the offending row (zero based).
public enum PreconditionerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The matrix is not square.
    case notSquare(rows: Int, columns: Int)
    /// The diagonal entry of `row` is not stored, so a zero-fill factorization cannot pivot on it.
    case missingDiagonal(row: Int)
    /// IC(0): the pivot `a_ii − Σ l_ik²` of `row` is ≤ 0 (or not finite); the matrix is not SPD
    /// or the incomplete factorization broke down. `shift` is the diagonal shift α in use (0 = none).
    case nonPositivePivot(row: Int, shift: Double)
    /// ILU(0): the pivot `u_ii` of `row` is zero (|u_ii| ≤ 1e-14·max|a_ij| of the row) or not finite.
    case zeroPivot(row: Int, shift: Double)
    /// A stored value is NaN or infinite.
    case notFinite(row: Int)
    /// An automatic diagonal shift reached its attempt limit without a successful factorization.
    case shiftLimitReached(lastShift: Double, attempts: Int)
    /// The coarsest AMG operator could not be factored or pseudo-inverted.
    case coarseSolveFailed(size: Int, info: Int)

    /// Convenience for `nonPositivePivot(row:shift:)` with no shift.
    public static func nonPositivePivot(row: Int) -> PreconditionerError { .nonPositivePivot(row: row, shift: 0) }

    public var description: String {
        switch self {
        case let .notSquare(r, c): return "preconditioner needs a square matrix, got \(r)x\(c)"
        case let .missingDiagonal(r): return "diagonal entry of row \(r) is not stored"
        case let .nonPositivePivot(r, s): return "non-positive pivot in IC(0) at row \(r) (diagonal shift \(s))"
        case let .zeroPivot(r, s): return "zero pivot in ILU(0) at row \(r) (diagonal shift \(s))"
        case let .notFinite(r): return "non-finite value in row \(r)"
        case let .shiftLimitReached(s, n): return "diagonal shift failed after \(n) attempts (last shift \(s))"
        case let .coarseSolveFailed(n, info): return "coarsest AMG operator (\(n)x\(n)) could not be factored (LAPACK info \(info))"
        }
    }
}

/// What an incomplete factorization does when a pivot breaks down.
///
/// With `.automatic`, the factorization of `A + α·S` is retried, where `S` is a diagonal
/// (`S_ii = |a_ii|`, or the row's largest |a_ij| when `a_ii = 0`) — Manteuffel's shifted
/// incomplete factorization. α starts at `initial` and is multiplied by `growth` after each failure,
/// at most `maxAttempts` times; the α finally used is reported by the preconditioner (`shift`).
public enum ShiftStrategy: Sendable, Equatable {
    /// Never shift: a bad pivot throws `PreconditionerError`.
    case none
    /// Factor `A` first; on breakdown retry with α = initial, initial·growth, … (see type docs).
    case automatic(initial: Double = 1e-3, growth: Double = 2, maxAttempts: Int = 30)

    /// The sequence of shifts to try, first 0 (unshifted).
    var shifts: [Double] {
        switch self {
        case .none: return [0]
        case let .automatic(initial, growth, maxAttempts):
            var s: [Double] = [0]
            var a = max(initial, Double.leastNormalMagnitude)
            for _ in 0..<max(0, maxAttempts) { s.append(a); a *= max(growth, 1.0000001) }
            return s
        }
    }
}
