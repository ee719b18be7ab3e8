/// An error raised while reading or writing a Matrix Market file.
///
/// Every error names the file (the path, or the `name` given to `MatrixMarket.parse`), the
/// 1-based line where the problem was found (0 when no line applies, e.g. the file cannot be
/// opened) and a human-readable reason. `kind` classifies the problem for programs.
/// `description` is one line, `"file:line: reason"`, suitable for a CLI's stderr.
public struct MatrixMarketError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, independent of the wording of `reason`.
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be opened, read or written (the reason carries `strerror`).
        case io
        /// The data looked gzip-compressed but could not be decompressed (corrupt or truncated stream).
        case gzip
        /// The file (after decompression) contains no bytes, or only white space.
        case emptyFile
        /// The first line is not a `%%MatrixMarket` banner (see `MatrixMarketReadOptions.allowMissingBanner`).
        case missingBanner
        /// The banner is present but malformed: unknown object/format/field/symmetry word, missing words,
        /// or a combination that makes no sense (`pattern` with `array`, `pattern hermitian`, ...).
        case invalidBanner
        /// The banner is valid but asks for something this reader does not support (the `complex` field).
        case unsupported
        /// The size line is missing, malformed, has the wrong number of numbers, or describes an impossible
        /// shape (a non-square symmetric matrix, a negative size).
        case invalidSizeLine
        /// The declared size would need more memory than `MatrixMarketReadOptions.maxMemoryBytes`, or exceeds
        /// the 32-bit index range of `CSRMatrix`.
        case tooLarge
        /// A data line has missing or extra fields.
        case invalidEntry
        /// A field that should be a number is not one (or an `integer` field holds a non-integer).
        case invalidNumber
        /// A value is NaN or infinite and `allowNonFinite` is off.
        case nonFinite
        /// A value is finite in decimal but too large for `Double` (e.g. `1e400`).
        case valueOverflow
        /// A row or column index is outside `1...rows` / `1...columns`, or a skew-symmetric file stores a
        /// nonzero diagonal entry.
        case indexOutOfRange
        /// The file ends before the declared number of entries was read (a truncated file).
        case tooFewEntries
        /// More data follows after the declared number of entries.
        case tooManyEntries
        /// `readVector` was given a matrix with more than one row and more than one column.
        case notAVector
        /// The writer was asked to write a symmetric file for a matrix that is not symmetric.
        case notSymmetric
    }

    /// The classification of the problem.
    public let kind: Kind
    /// The path or name of the data that was being read or written.
    public let file: String
    /// 1-based line number where the problem was detected; 0 when no line applies.
    public let line: Int
    /// What is wrong, in words (no file or line prefix).
    public let reason: String

    /// Creates an error; used by the reader and writer, public so wrappers can build their own.
    public init(kind: Kind, file: String, line: Int, reason: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// One readable line: `"file:line: reason"` (or `"file: reason"` when `line == 0`).
    public var description: String {
        line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)"
    }
}
