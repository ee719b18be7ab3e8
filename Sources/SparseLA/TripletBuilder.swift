/// Collects `(row, column, value)` triplets in any order and builds a `CSRMatrix`.
///
/// Duplicate positions are summed (finite element assembly relies on this). Explicit zeros are
/// kept unless `dropZeros` is set on `build`. Building costs O(nnz + rows) time (a counting sort
/// by row, then a sort of each row by column) and O(nnz) extra memory.
public struct TripletBuilder: Sendable {
    /// Number of rows of the matrix being built.
    public let rows: Int
    /// Number of columns of the matrix being built.
    public let columns: Int
    @usableFromInline var rowIndex: [Int32] = []
    @usableFromInline var columnIndex: [Int32] = []
    @usableFromInline var entries: [Double] = []

    /// Creates an empty builder for a `rows x columns` matrix.
    /// - Precondition: both dimensions are non-negative and fit in `Int32`.
    public init(rows: Int, columns: Int, reservingCapacity capacity: Int = 0) {
        precondition(rows >= 0 && columns >= 0 && rows <= Int(Int32.max) && columns <= Int(Int32.max),
                     "TripletBuilder: dimensions \(rows)x\(columns) out of range")
        self.rows = rows
        self.columns = columns
        if capacity > 0 {
            rowIndex.reserveCapacity(capacity)
            columnIndex.reserveCapacity(capacity)
            entries.reserveCapacity(capacity)
        }
    }

    /// Number of triplets appended so far (duplicates counted separately).
    public var count: Int { entries.count }

    /// Adds `value` at `(row, column)`.
    /// - Precondition: the position is inside the matrix (use `tryAppend` for untrusted input).
    @inlinable
    public mutating func append(row: Int, column: Int, value: Double) {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                     "TripletBuilder: (\(row), \(column)) outside \(rows)x\(columns)")
        rowIndex.append(Int32(truncatingIfNeeded: row))
        columnIndex.append(Int32(truncatingIfNeeded: column))
        entries.append(value)
    }

    /// Adds `value` at `(row, column)`, throwing instead of trapping on a bad index.
    public mutating func tryAppend(row: Int, column: Int, value: Double) throws(SparseMatrixError) {
        guard row >= 0 && row < rows && column >= 0 && column < columns else {
            throw .indexOutOfRange(row: row, column: column, rows: rows, columns: columns)
        }
        append(row: row, column: column, value: value)
    }

    /// Reserves room for `n` more triplets.
    public mutating func reserveCapacity(_ n: Int) {
        rowIndex.reserveCapacity(count + n)
        columnIndex.reserveCapacity(count + n)
        entries.reserveCapacity(count + n)
    }

    /// Builds the CSR matrix, summing duplicates.
    /// - Parameter dropZeros: drop entries whose (summed) value is exactly zero.
    public func build(dropZeros: Bool = false) -> CSRMatrix {
        let n = entries.count
        // Counting sort by row.
        var start = [Int](repeating: 0, count: rows + 1)
        for r in rowIndex { start[Int(r) + 1] += 1 }
        for i in 0..<rows { start[i + 1] += start[i] }
        var next = start
        var cols = [Int32](repeating: 0, count: n)
        var vals = [Double](repeating: 0, count: n)
        for k in 0..<n {
            let r = Int(rowIndex[k])
            let p = next[r]
            cols[p] = columnIndex[k]
            vals[p] = entries[k]
            next[r] = p + 1
        }
        // Sort each row by column, then merge duplicates in place.
        var outPointers = [Int](repeating: 0, count: rows + 1)
        var write = 0
        cols.withUnsafeMutableBufferPointer { c in
            vals.withUnsafeMutableBufferPointer { v in
                var scratch: [(Int32, Double)] = []
                for i in 0..<rows {
                    let lo = start[i], hi = start[i + 1]
                    if hi - lo > 1 {
                        var sorted = true
                        for k in (lo + 1)..<hi where c[k] <= c[k - 1] { sorted = false; break }
                        if !sorted {
                            scratch.removeAll(keepingCapacity: true)
                            for k in lo..<hi { scratch.append((c[k], v[k])) }
                            // Stable sort keeps the summation order of duplicates deterministic.
                            scratch.sort { $0.0 < $1.0 }
                            for (t, pair) in scratch.enumerated() { c[lo + t] = pair.0; v[lo + t] = pair.1 }
                        }
                    }
                    var k = lo
                    while k < hi {
                        let col = c[k]
                        var sum = v[k]
                        k += 1
                        while k < hi && c[k] == col { sum += v[k]; k += 1 }
                        if dropZeros && sum == 0 { continue }
                        c[write] = col
                        v[write] = sum
                        write += 1
                    }
                    outPointers[i + 1] = write
                }
            }
        }
        cols.removeSubrange(write...)
        vals.removeSubrange(write...)
        return CSRMatrix(uncheckedRows: rows, columns: columns, rowPointers: outPointers,
                         columnIndices: cols, values: vals)
    }
}
