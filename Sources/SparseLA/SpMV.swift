import Dispatch

/// Sparse matrix-vector products. SpMV is memory bound; the kernels run over unsafe buffers so the
/// compiled loop equals a C loop (see Benchmarks/ for the measured comparison).
extension CSRMatrix {
    /// `y = A x` over raw buffers (the kernel every other overload calls).
    /// - Precondition: `x.count >= columns`, `y.count >= rows`, and `x`, `y` do not overlap.
    @inlinable
    public func multiply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        precondition(x.count >= columns && y.count >= rows, "multiply: vector length mismatch")
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { va in
                    CSRMatrix.spmvRows(0, rows, rp, ci, va, x, y)
                }
            }
        }
    }

    /// `y[lo..<hi] = (A x)[lo..<hi]`: the row-range kernel.
    @inlinable @inline(__always)
    static func spmvRows(_ lo: Int, _ hi: Int, _ rp: UnsafeBufferPointer<Int>, _ ci: UnsafeBufferPointer<Int32>,
                         _ va: UnsafeBufferPointer<Double>, _ x: UnsafeBufferPointer<Double>,
                         _ y: UnsafeMutableBufferPointer<Double>) {
        let rpb = rp.baseAddress!, cib = ci.baseAddress, vab = va.baseAddress, xb = x.baseAddress, yb = y.baseAddress!
        guard let cib, let vab, let xb else {
            for i in lo..<hi { yb[i] = 0 }
            return
        }
        var k = rpb[lo]
        for i in lo..<hi {
            let end = rpb[i + 1]
            var s = 0.0
            while k < end {
                s += vab[k] * xb[Int(cib[k])]
                k += 1
            }
            yb[i] = s
        }
    }

    /// `y = A x`, reusing `y`'s storage (resized to `rows` if needed).
    @inlinable
    public func multiply(_ x: [Double], into y: inout [Double]) {
        precondition(x.count == columns, "multiply: x has \(x.count) entries, matrix has \(columns) columns")
        if y.count != rows { y = [Double](repeating: 0, count: rows) }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in multiply(xp, into: yp) }
        }
    }

    /// Returns `A x`.
    public func multiplied(by x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        multiply(x, into: &y)
        return y
    }

    /// `y = Aᵀ x` without forming the transpose (scatter form). Complexity: O(nnz).
    public func multiplyTransposed(_ x: [Double], into y: inout [Double]) {
        precondition(x.count == rows, "multiplyTransposed: x has \(x.count) entries, matrix has \(rows) rows")
        if y.count != columns { y = [Double](repeating: 0, count: columns) }
        for j in 0..<columns { y[j] = 0 }
        for i in 0..<rows {
            let xi = x[i]
            for k in rowPointers[i]..<rowPointers[i + 1] { y[Int(columnIndices[k])] += values[k] * xi }
        }
    }

    /// Row boundaries that split the matrix into `parts` chunks of about equal stored entries
    /// (the cost of SpMV), used by the threaded kernel.
    public func balancedRowPartition(parts: Int) -> [Int] {
        let p = Swift.max(1, Swift.min(parts, Swift.max(rows, 1)))
        var bounds = [0]
        let total = nnz + rows   // count a row's own overhead too
        var row = 0
        for t in 1..<p {
            let target = total * t / p
            while row < rows && rowPointers[row] + row < target { row += 1 }
            bounds.append(Swift.max(row, bounds.last!))
        }
        bounds.append(rows)
        return bounds
    }

    /// `y = A x` split over `threads` threads (Dispatch `concurrentPerform`) by rows of balanced
    /// work. With `threads <= 1` or a small matrix it runs the serial kernel.
    /// - Precondition: `x.count >= columns`, `y.count >= rows`.
    public func multiplyParallel(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>,
                                 threads: Int, partition: [Int]? = nil) {
        precondition(x.count >= columns && y.count >= rows, "multiplyParallel: vector length mismatch")
        if threads <= 1 || nnz < 50_000 {
            multiply(x, into: y)
            return
        }
        let bounds = partition ?? balancedRowPartition(parts: threads)
        rowPointers.withUnsafeBufferPointer { rp in
            columnIndices.withUnsafeBufferPointer { ci in
                values.withUnsafeBufferPointer { va in
                    let args = UncheckedSendable((rp, ci, va, x, y))
                    DispatchQueue.concurrentPerform(iterations: bounds.count - 1) { t in
                        let (rp, ci, va, x, y) = args.value
                        CSRMatrix.spmvRows(bounds[t], bounds[t + 1], rp, ci, va, x, y)
                    }
                }
            }
        }
    }

    /// Array form of `multiplyParallel`.
    public func multiplyParallel(_ x: [Double], into y: inout [Double], threads: Int) {
        precondition(x.count == columns, "multiplyParallel: x has \(x.count) entries, matrix has \(columns) columns")
        if y.count != rows { y = [Double](repeating: 0, count: rows) }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in multiplyParallel(xp, into: yp, threads: threads) }
        }
    }
}
