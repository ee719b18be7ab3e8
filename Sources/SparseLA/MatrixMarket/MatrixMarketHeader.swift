#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The banner and size line of a Matrix Market file.
///
/// The banner is `%%MatrixMarket <object> <format> <field> <symmetry>`, matched case-insensitively.
/// Objects `matrix` and `vector` (an `n x 1` matrix, as written by Lis and fast_matrix_market) are
/// accepted; field `double` is read as `real`.
public struct MatrixMarketHeader: Sendable, Equatable {
    /// The banner's object word.
    public enum Object: String, Sendable, Equatable {
        /// A matrix (the usual case).
        case matrix
        /// A vector: read as an `n x 1` matrix. Its size line holds `n` (array) or `n [nnz]` (coordinate;
        /// when `nnz` is omitted, as Lis writes it, `n` entries are expected).
        case vector
    }

    /// The banner's format word.
    public enum Format: String, Sendable, Equatable {
        /// `i j [value]` triplets, 1-based, any order.
        case coordinate
        /// Dense values in column-major order (only the lower triangle for symmetric kinds).
        case array
    }

    /// The banner's field word.
    public enum Field: String, Sendable, Equatable {
        /// Floating-point values (`double` is accepted as a synonym).
        case real
        /// Integer values, stored as `Double` (exact up to 2^53).
        case integer
        /// No values: every stored entry is 1.0. Only valid with `coordinate`.
        case pattern
        /// Complex values: the header is parsed (so `readHeader` works) but reading the data throws
        /// `MatrixMarketError.Kind.unsupported`, because the suite is real-valued.
        case complex
    }

    /// The banner's symmetry word.
    public enum Symmetry: String, Sendable, Equatable {
        /// Every entry is stored.
        case general
        /// `a(i,j) = a(j,i)`; one triangle is stored and mirrored on reading.
        case symmetric
        /// `a(i,j) = -a(j,i)`, zero diagonal; one strict triangle is stored.
        case skewSymmetric = "skew-symmetric"
        /// `a(i,j) = conj(a(j,i))`; for real and integer fields this is the same as `symmetric`.
        case hermitian
    }

    /// The object word (`matrix` or `vector`).
    public var object: Object
    /// Coordinate or array storage.
    public var format: Format
    /// The value field.
    public var field: Field
    /// The symmetry kind.
    public var symmetry: Symmetry
    /// Number of rows from the size line.
    public var rows: Int
    /// Number of columns from the size line (1 for a `vector` object).
    public var columns: Int
    /// Number of data entries the file declares: `nnz` of the size line for coordinate files, the number
    /// of stored values (`rows*columns`, or one triangle for symmetric kinds) for array files.
    public var declaredEntries: Int
    /// Whether the file had a `%%MatrixMarket` banner (false only with `allowMissingBanner`).
    public var hasBanner: Bool
    /// 1-based line number of the size line.
    public var sizeLine: Int

    /// Whether stored entries are mirrored across the diagonal on reading.
    public var isSymmetricKind: Bool { symmetry != .general }

    /// Creates a header (used by the reader; public for tests and for writers of other formats).
    public init(object: Object = .matrix, format: Format, field: Field, symmetry: Symmetry,
                rows: Int, columns: Int, declaredEntries: Int, hasBanner: Bool = true, sizeLine: Int = 0) {
        self.object = object
        self.format = format
        self.field = field
        self.symmetry = symmetry
        self.rows = rows
        self.columns = columns
        self.declaredEntries = declaredEntries
        self.hasBanner = hasBanner
        self.sizeLine = sizeLine
    }

    /// The banner line that describes this header, e.g. `%%MatrixMarket matrix coordinate real general`.
    public var bannerLine: String {
        "%%MatrixMarket \(object.rawValue) \(format.rawValue) \(field.rawValue) \(symmetry.rawValue)"
    }
}

/// Options for reading Matrix Market data. The defaults are strict: non-finite values and a missing
/// banner are errors.
public struct MatrixMarketReadOptions: Sendable {
    /// Accept `nan`, `inf`, `infinity` (any case, optional sign) as values instead of throwing
    /// `.nonFinite`; `MatrixMarketFile.nonFiniteCount` reports how many were read. Default `false`.
    public var allowNonFinite: Bool
    /// Accept data without a `%%MatrixMarket` banner: the first data line is the size line, and its number
    /// of integers decides the format (3: `coordinate real general`, 2: `array real general`).
    /// Default `false` (a missing banner throws `.missingBanner`).
    public var allowMissingBanner: Bool
    /// Upper bound, in bytes, on the memory the reader may allocate for the result (row pointers, entries,
    /// the dense array of array-format files). Checked before allocating; exceeding it throws `.tooLarge`.
    /// Independently of this option, a result may not need more than max(1 GiB, 64 x the data size):
    /// real matrices need far less, so only sizes the file cannot back up (billions of empty rows) are refused.
    /// Default: a quarter of physical memory.
    public var maxMemoryBytes: Int
    /// Upper bound on the decompressed size of gzip data, in bytes; a larger stream throws `.tooLarge`
    /// (guards against decompression bombs). Default: a quarter of physical memory.
    public var maxDecompressedBytes: Int
    /// Keep the comment lines found between the banner and the size line in `MatrixMarketFile.comments`.
    public var keepComments: Bool
    /// Whether large coordinate files may be parsed by several threads (internal switch for tests).
    var parallel: Bool = true

    /// Creates read options; every parameter has the documented default.
    public init(allowNonFinite: Bool = false, allowMissingBanner: Bool = false,
                maxMemoryBytes: Int? = nil, maxDecompressedBytes: Int? = nil, keepComments: Bool = true) {
        let quarter = Int(clamping: ProcessInfoLite.physicalMemory / 4)
        self.allowNonFinite = allowNonFinite
        self.allowMissingBanner = allowMissingBanner
        self.maxMemoryBytes = maxMemoryBytes ?? quarter
        self.maxDecompressedBytes = maxDecompressedBytes ?? quarter
        self.keepComments = keepComments
    }
}

/// Physical memory without Foundation (sysconf).
enum ProcessInfoLite {
    static var physicalMemory: UInt64 {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        if pages <= 0 || size <= 0 { return 8 << 30 }
        return UInt64(pages) &* UInt64(size)
    }
}

/// The result of reading a Matrix Market file.
public struct MatrixMarketFile: Sendable {
    /// The path or name the data came from.
    public var name: String
    /// Banner and size line.
    public var header: MatrixMarketHeader
    /// The matrix, fully expanded: symmetric kinds are mirrored (skew with a sign change), duplicates
    /// summed, pattern entries set to 1. Array-format files keep only nonzero values in the CSR form
    /// (the full dense values are in `dense`).
    public var matrix: CSRMatrix
    /// Number of data entries read from the file (before mirroring and duplicate summation).
    public var storedEntries: Int
    /// Number of NaN or infinite values read (always 0 unless `allowNonFinite`).
    public var nonFiniteCount: Int
    /// Comment lines between the banner and the size line, without the leading `%`.
    public var comments: [String]
    /// For array-format files: all `rows*columns` values, column-major, after mirroring. `nil` for coordinate.
    public var dense: [Double]?
}
