/// Reads the data of an `array` Matrix Market file: values in column-major order, only the lower
/// triangle (with diagonal) for symmetric/hermitian files and the strict lower triangle for
/// skew-symmetric ones. Values are separated by any white space (one per line is the norm); blank and
/// `%` comment lines may appear anywhere. Produces the full dense column-major array (mirrored) and a
/// CSR matrix holding its nonzero values. Time O(bytes + rows*columns); memory O(rows*columns),
/// checked against `maxMemoryBytes` and bounded by the file size before allocating.
enum MatrixMarketArrayReader {
    struct Result {
        var matrix: CSRMatrix
        var dense: [Double]
        var storedEntries: Int
        var nonFiniteCount: Int
    }

    static func read(_ s: inout MatrixMarketScanner, header: MatrixMarketHeader,
                     options: MatrixMarketReadOptions) throws(MatrixMarketError) -> Result {
        let declared = header.declaredEntries
        let rows = header.rows, columns = header.columns
        let integer = header.field == .integer
        // Dense result (8 bytes per cell) plus at most the same in CSR (12 per cell) and row pointers.
        let cells = rows.multipliedReportingOverflow(by: columns)
        let (cellBytes, o1) = cells.partialValue.multipliedReportingOverflow(by: 20)
        let (total, o2) = cellBytes.addingReportingOverflow(8 * (rows + 1))
        let limit = MatrixMarketScanner.memoryLimit(options: options, fileBytes: s.count)
        if cells.overflow || o1 || o2 || total > limit {
            throw s.error(.tooLarge, "a dense \(rows)x\(columns) array needs more than the limit of \(limit) bytes (\(MatrixMarketScanner.limitExplanation))", line: header.sizeLine)
        }
        // Each value takes at least 2 bytes ("1\n"); never reserve beyond what the file could hold.
        var stored = [Double]()
        stored.reserveCapacity(Swift.min(declared, s.remaining / 2 + 1))
        var nonFinite = 0
        for k in 0..<declared {
            guard s.skipToData() else {
                throw s.error(.tooFewEntries, "file ends after \(k) of the \(declared) values declared on line \(header.sizeLine)", line: s.lastLine)
            }
            let v = try MatrixMarketCoordinateReader.readValue(&s, integer: integer, allowNonFinite: options.allowNonFinite, nonFinite: &nonFinite)
            stored.append(v)
        }
        if s.skipToData() {
            throw s.error(.tooManyEntries, "more data after the \(declared) values declared on line \(header.sizeLine): \(s.tokenExcerpt())")
        }

        var dense: [Double]
        switch header.symmetry {
        case .general:
            dense = stored
        case .symmetric, .hermitian, .skewSymmetric:
            let n = rows
            let skew = header.symmetry == .skewSymmetric
            dense = [Double](repeating: 0, count: n * n)
            var k = 0
            for j in 0..<n {
                for i in (skew ? j + 1 : j)..<n {
                    let v = stored[k]; k += 1
                    dense[j * n + i] = v
                    dense[i * n + j] = skew ? -v : v
                }
            }
        }
        stored = []

        var rowPointers = [Int](repeating: 0, count: rows + 1)
        var columnIndices = [Int32](), values = [Double]()
        for i in 0..<rows {
            for j in 0..<columns {
                let v = dense[j * rows + i]
                if v != 0 || v.isNaN {
                    columnIndices.append(Int32(truncatingIfNeeded: j))
                    values.append(v)
                }
            }
            rowPointers[i + 1] = values.count
        }
        let matrix = CSRMatrix(uncheckedRows: rows, columns: columns, rowPointers: rowPointers,
                               columnIndices: columnIndices, values: values)
        return Result(matrix: matrix, dense: dense, storedEntries: declared, nonFiniteCount: nonFinite)
    }
}
