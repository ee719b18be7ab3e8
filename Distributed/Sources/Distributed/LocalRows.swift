import SparseLA

/// One rank's block of rows of a global square sparse matrix: CSR over the local rows with
/// GLOBAL column indices, the input PETSc's MPIAIJ assembly takes.
///
/// Index type is `Int32` (PETSc's `PetscInt` in Debian's 32-bit-index build), so global sizes are
/// limited to 2³¹ − 1 rows and the local nonzero count to 2³¹ − 1.
public struct LocalRows: Sendable {
    /// Global rows (= columns) of the whole matrix.
    public let globalSize: Int
    /// The global rows this block holds.
    public let rowRange: Range<Int>
    /// Local row pointers (count = rowRange.count + 1, starting at 0).
    public let rowPointers: [Int32]
    /// Global column indices, sorted within each row.
    public let columnIndices: [Int32]
    /// Values aligned with `columnIndices`.
    public let values: [Double]

    /// Wraps prepared arrays after checking shapes and index bounds (O(nnz)).
    /// - Throws: `PETScError.invalidInput` naming the first inconsistency.
    public init(globalSize: Int, rowRange: Range<Int>, rowPointers: [Int32], columnIndices: [Int32],
                values: [Double]) throws(PETScError) {
        guard globalSize >= 0, globalSize < Int(Int32.max) else {
            throw .invalidInput("LocalRows", "global size \(globalSize) exceeds 32-bit PetscInt")
        }
        guard rowRange.lowerBound >= 0, rowRange.upperBound <= globalSize else {
            throw .invalidInput("LocalRows", "row range \(rowRange) outside 0..<\(globalSize)")
        }
        guard rowPointers.count == rowRange.count + 1, rowPointers.first == 0,
              Int(rowPointers.last!) == columnIndices.count, columnIndices.count == values.count else {
            throw .invalidInput("LocalRows", "row pointers/columns/values have inconsistent lengths")
        }
        for r in 0..<rowRange.count where rowPointers[r] > rowPointers[r + 1] {
            throw .invalidInput("LocalRows", "row pointers decrease at local row \(r)")
        }
        if let bad = columnIndices.firstIndex(where: { $0 < 0 || Int($0) >= globalSize }) {
            throw .invalidInput("LocalRows", "column index \(columnIndices[bad]) outside 0..<\(globalSize)")
        }
        self.init(unchecked: globalSize, rowRange, rowPointers, columnIndices, values)
    }

    init(unchecked n: Int, _ range: Range<Int>, _ rp: [Int32], _ ci: [Int32], _ va: [Double]) {
        globalSize = n; rowRange = range; rowPointers = rp; columnIndices = ci; values = va
    }

    /// Stored entries in this block.
    public var nonzeros: Int { values.count }

    /// The rows `range` of a square `CSRMatrix` (O(rows in range + their nonzeros)).
    /// - Throws: `PETScError.invalidInput` if the matrix is not square, too large for 32-bit
    ///   indices, or `range` lies outside it.
    public init(slicing a: CSRMatrix, rows range: Range<Int>) throws(PETScError) {
        guard a.rows == a.columns else {
            throw .invalidInput("LocalRows", "matrix is \(a.rows)x\(a.columns); the distributed solvers need a square matrix")
        }
        guard a.rows < Int(Int32.max), range.lowerBound >= 0, range.upperBound <= a.rows else {
            throw .invalidInput("LocalRows", "row range \(range) outside 0..<\(a.rows) or size beyond 32-bit PetscInt")
        }
        let lo = a.rowPointers[range.lowerBound], hi = a.rowPointers[range.upperBound]
        guard hi - lo < Int(Int32.max) else { throw .invalidInput("LocalRows", "local block has more than 2^31 entries") }
        var rp = [Int32](repeating: 0, count: range.count + 1)
        for (k, r) in range.enumerated() { rp[k + 1] = Int32(a.rowPointers[r + 1] - lo) }
        self.init(unchecked: a.rows, range, rp, Array(a.columnIndices[lo..<hi]), Array(a.values[lo..<hi]))
    }

    /// Rows `range` of the (2d+1)-point Dirichlet Laplacian on a box `dims` (first index fastest,
    /// 2d on the diagonal, −1 off it): exactly the rows of `CSRMatrix.laplacian(dimensions:)`, built
    /// without forming the rest of the matrix. O(rows in range · (2d+1)) time and memory.
    /// - Throws: `PETScError.invalidInput` for empty/non-positive dimensions or an out-of-range block.
    public static func laplacian(dimensions dims: [Int], rows range: Range<Int>) throws(PETScError) -> LocalRows {
        guard !dims.isEmpty, dims.allSatisfy({ $0 >= 1 }) else {
            throw .invalidInput("LocalRows.laplacian", "dimensions \(dims) must be non-empty and positive")
        }
        var n = 1
        for d in dims {
            let (p, o) = n.multipliedReportingOverflow(by: d)
            guard !o, p < Int(Int32.max) / 8 else {
                throw .invalidInput("LocalRows.laplacian", "grid \(dims) too large for 32-bit PetscInt")
            }
            n = p
        }
        guard range.lowerBound >= 0, range.upperBound <= n else {
            throw .invalidInput("LocalRows.laplacian", "row range \(range) outside 0..<\(n)")
        }
        var strides = [Int](repeating: 1, count: dims.count)
        for d in 1..<dims.count { strides[d] = strides[d - 1] * dims[d - 1] }
        let perRow = 2 * dims.count + 1
        var rp = [Int32](repeating: 0, count: range.count + 1)
        var ci = [Int32](); ci.reserveCapacity(range.count * perRow)
        var va = [Double](); va.reserveCapacity(range.count * perRow)
        let center = Double(2 * dims.count)
        var coord = [Int](repeating: 0, count: dims.count)
        var rem = range.lowerBound
        for d in 0..<dims.count { coord[d] = rem % dims[d]; rem /= dims[d] }
        for (k, i) in range.enumerated() {
            for d in stride(from: dims.count - 1, through: 0, by: -1) where coord[d] > 0 {
                ci.append(Int32(i - strides[d])); va.append(-1)
            }
            ci.append(Int32(i)); va.append(center)
            for d in 0..<dims.count where coord[d] < dims[d] - 1 {
                ci.append(Int32(i + strides[d])); va.append(-1)
            }
            rp[k + 1] = Int32(ci.count)
            var d = 0
            while d < dims.count {
                coord[d] += 1
                if coord[d] < dims[d] { break }
                coord[d] = 0
                d += 1
            }
        }
        return LocalRows(unchecked: n, range, rp, ci, va)
    }

    /// y = (this block) · x for a full-length `x`: the local rows of A x (O(local nnz)).
    /// Used for right-hand sides such as b = A·1 without assembling the global matrix.
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == globalSize, "LocalRows.multiply: x has \(x.count) entries, need \(globalSize)")
        var y = [Double](repeating: 0, count: rowRange.count)
        for r in 0..<rowRange.count {
            var s = 0.0
            for k in Int(rowPointers[r])..<Int(rowPointers[r + 1]) { s += values[k] * x[Int(columnIndices[k])] }
            y[r] = s
        }
        return y
    }

    /// The local rows' sums (= the local part of A·1), without a full-length vector.
    public func rowSums() -> [Double] {
        var y = [Double](repeating: 0, count: rowRange.count)
        for r in 0..<rowRange.count {
            var s = 0.0
            for k in Int(rowPointers[r])..<Int(rowPointers[r + 1]) { s += values[k] }
            y[r] = s
        }
        return y
    }
}
