/// What an incomplete factorization (IC(0), ILU(0)) does when a pivot breaks down.
///
/// With `.automatic`, the factorization of `A + α·S` is retried, where `S` is a diagonal
/// (`S_ii = a_ii`, or the row's largest |a_ij| when `a_ii = 0`): Manteuffel's shifted
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

extension ShiftStrategy {
    /// The shift-retry loop shared by IC(0) and ILU(0): for each α of `shifts` in turn, copies
    /// `values` and runs `factor(α, &copy)`, which factors in place and returns -1 on success or
    /// the row whose pivot failed.
    /// - Returns: the factored values, the α used and the number of attempts.
    /// - Throws: `pivotError(row)` for the failing row when no shift is allowed (`.none`),
    ///   otherwise `.shiftLimitReached` once every shift has failed.
    func factorWithShifts(_ values: [Double], pivotError: (_ row: Int) -> PreconditionerError,
                          factor: (_ alpha: Double, _ values: inout [Double]) -> Int)
        throws(PreconditionerError) -> (values: [Double], shift: Double, attempts: Int) {
        var attempts = 0
        var lastFailure = 0
        var lastShift = 0.0
        for alpha in shifts {
            attempts += 1
            lastShift = alpha
            var factored = values
            let failedRow = factor(alpha, &factored)
            if failedRow < 0 { return (factored, alpha, attempts) }
            lastFailure = failedRow
        }
        if case .none = self { throw pivotError(lastFailure) }
        throw .shiftLimitReached(lastShift: lastShift, attempts: attempts)
    }
}
