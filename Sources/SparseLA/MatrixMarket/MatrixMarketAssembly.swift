/// Turns unordered `(row, column, value)` triplets into a `CSRMatrix`, summing duplicates.
///
/// Two stable counting sorts (by column, then by row) leave every row's entries in increasing column
/// order without any comparison sort, so the cost is O(nnz + rows + columns) whatever the order of the
/// file (SuiteSparse files are column-major, others row-major or unordered). Duplicates end up adjacent
/// and are summed in file order. Extra memory: 12 bytes per entry plus one `Int` per row and column.
enum MatrixMarketAssembly {
    static func csr(rows: Int, columns: Int, rowIndex: UnsafePointer<Int32>, columnIndex: UnsafePointer<Int32>,
                    values: UnsafePointer<Double>, segments: [Range<Int>]) -> CSRMatrix {
        // The triplets live in the given index ranges of the three buffers (one per parsing thread).
        let n = segments.reduce(0) { $0 + $1.count }
        // 1. Counting sort by column into (byColumnRow, byColumnValue).
        let columnStart = UnsafeMutablePointer<Int>.allocate(capacity: columns + 1)
        defer { columnStart.deallocate() }
        columnStart.initialize(repeating: 0, count: columns + 1)
        for seg in segments { for k in seg { columnStart[Int(columnIndex[k]) + 1] += 1 } }
        for c in 0..<columns { columnStart[c + 1] += columnStart[c] }
        let byColumnRow = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(n, 1))
        let byColumnValue = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(n, 1))
        defer { byColumnRow.deallocate(); byColumnValue.deallocate() }
        do {
            let next = UnsafeMutablePointer<Int>.allocate(capacity: columns + 1)
            defer { next.deallocate() }
            next.update(from: columnStart, count: columns + 1)
            for seg in segments {
                for k in seg {
                    let c = Int(columnIndex[k])
                    let p = next[c]
                    byColumnRow[p] = rowIndex[k]
                    byColumnValue[p] = values[k]
                    next[c] = p + 1
                }
            }
        }
        // 2. Row pointers, then scatter column by column: each row receives increasing columns.
        var rowPointers = [Int](repeating: 0, count: rows + 1)
        var columnIndices = [Int32](repeating: 0, count: n)
        var out = [Double](repeating: 0, count: n)
        var duplicates = false
        rowPointers.withUnsafeMutableBufferPointer { rp in
            for seg in segments { for k in seg { rp[Int(rowIndex[k]) + 1] += 1 } }
            for i in 0..<rows { rp[i + 1] += rp[i] }
            let next = UnsafeMutablePointer<Int>.allocate(capacity: rows + 1)
            defer { next.deallocate() }
            next.update(from: rp.baseAddress!, count: rows + 1)
            columnIndices.withUnsafeMutableBufferPointer { ci in
                out.withUnsafeMutableBufferPointer { v in
                    for c in 0..<columns {
                        let c32 = Int32(truncatingIfNeeded: c)
                        for p in columnStart[c]..<columnStart[c + 1] {
                            let r = Int(byColumnRow[p])
                            let q = next[r]
                            if q > rp[r] && ci[q - 1] == c32 { duplicates = true }
                            ci[q] = c32
                            v[q] = byColumnValue[p]
                            next[r] = q + 1
                        }
                    }
                    // 3. Sum adjacent duplicates in place (only when there are any).
                    guard duplicates else { return }
                    var write = 0
                    var start = 0
                    for i in 0..<rows {
                        let end = rp[i + 1]
                        var k = start
                        while k < end {
                            let col = ci[k]
                            var sum = v[k]
                            k += 1
                            while k < end && ci[k] == col { sum += v[k]; k += 1 }
                            ci[write] = col
                            v[write] = sum
                            write += 1
                        }
                        start = end
                        rp[i + 1] = write
                    }
                }
            }
        }
        if duplicates {
            let nnz = rowPointers[rows]
            columnIndices.removeSubrange(nnz...)
            out.removeSubrange(nnz...)
        }
        return CSRMatrix(uncheckedRows: rows, columns: columns, rowPointers: rowPointers,
                         columnIndices: columnIndices, values: out)
    }
}
