import SparseLA

/// Sparse matrix-matrix products used by the AMG setup (Galerkin `R A P`, prolongation smoothing).
///
/// Gustavson's row-by-row algorithm with a dense accumulator and a marker array: row `i` of `A B`
/// is `Σ_k a_ik B_k`. Cost O(flops + nnz(C)·log(row length)) for sorting each output row, memory
/// O(columns of B) of workspace plus the result. Column indices of the result are sorted.
public enum SparseProduct {
    /// `C = A B`.
    /// - Precondition: `a.columns == b.rows`.
    public static func multiply(_ a: CSRMatrix, _ b: CSRMatrix) -> CSRMatrix {
        precondition(a.columns == b.rows, "SparseProduct.multiply: \(a.rows)x\(a.columns) times \(b.rows)x\(b.columns)")
        let m = a.rows, n = b.columns
        var rowPointers = [Int](repeating: 0, count: m + 1)
        var columns: [Int32] = []
        var values: [Double] = []
        // Estimate: rows of B average length times nnz(A), capped.
        let avgB = b.rows > 0 ? max(1, b.nnz / b.rows) : 1
        let estimate = min(a.nnz * avgB, max(m, 1) * max(n, 1))
        columns.reserveCapacity(estimate)
        values.reserveCapacity(estimate)
        var marker = [Int](repeating: -1, count: n)
        var accumulator = [Double](repeating: 0, count: n)
        var list = [Int32](repeating: 0, count: n)
        a.rowPointers.withUnsafeBufferPointer { arp in
        a.columnIndices.withUnsafeBufferPointer { aci in
        a.values.withUnsafeBufferPointer { ava in
        b.rowPointers.withUnsafeBufferPointer { brp in
        b.columnIndices.withUnsafeBufferPointer { bci in
        b.values.withUnsafeBufferPointer { bva in
        marker.withUnsafeMutableBufferPointer { mark in
        accumulator.withUnsafeMutableBufferPointer { acc in
        list.withUnsafeMutableBufferPointer { lst in
            for i in 0..<m {
                var count = 0
                for ka in arp[i]..<arp[i + 1] {
                    let k = Int(aci[ka])
                    let aik = ava[ka]
                    for kb in brp[k]..<brp[k + 1] {
                        let j = Int(bci[kb])
                        if mark[j] != i {
                            mark[j] = i
                            acc[j] = aik * bva[kb]
                            lst[count] = Int32(j)
                            count += 1
                        } else {
                            acc[j] += aik * bva[kb]
                        }
                    }
                }
                sortPrefix(lst, count)
                for t in 0..<count {
                    let j = lst[t]
                    columns.append(j)
                    values.append(acc[Int(j)])
                }
                rowPointers[i + 1] = columns.count
            }
        }}}}}}}}}
        return CSRMatrix(uncheckedRows: m, columns: n, rowPointers: rowPointers, columnIndices: columns, values: values)
    }

    /// The Galerkin product `R A P` (computed as `R (A P)`).
    public static func galerkin(restriction r: CSRMatrix, matrix a: CSRMatrix, prolongation p: CSRMatrix) -> CSRMatrix {
        multiply(r, multiply(a, p))
    }

    /// Sorts the first `count` entries (insertion sort for short rows, introsort otherwise).
    @inline(__always)
    static func sortPrefix(_ buffer: UnsafeMutableBufferPointer<Int32>, _ count: Int) {
        if count <= 32 {
            var i = 1
            while i < count {
                let v = buffer[i]
                var j = i - 1
                while j >= 0 && buffer[j] > v { buffer[j + 1] = buffer[j]; j -= 1 }
                buffer[j + 1] = v
                i += 1
            }
        } else {
            var slice = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            slice.sort()
        }
    }
}
