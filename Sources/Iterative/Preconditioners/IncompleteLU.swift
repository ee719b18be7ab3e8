import SparseLA

/// Zero-fill incomplete LU preconditioner ILU(0): `M = L U ≈ A` with `L` unit lower triangular and
/// `U` upper triangular, both restricted to the sparsity pattern of `A` (IKJ variant, Saad §10.3).
///
/// On a tridiagonal matrix ILU(0) equals the exact LU factorization (no pivoting).
///
/// Breakdown: a pivot with |u_ii| ≤ 1e-14·max_j|a_ij| (or non-finite) either throws
/// `PreconditionerError.zeroPivot(row:shift:)` (`ShiftStrategy.none`) or, with `.automatic`,
/// refactors `A + α·S` where `S_ii = sign(a_ii)·|a_ii|` (or the row's largest |a_ij| when
/// `a_ii = 0`), α growing; the α used is reported in `shift`.
///
/// Setup cost: O(Σ_i Σ_{k∈L row i} len(U row k)) per attempt, memory one copy of `A` plus an `n`
/// marker. `apply` is two triangular solves, O(nnz(A)), allocation free.
public struct IncompleteLU: Preconditioner, Sendable {
    /// Matrix order.
    public let size: Int
    /// Row pointers of the combined factor (pattern of `A`).
    public let rowPointers: [Int]
    /// Column indices (pattern of `A`).
    public let columnIndices: [Int32]
    /// Strictly lower part holds `L` (unit diagonal implied); diagonal and upper part hold `U`.
    public let values: [Double]
    /// Position of the diagonal entry in each row.
    private let diagonalPositions: [Int]
    /// `1 / u_ii`.
    private let inverseDiagonal: [Double]
    /// The diagonal shift α finally used (0 when `A` itself factored).
    public let shift: Double
    /// Factorization attempts made.
    public let attempts: Int
    /// Seconds spent building the factors.
    public let setupTime: Double

