import SparseLA
import CLAPACKE

/// Tentative and smoothed prolongators of smoothed-aggregation AMG.
public enum AMGProlongation {
    /// The tentative prolongator `T` (`n x count`) fitting the near-null-space vector `b` on each
    /// aggregate: `T_{i,agg(i)} = b_i / ‖b|_agg‖` (the QR of `b` restricted to the aggregate), and
    /// the coarse near-null-space vector `b_c[agg] = ‖b|_agg‖`. Rows of unaggregated nodes are empty.
    /// `T` has orthonormal columns (full column rank when `b` is nonzero on every aggregate).
    /// Complexity O(n).
    public static func tentative(aggregates: [Int32], count: Int, nearNullSpace b: [Double]) -> (prolongator: CSRMatrix, coarseNullSpace: [Double]) {
        let n = aggregates.count
        var norms = [Double](repeating: 0, count: count)
        for i in 0..<n where aggregates[i] >= 0 { norms[Int(aggregates[i])] += b[i] * b[i] }
        for a in 0..<count { norms[a] = norms[a].squareRoot() }
        var rp = [Int](repeating: 0, count: n + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        ci.reserveCapacity(n); va.reserveCapacity(n)
        for i in 0..<n {
            let a = aggregates[i]
            if a >= 0 {
                let norm = norms[Int(a)]
                ci.append(a)
                va.append(norm > 0 ? b[i] / norm : 0)
            }
            rp[i + 1] = ci.count
        }
        let t = CSRMatrix(uncheckedRows: n, columns: count, rowPointers: rp, columnIndices: ci, values: va)
        return (t, norms)
    }

    /// Estimate of ρ(D⁻¹A) for a symmetric `a` with positive diagonal `1 / inverseDiagonal`:
    /// the largest Ritz value of `steps` Lanczos steps on the similar matrix D^{-1/2} A D^{-1/2}
    /// (a Krylov estimate, as pyamg's `approximate_spectral_radius`; at least as accurate as the
    /// Rayleigh quotient of `steps` power iterations from the same start). Deterministic start vector.
    /// Complexity O(steps · nnz).
    public static func spectralRadiusEstimate(_ a: CSRMatrix, inverseDiagonal: [Double], steps: Int) -> Double {
        let n = a.rows
        if n == 0 { return 0 }
        let m = max(1, min(steps, n))
        let sq = inverseDiagonal.map { $0.squareRoot() }
        var v = [Double](repeating: 0, count: n)
        var state: UInt64 = 0x9E3779B97F4A7C15
        for i in 0..<n {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            v[i] = Double(state >> 11) / Double(1 << 53) + 0.5
        }
        var norm = DenseVector.norm2(v)
        for i in 0..<n { v[i] /= norm }
        var vPrev = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        var t = [Double](repeating: 0, count: n)
        var alphas: [Double] = []
        var betas: [Double] = []
        var beta = 0.0
        for _ in 0..<m {
            for i in 0..<n { t[i] = sq[i] * v[i] }
            a.multiply(t, into: &w)
            var alpha = 0.0
            for i in 0..<n { w[i] *= sq[i]; alpha += w[i] * v[i] }
            for i in 0..<n { w[i] -= alpha * v[i] + beta * vPrev[i] }
            alphas.append(alpha)
            norm = DenseVector.norm2(w)
            if !(norm > 1e-12 * abs(alpha)) { break }
            beta = norm
            betas.append(beta)
            swap(&vPrev, &v)
            for i in 0..<n { v[i] = w[i] / beta }
        }
        var d = alphas
        var e = Array(betas.prefix(max(0, d.count - 1)))
        if e.isEmpty { e = [0] }
        var z = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dstev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), clapack_int(d.count), &d, &e, &z, 1)
        if info != 0 { return alphas.map(abs).max() ?? 0 }
        return d.map(abs).max() ?? 0
    }

    /// The Jacobi-smoothed prolongator `P = (I − ω D⁻¹ A) T` with ω = `omega / ρ(D⁻¹A)`.
    /// Complexity O(nnz(A) + flops of A·T).
    public static func smoothed(matrix a: CSRMatrix, inverseDiagonal: [Double], tentative t: CSRMatrix,
                                omega: Double, spectralRadius rho: Double) -> CSRMatrix {
        let w = rho > 0 ? omega / rho : 0
        // S = I − w D⁻¹ A on the pattern of A (diagonal stored in every row of an AMG level).
        var values = a.values
        for i in 0..<a.rows {
            let s = w * inverseDiagonal[i]
            for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
                values[k] = (Int(a.columnIndices[k]) == i ? 1 : 0) - s * a.values[k]
            }
        }
        return SparseProduct.multiply(a.withValues(values), t)
    }
}
