/// Writes matrices and vectors in Matrix Market format.
///
/// Numbers use Swift's shortest round-trip representation (`Double.description`), so reading a written
/// file gives back bit-identical values (non-finite values are written `nan`, `inf`, `-inf` and need
/// `allowNonFinite` to be read back). Coordinate output is row by row, columns increasing.
extension MatrixMarket {
    /// Encodes a matrix as `coordinate real general`, or `coordinate real symmetric` (lower triangle only)
    /// when `symmetric` is true. `comment` lines (split at newlines) follow the banner, each prefixed `%`.
    ///
    /// Complexity: O(rows + nnz).
    /// - Throws: `MatrixMarketError.Kind.notSymmetric` if `symmetric` is requested for a matrix that is not
    ///   exactly symmetric.
    public static func encode(_ m: CSRMatrix, symmetric: Bool = false, comment: String? = nil) throws(MatrixMarketError) -> [UInt8] {
        if symmetric && !(m.isSquare && m.isSymmetric()) {
            throw MatrixMarketError(kind: .notSymmetric, file: "<output>", line: 0,
                                    reason: "cannot write a symmetric Matrix Market file: the \(m.rows)x\(m.columns) matrix is not symmetric")
        }
        var count = 0
        if symmetric {
            for i in 0..<m.rows {
                for k in m.rowPointers[i]..<m.rowPointers[i + 1] where Int(m.columnIndices[k]) <= i { count += 1 }
            }
        } else {
            count = m.nnz
        }
        var out = [UInt8]()
        out.reserveCapacity(64 + count * 28)
        append(&out, "%%MatrixMarket matrix coordinate real \(symmetric ? "symmetric" : "general")\n")
        appendComment(&out, comment)
        append(&out, "\(m.rows) \(m.columns) \(count)\n")
        m.rowPointers.withUnsafeBufferPointer { rp in
            m.columnIndices.withUnsafeBufferPointer { ci in
                m.values.withUnsafeBufferPointer { v in
                    for i in 0..<m.rows {
                        for k in rp[i]..<rp[i + 1] {
                            let j = Int(ci[k])
                            if symmetric && j > i { continue }
                            appendInteger(&out, i + 1)
                            out.append(0x20)
                            appendInteger(&out, j + 1)
                            out.append(0x20)
                            appendDouble(&out, v[k])
                            out.append(0x0A)
                        }
                    }
                }
            }
        }
        return out
    }

    /// Encodes a vector as an `n x 1` `array real general` matrix.
    /// Complexity: O(n).
    public static func encodeVector(_ v: [Double], comment: String? = nil) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(64 + v.count * 24)
        append(&out, "%%MatrixMarket matrix array real general\n")
        appendComment(&out, comment)
        append(&out, "\(v.count) 1\n")
        for x in v {
            appendDouble(&out, x)
            out.append(0x0A)
        }
        return out
    }

    /// Writes a matrix to `path` (gzip-compressed when the path ends in `.gz`); see `encode`.
    /// - Throws: `MatrixMarketError` (`.io` on write failure, `.notSymmetric`).
    public static func write(_ m: CSRMatrix, to path: String, symmetric: Bool = false, comment: String? = nil) throws(MatrixMarketError) {
        let bytes: [UInt8]
        do { bytes = try encode(m, symmetric: symmetric, comment: comment) } catch {
            throw MatrixMarketError(kind: error.kind, file: path, line: 0, reason: error.reason)
        }
        try MatrixMarketIO.writeFile(path, bytes)
    }

    /// Writes a vector to `path` as an `n x 1` array (gzip-compressed when the path ends in `.gz`).
    /// - Throws: `MatrixMarketError.Kind.io` on write failure.
    public static func writeVector(_ v: [Double], to path: String, comment: String? = nil) throws(MatrixMarketError) {
        try MatrixMarketIO.writeFile(path, encodeVector(v, comment: comment))
    }

    static func append(_ out: inout [UInt8], _ s: String) {
        out.append(contentsOf: s.utf8)
    }

    static func appendComment(_ out: inout [UInt8], _ comment: String?) {
        guard let comment else { return }
        for line in comment.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(0x25)
            append(&out, String(line.filter { $0 != "\r" }))
            out.append(0x0A)
        }
    }

    @inline(__always)
    static func appendInteger(_ out: inout [UInt8], _ value: Int) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var k = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[k] = UInt8(truncatingIfNeeded: n % 10) + 0x30
                n /= 10
                k += 1
            } while n > 0
            while k > 0 { k -= 1; out.append(d[k]) }
        }
    }

    @inline(__always)
    static func appendDouble(_ out: inout [UInt8], _ value: Double) {
        out.append(contentsOf: value.description.utf8)
    }
}
