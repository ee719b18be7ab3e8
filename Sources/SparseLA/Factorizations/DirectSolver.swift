/// Which sparse direct method to use.
public enum DirectMethod: String, Sendable, CaseIterable, Equatable {
    /// Cholesky for symmetric input with a positive diagonal (falling back to LU when Cholesky
    /// reports not positive definite), LU (UMFPACK) for other square input, QR for rectangular.
    case auto
    /// CHOLMOD supernodal Cholesky (`CholeskyFactorization`).
    case cholesky
    /// UMFPACK LU (`LUFactorization`).
    case lu
    /// KLU (`KLUFactorization`).
    case klu
    /// SPQR QR: least squares / minimum norm (`QRFactorization`).
    case qr
}

/// Outcome of `DirectSolver.solve`.
public struct DirectSolveResult: Sendable {
    /// The computed solution (`columns` entries).
    public var solution: [Double]
    /// The method that produced `solution` (never `.auto`).
    public var method: DirectMethod
    /// Statistics of the factorization that produced `solution`.
    public var info: FactorizationInfo
    /// Wall seconds for analysis + factorization, including failed attempts (e.g. a Cholesky
    /// that reported not positive definite before the LU fallback) and CSR->CSC conversion.
    public var setupSeconds: Double
    /// Wall seconds of the triangular solves.
    public var solveSeconds: Double
    /// Why `auto` moved away from its first choice (e.g. "cholesky: matrix is not positive
    /// definite ..."), or `nil`.
    public var fallbackReason: String?
}

/// One-call sparse direct solves: pick a method, factor, solve, report.
public enum DirectSolver {
    /// Factors `a` with the given method (after resolving `.auto`).
    ///
    /// `.auto`: rectangular -> QR; symmetric (to `autoSymmetryTolerance`) with all diagonal entries > 0 -> Cholesky,
    /// and if that throws `.notPositiveDefinite` -> LU; otherwise LU.
    /// - Returns: the factorization, the method used, and the fallback reason if any.
    /// - Throws: `FactorizationError` from the chosen (last tried) method; `.notSquare` if
    ///   Cholesky/LU/KLU is asked for a rectangular matrix.
    public static func factor(_ a: CSRMatrix, method: DirectMethod = .auto) throws(FactorizationError)
        -> (factorization: any DirectFactorization, method: DirectMethod, fallbackReason: String?) {
        switch method {
        case .cholesky: return (try CholeskyFactorization(a), .cholesky, nil)
        case .lu: return (try LUFactorization(a), .lu, nil)
        case .klu: return (try KLUFactorization(a), .klu, nil)
        case .qr: return (try QRFactorization(a), .qr, nil)
        case .auto:
            if !a.isSquare { return (try QRFactorization(a), .qr, nil) }
            if looksSPD(a) {
                do {
                    // Symmetry was just checked (to autoSymmetryTolerance); skip the second check.
                    return (try CholeskyFactorization(a, symmetryTolerance: nil), .cholesky, nil)
                } catch {
                    guard case .notPositiveDefinite = error else { throw error }
                    return (try LUFactorization(a), .lu, "cholesky: \(error.description); used LU")
                }
            }
            return (try LUFactorization(a), .lu, nil)
        }
    }

    /// Solves `A x = b` with a sparse direct method (least squares / minimum norm for QR).
    /// - Parameters:
    ///   - a: the matrix; `b.count` must equal `a.rows`.
    ///   - b: the right-hand side (`a.rows` finite entries).
    ///   - method: see `DirectMethod` and `factor(_:method:)` for what `.auto` picks.
    /// - Throws: `FactorizationError` (e.g. `.singular`, `.notPositiveDefinite` for an explicit
    ///   `.cholesky`, `.invalidInput` for a wrong-length or non-finite `b`).
    public static func solve(_ a: CSRMatrix, _ b: [Double], method: DirectMethod = .auto) throws(FactorizationError)
        -> DirectSolveResult {
        guard b.count == a.rows else {
            throw .invalidInput("right-hand side has \(b.count) entries, the matrix has \(a.rows) rows")
        }
        var clock = Stopwatch()
        let (f, used, reason) = try factor(a, method: method)
        let setup = clock.restart()
        let x = try f.solve(b)
        let solveTime = clock.elapsed
        return DirectSolveResult(solution: x, method: used, info: f.info, setupSeconds: setup,
                                 solveSeconds: solveTime, fallbackReason: reason)
    }

    /// Relative entrywise tolerance of the `.auto` symmetry test: files written as `general` from
    /// symmetric data often carry round-off asymmetry (ani4: ~3e-15); Cholesky then uses the lower
    /// triangle, and the reported residual is always computed with the full matrix.
    public static let autoSymmetryTolerance = 1e-12

    /// The `.auto` test for trying Cholesky: square, symmetric to `autoSymmetryTolerance`, every
    /// diagonal entry > 0. Complexity O(nnz).
    public static func looksSPD(_ a: CSRMatrix) -> Bool {
        guard a.isSquare, a.rows > 0 else { return false }
        for d in a.diagonal where !(d > 0) { return false }
        return a.isSymmetric(tolerance: autoSymmetryTolerance)
    }
}
