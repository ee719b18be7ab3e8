/// Why a sparse direct factorization or solve could not be done.
///
/// Every factorization (`CholeskyFactorization`, `LUFactorization`, `KLUFactorization`,
/// `QRFactorization`) and `DirectSolver` throws only this type. Column/row indices are zero based
/// and refer to the matrix the caller passed in (library permutations are undone).
public enum FactorizationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Cholesky found a non-positive pivot: the leading principal block that ends at `column` (in
    /// the library's fill-reducing order, reported here as the original column index) is not
    /// positive definite, so the matrix is indefinite, singular, or too ill-conditioned for LLᵀ.
    case notPositiveDefinite(column: Int)
    /// A zero pivot was found (structurally or numerically singular). `column` is the original
    /// column that produced the zero pivot when the library reports it, else `nil`.
    case singular(column: Int?)
    /// A square matrix was required.
    case notSquare(rows: Int, columns: Int)
    /// The library could not allocate memory for the factor (or an integer size overflowed).
    case outOfMemory
    /// The arguments are unusable (non-finite entries, wrong vector length, different pattern on
    /// refactor, non-symmetric input to Cholesky, ...); the string says what.
    case invalidInput(String)
    /// Any other failure status returned by SuiteSparse: the library's status code and a message.
    case libraryError(code: Int, String)

    /// One readable line, suitable for a CLI's stderr.
    public var description: String {
        switch self {
        case .notPositiveDefinite(let column):
            return "matrix is not positive definite (Cholesky failed at column \(column))"
        case .singular(let column):
            if let column { return "matrix is singular (zero pivot in column \(column))" }
            return "matrix is singular (zero pivot)"
        case let .notSquare(rows, columns):
            return "matrix must be square, got \(rows)x\(columns)"
        case .outOfMemory:
            return "out of memory while factorizing"
        case .invalidInput(let why):
            return "invalid input: \(why)"
        case let .libraryError(code, message):
            return "SuiteSparse error \(code): \(message)"
        }
    }
}
