/// Reads the data lines of a `coordinate` Matrix Market file into a `CSRMatrix`.
///
/// Each data line is `i j value` (`i j` for `pattern`, `i value` for a `vector` object), 1-based.
/// Blank lines and `%` comment lines may appear anywhere between entries. Duplicates are summed
/// (like SciPy). For symmetric kinds every off-diagonal entry is mirrored (negated for skew-symmetric);
/// entries in the upper triangle are accepted and mirrored the same way, so a file that stores both
/// `(i,j)` and `(j,i)` gets their sum in both places. A skew-symmetric file may store only zero on the
/// diagonal. Time O(bytes + nnz + rows); memory O(nnz + rows), bounded by the file size before allocating.
enum MatrixMarketCoordinateReader {
    struct Result {
        var matrix: CSRMatrix
        var storedEntries: Int
        var nonFiniteCount: Int
    }

    static func read(_ scanner: inout MatrixMarketScanner, header: MatrixMarketHeader,
                     options: MatrixMarketReadOptions) throws(MatrixMarketError) -> Result {
        // Work on a local copy so the optimizer can keep the cursor in registers.
        var s = scanner
        defer { scanner = s }
        let declared = header.declaredEntries
        let isVector = header.object == .vector
        let pattern = header.field == .pattern
        let integer = header.field == .integer
        let symmetry = header.symmetry
        let mirror = symmetry != .general
        let rows = header.rows, columns = header.columns

        // Never reserve more entries than the remaining bytes could hold ("i j v\n" is at least 6 bytes).
        let minBytes = (isVector ? 2 : 4) + (pattern ? 0 : 2)
        let plausible = Swift.min(declared, s.remaining / minBytes + 1)
        let expandedCapacity = mirror ? 2 * plausible : plausible
        // Memory: the triplets (4+4+8 bytes), the CSR copy (4+8), row pointers and counters (2 x 8 per row).
        let (rowBytes, o1) = (rows + 1).multipliedReportingOverflow(by: 24)
        let (entryBytes, o2) = expandedCapacity.multipliedReportingOverflow(by: 28)
        let (estimate, o3) = rowBytes.addingReportingOverflow(entryBytes)
        let limit = MatrixMarketScanner.memoryLimit(options: options, fileBytes: s.count)
        if o1 || o2 || o3 || estimate > limit {
            throw s.error(.tooLarge, "a \(rows)x\(columns) matrix with \(declared) entries needs about \(o1 || o2 || o3 ? "more than Int.max" : "\(estimate)") bytes, over the limit of \(limit) bytes (\(MatrixMarketScanner.limitExplanation))", line: header.sizeLine)
        }

        // Triplets go into raw buffers sized by the (file-bounded) capacity; `grow` handles the impossible-
        // in-practice case of more entries than the estimate, so the hot loop has no array bookkeeping.
        var capacity = Swift.max(expandedCapacity, 2)
        var rowIndex = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        var columnIndex = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        var values = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        defer { rowIndex.deallocate(); columnIndex.deallocate(); values.deallocate() }
        var n = 0
        var nonFinite = 0
        let allowNonFinite = options.allowNonFinite
        let skew = symmetry == .skewSymmetric
        let expected: StaticString = isVector ? (pattern ? "index" : "index value") : (pattern ? "row column" : "row column value")

        for k in 0..<declared {
            guard s.skipToData() else {
                throw s.error(.tooFewEntries, "file ends after \(k) of the \(declared) entries declared on line \(header.sizeLine)", line: s.lastLine)
            }
            let i = try s.parseIndex("row index")
            var j = 1
            if !isVector {
                try s.separator(before: "column index")
                j = try s.parseIndex("column index")
            }
            var v = 1.0
            if !pattern {
                try s.separator(before: "value")
                v = try readValue(&s, integer: integer, allowNonFinite: allowNonFinite, nonFinite: &nonFinite)
            }
            guard i >= 1 && i <= rows else {
                throw s.error(.indexOutOfRange, "row index \(i) outside 1...\(rows)")
            }
            guard j >= 1 && j <= columns else {
                throw s.error(.indexOutOfRange, "column index \(j) outside 1...\(columns)")
            }
            if skew && i == j && v != 0 {
                throw s.error(.indexOutOfRange, "skew-symmetric matrix stores nonzero diagonal entry (\(i), \(j))")
            }
            try s.endOfLine(expected: expected)
            if n + 2 > capacity {
                capacity *= 2
                grow(&rowIndex, n, capacity); grow(&columnIndex, n, capacity); grow(&values, n, capacity)
            }
            let r = Int32(truncatingIfNeeded: i - 1), c = Int32(truncatingIfNeeded: j - 1)
            rowIndex[n] = r; columnIndex[n] = c; values[n] = v
            n += 1
            if mirror && i != j {
                rowIndex[n] = c; columnIndex[n] = r; values[n] = skew ? -v : v
                n += 1
            }
        }
        if s.skipToData() {
            throw s.error(.tooManyEntries, "more data after the \(declared) entries declared on line \(header.sizeLine): \(s.tokenExcerpt())")
        }
        let matrix = MatrixMarketAssembly.csr(rows: rows, columns: columns, rowIndex: rowIndex,
                                              columnIndex: columnIndex, values: values, count: n)
        return Result(matrix: matrix, storedEntries: declared, nonFiniteCount: nonFinite)
    }

    static func grow<T>(_ p: inout UnsafeMutablePointer<T>, _ count: Int, _ capacity: Int) {
        let q = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        q.moveInitialize(from: p, count: count)
        p.deallocate()
        p = q
    }

    /// Parses one value field and applies the field's rules (finite unless allowed, integral for `integer`).
    @inline(__always)
    static func readValue(_ s: inout MatrixMarketScanner, integer: Bool, allowNonFinite: Bool,
                          nonFinite: inout Int) throws(MatrixMarketError) -> Double {
        var v = 0.0
        if integer, let exact = s.parseSmallInteger() {
            return exact
        }
        switch s.parseReal(&v) {
        case .ok: break
        case .notANumber: throw s.error(.invalidNumber, "expected a number, found \(s.tokenExcerpt())")
        case .overflow: throw s.error(.valueOverflow, "value \(s.tokenExcerpt()) overflows Double")
        }
        if !v.isFinite {
            if !allowNonFinite {
                throw s.error(.nonFinite, "non-finite value \(v) (set MatrixMarketReadOptions.allowNonFinite to accept)")
            }
            nonFinite += 1
        } else if integer && v != v.rounded(.towardZero) {
            throw s.error(.invalidNumber, "non-integer value \(v) in an 'integer' file")
        }
        return v
    }
}
