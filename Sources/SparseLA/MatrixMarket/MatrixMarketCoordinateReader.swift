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

    static func read(_ s: inout MatrixMarketScanner, header: MatrixMarketHeader,
                     options: MatrixMarketReadOptions) throws(MatrixMarketError) -> Result {
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

        var rowIndex = [Int32](); rowIndex.reserveCapacity(expandedCapacity)
        var columnIndex = [Int32](); columnIndex.reserveCapacity(expandedCapacity)
        var values = [Double](); values.reserveCapacity(expandedCapacity)
        var nonFinite = 0
        let allowNonFinite = options.allowNonFinite

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
            let r = Int32(truncatingIfNeeded: i - 1), c = Int32(truncatingIfNeeded: j - 1)
            if mirror && i == j && symmetry == .skewSymmetric && v != 0 {
                throw s.error(.indexOutOfRange, "skew-symmetric matrix stores nonzero diagonal entry (\(i), \(j))")
            }
            try s.endOfLine(expected: isVector ? (pattern ? "index" : "index value") : (pattern ? "row column" : "row column value"))
            rowIndex.append(r); columnIndex.append(c); values.append(v)
            if mirror && i != j {
                rowIndex.append(c); columnIndex.append(r)
                values.append(symmetry == .skewSymmetric ? -v : v)
            }
        }
        if s.skipToData() {
            throw s.error(.tooManyEntries, "more data after the \(declared) entries declared on line \(header.sizeLine): \(s.tokenExcerpt())")
        }
        var builder = TripletBuilder(rows: rows, columns: columns)
        builder.rowIndex = rowIndex
        builder.columnIndex = columnIndex
        builder.entries = values
        rowIndex = []; columnIndex = []; values = []
        return Result(matrix: builder.build(), storedEntries: declared, nonFiniteCount: nonFinite)
    }

    /// Parses one value field and applies the field's rules (finite unless allowed, integral for `integer`).
    @inline(__always)
    static func readValue(_ s: inout MatrixMarketScanner, integer: Bool, allowNonFinite: Bool,
                          nonFinite: inout Int) throws(MatrixMarketError) -> Double {
        var v = 0.0
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
