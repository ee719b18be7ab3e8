/// Reading and writing the Matrix Market exchange format (NIST), the format of the SuiteSparse
/// Matrix Collection.
///
/// Supported: formats `coordinate` and `array`; fields `real` (alias `double`), `integer`, `pattern`;
/// symmetries `general`, `symmetric`, `skew-symmetric`, `hermitian` (for real data the same as
/// `symmetric`); objects `matrix` and `vector`; gzip-compressed data (`.mtx.gz`, detected by content).
/// The banner is matched case-insensitively; comment lines, blank lines, CRLF line ends, leading and
/// trailing spaces and tabs are accepted anywhere. The `complex` field is recognised but rejected with
/// `MatrixMarketError.Kind.unsupported` (the suite is real-valued); `readHeader` still reports it.
///
/// Bad input never crashes, hangs or allocates without bound: every problem throws a
/// `MatrixMarketError` naming the file, the line and the reason. Sizes are checked against the file's
/// length and `MatrixMarketReadOptions.maxMemoryBytes` before anything proportional to them is allocated,
/// and the reader does a single linear pass over the bytes.
///
/// Semantics (matching SciPy's `mmread` where it has one): duplicate entries are summed; symmetric
/// files have their stored entries mirrored, including entries stored in the upper triangle (a file
/// storing both `(i,j)` and `(j,i)` gets their sum on both sides); `pattern` entries read as 1.0;
/// explicit zeros in coordinate files are kept; NaN and infinities are errors unless
/// `allowNonFinite` is set.
public enum MatrixMarket {
    /// Reads a Matrix Market file (plain or gzip-compressed) completely.
    ///
    /// Complexity: O(file size + nnz + rows) time and memory.
    /// - Throws: `MatrixMarketError` (`.io` if the file cannot be read; see `Kind` for the rest).
    public static func read(path: String, options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> MatrixMarketFile {
        let bytes = try MatrixMarketIO.readFile(path)
        return try parse(bytes, name: path, options: options)
    }

    /// Reads a Matrix Market file and returns only its matrix (fully expanded, see `MatrixMarketFile.matrix`).
    /// - Throws: `MatrixMarketError`.
    public static func readMatrix(path: String, options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> CSRMatrix {
        try read(path: path, options: options).matrix
    }

    /// Parses Matrix Market data held in memory (plain text or gzip). `name` is used in error messages.
    /// - Throws: `MatrixMarketError`.
    public static func parse(_ bytes: [UInt8], name: String = "<memory>", options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> MatrixMarketFile {
        try withBytes(bytes) { raw throws(MatrixMarketError) in try parse(raw, name: name, options: options) }
    }

    /// Parses a Matrix Market document given as a string.
    /// - Throws: `MatrixMarketError`.
    public static func parse(_ text: String, name: String = "<memory>", options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> MatrixMarketFile {
        try parse(Array(text.utf8), name: name, options: options)
    }

    /// Parses Matrix Market data in a caller-owned buffer (plain text or gzip). The buffer is only read.
    /// - Throws: `MatrixMarketError`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, name: String = "<memory>", options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> MatrixMarketFile {
        let buffer = bytes.bindMemory(to: UInt8.self)
        if MatrixMarketIO.isGzip(buffer) {
            let inflated = try MatrixMarketIO.gunzip(buffer, name: name, limit: options.maxDecompressedBytes)
            if MatrixMarketIO.isGzip(inflated.withUnsafeBufferPointer { $0 }) {
                throw MatrixMarketError(kind: .gzip, file: name, line: 0, reason: "data is gzip-compressed twice")
            }
            return try parse(inflated, name: name, options: options)
        }
        var scanner = MatrixMarketScanner(buffer, name: name)
        var comments: [String] = []
        let header = try MatrixMarketHeaderParser.parse(&scanner, options: options, comments: &comments)
        if header.field == .complex {
            throw scanner.error(.unsupported, "complex matrices are not supported (the suite is real-valued)", line: 1)
        }
        switch header.format {
        case .coordinate:
            let r = try MatrixMarketCoordinateReader.read(&scanner, header: header, options: options)
            return MatrixMarketFile(name: name, header: header, matrix: r.matrix, storedEntries: r.storedEntries,
                                    nonFiniteCount: r.nonFiniteCount, comments: comments, dense: nil)
        case .array:
            let r = try MatrixMarketArrayReader.read(&scanner, header: header, options: options)
            return MatrixMarketFile(name: name, header: header, matrix: r.matrix, storedEntries: r.storedEntries,
                                    nonFiniteCount: r.nonFiniteCount, comments: comments, dense: r.dense)
        }
    }

    /// Reads only the banner and size line (works for `complex` files too), e.g. for `solversuite info`.
    /// - Throws: `MatrixMarketError` for a missing/invalid banner or size line.
    public static func readHeader(path: String, options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> MatrixMarketHeader {
        var bytes = try MatrixMarketIO.readFile(path)
        if bytes.withUnsafeBufferPointer({ MatrixMarketIO.isGzip($0) }) {
            bytes = try withBytes(bytes) { raw throws(MatrixMarketError) in
                try MatrixMarketIO.gunzip(raw.bindMemory(to: UInt8.self), name: path, limit: options.maxDecompressedBytes)
            }
        }
        return try withBytes(bytes) { raw throws(MatrixMarketError) in
            var scanner = MatrixMarketScanner(raw.bindMemory(to: UInt8.self), name: path)
            var comments: [String] = []
            return try MatrixMarketHeaderParser.parse(&scanner, options: options, comments: &comments)
        }
    }

    /// Reads a vector (right-hand side, solution, initial guess): an `n x 1` or `1 x n` matrix in array or
    /// coordinate format, or a `vector` object. Entries missing from a coordinate file are zero.
    /// - Throws: `MatrixMarketError` (`.notAVector` for a matrix with more than one row and column).
    public static func readVector(path: String, options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) -> [Double] {
        try vector(from: read(path: path, options: options))
    }

    /// The vector stored in a parsed file (see `readVector`).
    /// - Throws: `MatrixMarketError.Kind.notAVector` when the file holds a proper matrix.
    public static func vector(from file: MatrixMarketFile) throws(MatrixMarketError) -> [Double] {
        let h = file.header
        guard h.columns == 1 || h.rows == 1 else {
            throw MatrixMarketError(kind: .notAVector, file: file.name, line: h.sizeLine,
                                    reason: "expected a vector (n x 1 or 1 x n), found a \(h.rows)x\(h.columns) matrix")
        }
        if let dense = file.dense { return dense }
        let m = file.matrix
        var out = [Double](repeating: 0, count: h.columns == 1 ? h.rows : h.columns)
        for i in 0..<m.rows {
            for k in m.rowPointers[i]..<m.rowPointers[i + 1] {
                out[h.columns == 1 ? i : Int(m.columnIndices[k])] = m.values[k]
            }
        }
        return out
    }
}

/// `Array.withUnsafeBytes` with a typed error.
@inline(__always)
func withBytes<R>(_ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(MatrixMarketError) -> R) throws(MatrixMarketError) -> R {
    let result: Result<R, MatrixMarketError> = bytes.withUnsafeBytes { raw in
        do throws(MatrixMarketError) { return .success(try body(raw)) } catch { return .failure(error) }
    }
    return try result.get()
}

extension CSRMatrix {
    /// Reads a matrix from a Matrix Market file (`MatrixMarket.readMatrix`).
    /// - Throws: `MatrixMarketError`.
    public init(matrixMarketPath path: String, options: MatrixMarketReadOptions = .init()) throws(MatrixMarketError) {
        self = try MatrixMarket.readMatrix(path: path, options: options)
    }
}