    /// Builds ILU(0) of `matrix`.
    ///
    /// With `ShiftStrategy.none` the pattern must contain the diagonal; with `.automatic`, missing
    /// diagonal entries are added to the pattern as explicit zeros (then shifted like zero diagonals).
    ///
    /// - Throws: `PreconditionerError.notSquare`, `.zeroDiagonal(row:)` (diagonal not stored, no
    ///   shift), `.notFinite(row:)`, `.zeroPivot(row:shift:)` or `.shiftLimitReached`.
    public init(_ input: CSRMatrix, shiftStrategy: ShiftStrategy = .none) throws(PreconditionerError) {
        let watch = Stopwatch()
        guard input.rows == input.columns else { throw .notSquare(rows: input.rows, columns: input.columns) }
        let matrix = shiftStrategy == .none ? input : IncompleteLU.withStoredDiagonal(input)
        let n = matrix.rows
        var diagPos = [Int](repeating: -1, count: n)
        var scale = [Double](repeating: 0, count: n)
        var rowMax = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in matrix.rowPointers[i]..<matrix.rowPointers[i + 1] {
                let v = matrix.values[k]
                guard v.isFinite else { throw .notFinite(row: i) }
                rowMax[i] = max(rowMax[i], abs(v))
                if Int(matrix.columnIndices[k]) == i { diagPos[i] = k }
            }
            guard diagPos[i] >= 0 else { throw .zeroDiagonal(row: i) }
            let d = matrix.values[diagPos[i]]
            scale[i] = d > 0 ? d : (d < 0 ? d : rowMax[i])
        }
        let factored = try shiftStrategy.factorWithShifts(matrix.values, pivotError: { .zeroPivot(row: $0, shift: 0) }) { alpha, lu in
            IncompleteLU.factor(n: n, rowPointers: matrix.rowPointers, columnIndices: matrix.columnIndices,
                                diagonalPositions: diagPos, values: &lu, scale: scale, rowMax: rowMax, alpha: alpha)
        }
        let lu = factored.values
        self.size = n
        self.rowPointers = matrix.rowPointers
        self.columnIndices = matrix.columnIndices
        self.values = lu
        self.diagonalPositions = diagPos
        self.inverseDiagonal = (0..<n).map { 1 / lu[diagPos[$0]] }
        self.shift = factored.shift
        self.attempts = factored.attempts
        self.setupTime = watch.elapsed
    }

    /// `m` with an explicit zero added where a row does not store its diagonal (O(nnz); returns
    /// `m` itself when nothing is missing).
    static func withStoredDiagonal(_ m: CSRMatrix) -> CSRMatrix {
        let n = m.rows
        var missing = 0
        for i in 0..<n {
            var found = false
            for k in m.rowPointers[i]..<m.rowPointers[i + 1] where Int(m.columnIndices[k]) == i { found = true; break }
            if !found { missing += 1 }
        }
        if missing == 0 { return m }
        var rp = [Int](repeating: 0, count: n + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        ci.reserveCapacity(m.nnz + missing)
        va.reserveCapacity(m.nnz + missing)
        for i in 0..<n {
            var placed = false
            for k in m.rowPointers[i]..<m.rowPointers[i + 1] {
                let j = Int(m.columnIndices[k])
                if !placed && j >= i {
                    if j > i { ci.append(Int32(i)); va.append(0) }
                    placed = true
                }
                ci.append(m.columnIndices[k]); va.append(m.values[k])
            }
            if !placed { ci.append(Int32(i)); va.append(0) }
            rp[i + 1] = ci.count
        }
        return CSRMatrix(uncheckedRows: n, columns: n, rowPointers: rp, columnIndices: ci, values: va)
    }

    /// IKJ ILU(0) in place; returns -1 on success or the failing row.
    private static func factor(n: Int, rowPointers: [Int], columnIndices: [Int32], diagonalPositions: [Int],
                               values: inout [Double], scale: [Double], rowMax: [Double], alpha: Double) -> Int {
        var marker = [Int](repeating: -1, count: n)
        return rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                diagonalPositions.withUnsafeBufferPointer { dp in
                    marker.withUnsafeMutableBufferPointer { iw in
                        values.withUnsafeMutableBufferPointer { a in
                            for i in 0..<n {
                                let start = rp[i], end = rp[i + 1], di = dp[i]
                                a[di] += alpha * scale[i]
                                for k in start..<end { iw[Int(ci[k])] = k }
                                for kk in start..<di {
                                    let k = Int(ci[kk])
                                    let lik = a[kk] / a[dp[k]]
                                    a[kk] = lik
                                    for jj in (dp[k] + 1)..<rp[k + 1] {
                                        let p = iw[Int(ci[jj])]
                                        if p >= 0 { a[p] -= lik * a[jj] }
                                    }
                                }
                                for k in start..<end { iw[Int(ci[k])] = -1 }
                                let u = a[di]
                                if !u.isFinite || abs(u) <= 1e-14 * max(rowMax[i], Double.leastNormalMagnitude) { return i }
                            }
                            return -1
                        }
                    }
                }
            }
        }
    }

    /// `z = (L U)⁻¹ r`. Complexity O(nnz); no allocation.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        let n = size
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { a in
                    diagonalPositions.withUnsafeBufferPointer { dp in
                        inverseDiagonal.withUnsafeBufferPointer { dinv in
                            for i in 0..<n {
                                var s = r[i]
                                for k in rp[i]..<dp[i] { s -= a[k] * z[Int(ci[k])] }
                                z[i] = s
                            }
                            var i = n - 1
                            while i >= 0 {
                                var s = z[i]
                                for k in (dp[i] + 1)..<rp[i + 1] { s -= a[k] * z[Int(ci[k])] }
                                z[i] = s * dinv[i]
                                i -= 1
                            }
                        }
                    }
                }
            }
        }
    }

    /// The unit lower factor `L` (diagonal ones stored) as CSR, for inspection and tests.
    public var lower: CSRMatrix {
        var b = TripletBuilder(rows: size, columns: size)
        for i in 0..<size {
            for k in rowPointers[i]..<diagonalPositions[i] { b.append(row: i, column: Int(columnIndices[k]), value: values[k]) }
            b.append(row: i, column: i, value: 1)
        }
        return b.build()
    }

    /// The upper factor `U` as CSR, for inspection and tests.
    public var upper: CSRMatrix {
        var b = TripletBuilder(rows: size, columns: size)
        for i in 0..<size {
            for k in diagonalPositions[i]..<rowPointers[i + 1] { b.append(row: i, column: Int(columnIndices[k]), value: values[k]) }
        }
        return b.build()
    }
}
