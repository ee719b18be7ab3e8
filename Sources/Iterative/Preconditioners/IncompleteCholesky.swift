import SparseLA

/// Zero-fill incomplete Cholesky preconditioner IC(0): `M = L Lᵀ ≈ A`, where `L` keeps exactly
/// the sparsity pattern of the lower triangle of `A` (no fill-in).
///
/// Only the lower triangle (including the diagonal) of `A` is read; `A` is assumed symmetric.
/// On a tridiagonal (or any tree-structured) matrix IC(0) equals the exact Cholesky factor.
///
/// Breakdown: when a pivot `a_ii − Σ_k l_ik²` is ≤ 0 the initializer either throws
/// `PreconditionerError.nonPositivePivot(row:shift:)` (`ShiftStrategy.none`) or, with
/// `.automatic`, refactors `A + α·diag(|a_ii|)` with growing α (Manteuffel's shift) and reports
/// the α used in `shift`.
///
/// Setup cost: O(Σ_i Σ_{j∈row i} (len_i + len_j)) per attempt, memory one copy of the lower
/// triangle. `apply` is one forward and one backward triangular solve, O(nnz(L)), allocation free.
public struct IncompleteCholesky: Preconditioner, Sendable {
    /// Matrix order.
    public let size: Int
    /// Row pointers of `L` (lower triangle of A, diagonal stored last in each row).
    public let rowPointers: [Int]
    /// Column indices of `L`, increasing per row.
    public let columnIndices: [Int32]
    /// Values of `L`.
    public let values: [Double]
    /// `1 / l_ii`.
    private let inverseDiagonal: [Double]
    /// The diagonal shift α finally used (0 when `A` itself factored).
    public let shift: Double
    /// Factorization attempts made (1 when no shift was needed).
    public let attempts: Int
    /// Seconds spent building the factor (all attempts).
    public let setupTime: Double

    /// Builds IC(0) of the symmetric matrix `matrix` (only its lower triangle is read).
    ///
    /// - Parameters:
    ///   - matrix: the symmetric matrix (only its lower triangle is read).
    ///   - shiftStrategy: what to do when a pivot is not positive (default `.none`: throw).
    /// - Throws: `PreconditionerError.notSquare`, `.zeroDiagonal(row:)`, `.notFinite(row:)`,
    ///   `.nonPositivePivot(row:shift:)` (no shift), or `.shiftLimitReached` (automatic shift exhausted).
    ///   A non-positive stored diagonal entry always throws `.nonPositivePivot` (no shift can fix it).
    public init(_ matrix: CSRMatrix, shiftStrategy: ShiftStrategy = .none) throws(PreconditionerError) {
        let watch = Stopwatch()
        guard matrix.rows == matrix.columns else { throw .notSquare(rows: matrix.rows, columns: matrix.columns) }
        let n = matrix.rows
        // Extract the lower triangle.
        var rp = [Int](repeating: 0, count: n + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        ci.reserveCapacity(matrix.nnz / 2 + n)
        va.reserveCapacity(matrix.nnz / 2 + n)
        var diagonal = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var hasDiagonal = false
            for k in matrix.rowPointers[i]..<matrix.rowPointers[i + 1] {
                let j = Int(matrix.columnIndices[k])
                let v = matrix.values[k]
                guard v.isFinite else { throw .notFinite(row: i) }
                if j > i { break }
                ci.append(Int32(j)); va.append(v)
                if j == i { hasDiagonal = true; diagonal[i] = v }
            }
            guard hasDiagonal else { throw .zeroDiagonal(row: i) }
            guard diagonal[i] > 0 else { throw .nonPositivePivot(row: i, shift: 0) }
            rp[i + 1] = ci.count
        }
        let factored = try shiftStrategy.factorWithShifts(va, pivotError: { .nonPositivePivot(row: $0, shift: 0) }) { alpha, l in
            IncompleteCholesky.factor(n: n, rowPointers: rp, columnIndices: ci, values: &l, diagonal: diagonal, alpha: alpha)
        }
        let l = factored.values
        self.size = n
        self.rowPointers = rp
        self.columnIndices = ci
        self.values = l
        self.inverseDiagonal = (0..<n).map { 1 / l[rp[$0 + 1] - 1] }
        self.shift = factored.shift
        self.attempts = factored.attempts
        self.setupTime = watch.elapsed
    }

    /// Factors in place; returns -1 on success or the row whose pivot failed.
    private static func factor(n: Int, rowPointers: [Int], columnIndices: [Int32], values: inout [Double],
                               diagonal: [Double], alpha: Double) -> Int {
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeMutableBufferPointer { l in
                    for i in 0..<n {
                        let start = rp[i], diagPos = rp[i + 1] - 1
                        l[diagPos] += alpha * diagonal[i]
                        var k = start
                        while k < diagPos {
                            let j = Int(ci[k])
                            // s = Σ_{m<j} l_im l_jm over the common pattern of rows i and j.
                            var s = 0.0
                            var p = start, q = rp[j]
                            let qEnd = rp[j + 1] - 1
                            while p < k && q < qEnd {
                                let cp = ci[p], cq = ci[q]
                                if cp == cq { s += l[p] * l[q]; p += 1; q += 1 }
                                else if cp < cq { p += 1 } else { q += 1 }
                            }
                            l[k] = (l[k] - s) / l[qEnd]
                            k += 1
                        }
                        var d = l[diagPos]
                        for m in start..<diagPos { d -= l[m] * l[m] }
                        if !(d > 0) || !d.isFinite { return i }
                        l[diagPos] = d.squareRoot()
                    }
                    return -1
                }
            }
        }
    }

    /// `z = (L Lᵀ)⁻¹ r`: forward solve with `L`, backward solve with `Lᵀ` (column sweep of `L`).
    /// Complexity O(nnz(L)); no allocation.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        let n = size
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { l in
                    inverseDiagonal.withUnsafeBufferPointer { dinv in
                        for i in 0..<n {
                            var s = r[i]
                            for k in rp[i]..<(rp[i + 1] - 1) { s -= l[k] * z[Int(ci[k])] }
                            z[i] = s * dinv[i]
                        }
                        var i = n - 1
                        while i >= 0 {
                            let xi = z[i] * dinv[i]
                            z[i] = xi
                            for k in rp[i]..<(rp[i + 1] - 1) { z[Int(ci[k])] -= l[k] * xi }
                            i -= 1
                        }
                    }
                }
            }
        }
    }

    /// The factor `L` as a CSR matrix (lower triangular, for inspection and tests).
    public var factor: CSRMatrix {
        CSRMatrix(uncheckedRows: size, columns: size, rowPointers: rowPointers, columnIndices: columnIndices, values: values)
    }
}
