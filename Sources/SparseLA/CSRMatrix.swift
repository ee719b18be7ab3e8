/// A sparse matrix of `Double` in compressed sparse row (CSR) form.
///
/// Storage is three arrays, the layout SciPy, MKL and most C codes use:
/// - `rowPointers` (`rows + 1` entries, `Int`): the entries of row `i` are `rowPointers[i] ..< rowPointers[i+1]`;
/// - `columnIndices` (`nnz` entries, `Int32`, zero based, strictly increasing inside each row);
/// - `values` (`nnz` entries).
///
/// Column indices are 32-bit on purpose: SpMV is memory bound (about 12 bytes per stored entry with
/// 32-bit indices, 16 with 64-bit ones), so narrow indices make it about 25% faster. Matrices are
/// therefore limited to fewer than 2^31 columns; the number of stored entries is not limited.
///
/// `CSRMatrix` is an immutable value type: the arrays are copy-on-write, so copies are cheap until
/// one of them is changed through an API that returns a new matrix.
public struct CSRMatrix: Sendable, Equatable {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// Row start offsets into `columnIndices`/`values`; `rows + 1` entries, first 0, last `nnz`.
    public let rowPointers: [Int]
    /// Zero-based column index of every stored entry, increasing within each row, no duplicates.
    public let columnIndices: [Int32]
    /// Value of every stored entry (explicit zeros are kept).
    public let values: [Double]

    /// Number of stored entries.
    @inlinable public var nnz: Int { values.count }

    /// Whether the matrix is square.
    @inlinable public var isSquare: Bool { rows == columns }

    /// Creates a matrix from CSR arrays after validating them.
    ///
    /// Complexity: O(rows + nnz).
    /// - Throws: `SparseMatrixError.invalidStructure` if the arrays do not form a valid CSR matrix
    ///   (wrong lengths, decreasing row pointers, indices out of range, unsorted or repeated columns).
    public init(rows: Int, columns: Int, rowPointers: [Int], columnIndices: [Int32], values: [Double]) throws(SparseMatrixError) {
        guard rows >= 0, columns >= 0, columns <= Int(Int32.max) else {
            throw .invalidStructure("dimensions \(rows)x\(columns) out of range")
        }
        guard rowPointers.count == rows + 1 else {
            throw .invalidStructure("rowPointers has \(rowPointers.count) entries, expected \(rows + 1)")
        }
        guard columnIndices.count == values.count else {
            throw .invalidStructure("columnIndices (\(columnIndices.count)) and values (\(values.count)) differ in length")
        }
        guard rowPointers[0] == 0, rowPointers[rows] == values.count else {
            throw .invalidStructure("rowPointers must start at 0 and end at nnz = \(values.count)")
        }
        for i in 0..<rows {
            let start = rowPointers[i], end = rowPointers[i + 1]
            guard start <= end else { throw .invalidStructure("rowPointers decrease at row \(i)") }
            var previous: Int32 = -1
            for k in start..<end {
                let j = columnIndices[k]
                guard j >= 0, Int(j) < columns else {
                    throw .invalidStructure("column index \(j) out of range in row \(i)")
                }
                guard j > previous else {
                    throw .invalidStructure("column indices not strictly increasing in row \(i)")
                }
                previous = j
            }
        }
        self.init(uncheckedRows: rows, columns: columns, rowPointers: rowPointers, columnIndices: columnIndices, values: values)
    }

    /// Creates a matrix from CSR arrays that the caller guarantees to be valid (see the throwing
    /// initializer for the rules). Used by builders and kernels that construct valid arrays.
    @inlinable
    public init(uncheckedRows rows: Int, columns: Int, rowPointers: [Int], columnIndices: [Int32], values: [Double]) {
        self.rows = rows
        self.columns = columns
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }

    /// The `n x n` identity matrix.
    public static func identity(_ n: Int) -> CSRMatrix {
        CSRMatrix(uncheckedRows: n, columns: n, rowPointers: Array(0...n),
                  columnIndices: (0..<n).map { Int32($0) }, values: Array(repeating: 1, count: n))
    }

    /// A diagonal matrix with the given diagonal.
    public static func diagonal(_ d: [Double]) -> CSRMatrix {
        let n = d.count
        return CSRMatrix(uncheckedRows: n, columns: n, rowPointers: Array(0...n),
                         columnIndices: (0..<n).map { Int32($0) }, values: d)
    }

    /// Builds a matrix from a dense row-major array (entries equal to zero are not stored).
    public init(dense: [[Double]]) {
        let m = dense.count
        let n = dense.first?.count ?? 0
        var builder = TripletBuilder(rows: m, columns: n)
        for (i, row) in dense.enumerated() {
            precondition(row.count == n, "ragged dense matrix")
            for (j, v) in row.enumerated() where v != 0 { builder.append(row: i, column: j, value: v) }
        }
        self = builder.build()
    }

    /// Value of entry `(i, j)` (zero when not stored). Complexity: O(log(entries in row i)).
    public subscript(i: Int, j: Int) -> Double {
        precondition(i >= 0 && i < rows && j >= 0 && j < columns, "index (\(i), \(j)) out of range")
        var lo = rowPointers[i], hi = rowPointers[i + 1]
        let target = Int32(j)
        while lo < hi {
            let mid = (lo + hi) >> 1
            let c = columnIndices[mid]
            if c == target { return values[mid] }
            if c < target { lo = mid + 1 } else { hi = mid }
        }
        return 0
    }

    /// The matrix as a dense row-major array (for small matrices, tests and LAPACK).
    public func toDense() -> [[Double]] {
        var out = Array(repeating: Array(repeating: 0.0, count: columns), count: rows)
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] { out[i][Int(columnIndices[k])] = values[k] }
        }
        return out
    }

    /// The matrix as a dense column-major buffer of `rows * columns` entries (LAPACK layout).
    public func toDenseColumnMajor() -> [Double] {
        var out = Array(repeating: 0.0, count: rows * columns)
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] { out[Int(columnIndices[k]) * rows + i] = values[k] }
        }
        return out
    }

    /// The same matrix with new values on the same sparsity pattern.
    /// - Precondition: `newValues.count == nnz`.
    public func withValues(_ newValues: [Double]) -> CSRMatrix {
        precondition(newValues.count == nnz, "withValues: expected \(nnz) values, got \(newValues.count)")
        return CSRMatrix(uncheckedRows: rows, columns: columns, rowPointers: rowPointers,
                         columnIndices: columnIndices, values: newValues)
    }
}

/// Errors raised when arrays or operations do not describe a valid sparse matrix.
public enum SparseMatrixError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The CSR/CSC arrays are inconsistent; the string says how.
    case invalidStructure(String)
    /// An index given to a builder is outside the matrix.
    case indexOutOfRange(row: Int, column: Int, rows: Int, columns: Int)

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case .invalidStructure(let why): return "invalid sparse matrix structure: \(why)"
        case let .indexOutOfRange(r, c, m, n): return "index (\(r), \(c)) outside a \(m)x\(n) matrix"
        }
    }
}
