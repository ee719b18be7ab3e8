/// A sparse matrix in compressed sparse column (CSC) form, the layout SuiteSparse works in.
///
/// `CSCMatrix` exists mainly to hand matrices to C libraries; build it from a `CSRMatrix` with
/// `CSRMatrix.toCSC()` and go back with `toCSR()`. Row indices within each column are increasing.
public struct CSCMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Column start offsets (`columns + 1` entries).
    public let columnPointers: [Int]
    /// Row index of every stored entry, increasing within each column.
    public let rowIndices: [Int32]
    /// Value of every stored entry.
    public let values: [Double]

    /// Number of stored entries.
    public var nnz: Int { values.count }

    /// Creates a CSC matrix from arrays the caller guarantees to be valid.
    public init(uncheckedRows rows: Int, columns: Int, columnPointers: [Int], rowIndices: [Int32], values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.columnPointers = columnPointers
        self.rowIndices = rowIndices
        self.values = values
    }

    /// Converts back to CSR. Complexity: O(rows + columns + nnz).
    public func toCSR() -> CSRMatrix {
        // The CSC arrays of A are the CSR arrays of A^T; transposing those gives A in CSR.
        CSRMatrix(uncheckedRows: columns, columns: rows, rowPointers: columnPointers,
                  columnIndices: rowIndices, values: values).transposed()
    }
}

extension CSRMatrix {
    /// The same matrix in CSC form. Complexity: O(rows + columns + nnz).
    public func toCSC() -> CSCMatrix {
        let t = transposed()
        return CSCMatrix(uncheckedRows: rows, columns: columns, columnPointers: t.rowPointers,
                         rowIndices: t.columnIndices, values: t.values)
    }

    /// The transpose, with sorted column indices. Complexity: O(rows + columns + nnz).
    public func transposed() -> CSRMatrix {
        let nz = nnz
        var counts = [Int](repeating: 0, count: columns + 1)
        var tCols = [Int32](repeating: 0, count: nz)
        var tVals = [Double](repeating: 0, count: nz)
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { va in
                    counts.withUnsafeMutableBufferPointer { cnt in
                        for k in 0..<nz { cnt[Int(ci[k]) + 1] += 1 }
                        for j in 0..<columns { cnt[j + 1] += cnt[j] }
                        var next = Array(cnt[0..<columns])
                        tCols.withUnsafeMutableBufferPointer { tc in
                            tVals.withUnsafeMutableBufferPointer { tv in
                                for i in 0..<rows {
                                    for k in rp[i]..<rp[i + 1] {
                                        let j = Int(ci[k])
                                        let p = next[j]
                                        tc[p] = Int32(truncatingIfNeeded: i)
                                        tv[p] = va[k]
                                        next[j] = p + 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return CSRMatrix(uncheckedRows: columns, columns: rows, rowPointers: counts,
                         columnIndices: tCols, values: tVals)
    }
}
