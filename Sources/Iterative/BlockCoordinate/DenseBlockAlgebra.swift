import CLAPACKE

/// Small dense symmetric kernels for block updates (LAPACK through LAPACKE).
///
/// Matrices are column-major `k x k` arrays (symmetric, so row/column order does not matter
/// for the input). All functions work in caller-owned buffers and allocate nothing.
public enum DenseBlockAlgebra {
    /// Solves `H d = r` in place (`r` becomes `d`) with a Cholesky factorization `dpotrf`/`dpotrs`.
    /// `h` is overwritten by the factor. If `H` is not numerically positive definite, retries
    /// with `H + shift I`, `shift = 1e-10 * max(trace/k, 1e-300)` growing ×100 up to 5 times.
    ///
    /// Complexity O(k³). Returns `false` (and leaves `r` unspecified) when every retry fails,
    /// which only happens for non-finite or strongly indefinite input.
    @discardableResult
    public static func choleskySolve(_ h: UnsafeMutableBufferPointer<Double>, k: Int,
                                     rhs r: UnsafeMutableBufferPointer<Double>,
                                     scratch: UnsafeMutableBufferPointer<Double>) -> Bool {
        precondition(h.count >= k * k && r.count >= k && scratch.count >= k * k)
        if k == 0 { return true }
        for i in 0..<(k * k) { scratch[i] = h[i] }
        var trace = 0.0
        for i in 0..<k { trace += h[i * k + i] }
        var shift = 0.0
        let base = Swift.max(abs(trace) / Double(k), 1e-300) * 1e-10
        for attempt in 0..<6 {
            if attempt > 0 {
                shift = attempt == 1 ? base : shift * 100
                for i in 0..<(k * k) { h[i] = scratch[i] }
                for i in 0..<k { h[i * k + i] += shift }
            }
            let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), clapack_int(k), h.baseAddress, clapack_int(k))
            if info == 0 {
                let info2 = LAPACKE_dpotrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), clapack_int(k), 1,
                                           h.baseAddress, clapack_int(k), r.baseAddress, clapack_int(k))
                return info2 == 0
            }
        }
        return false
    }

    /// The largest eigenvalue of the symmetric `k x k` matrix `h` (LAPACK `dsyev`, values only;
    /// `h` is destroyed). Complexity O(k³). Returns NaN if LAPACK fails.
    public static func largestEigenvalue(_ h: UnsafeMutableBufferPointer<Double>, k: Int,
                                         eigenvalues w: UnsafeMutableBufferPointer<Double>) -> Double {
        precondition(h.count >= k * k && w.count >= k)
        if k == 0 { return 0 }
        if k == 1 { return h[0] }
        let info = LAPACKE_dsyev(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")),
                                 clapack_int(k), h.baseAddress, clapack_int(k), w.baseAddress)
        return info == 0 ? w[k - 1] : .nan
    }

    /// Replaces the SPD matrix `h` (`k x k`, plus `regularization * I`) by its inverse
    /// (`dpotrf` + `dpotri`, both triangles filled). Returns `false` when `h` is not PD.
    /// Complexity O(k³).
    public static func invertSPD(_ h: UnsafeMutableBufferPointer<Double>, k: Int, regularization: Double = 0) -> Bool {
        precondition(h.count >= k * k)
        if k == 0 { return true }
        for i in 0..<k { h[i * k + i] += regularization }
        var info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), clapack_int(k), h.baseAddress, clapack_int(k))
        guard info == 0 else { return false }
        info = LAPACKE_dpotri(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), clapack_int(k), h.baseAddress, clapack_int(k))
        guard info == 0 else { return false }
        for j in 0..<k { for i in 0..<j { h[j * k + i] = h[i * k + j] } }   // copy lower to upper
        return true
    }

    /// `gᵀ M g` for a dense symmetric `k x k` matrix `m` (column-major).
    @inline(__always)
    public static func quadraticForm(_ m: UnsafeBufferPointer<Double>, _ g: UnsafeBufferPointer<Double>, k: Int) -> Double {
        var s = 0.0
        for j in 0..<k {
            var t = 0.0
            for i in 0..<k { t += m[j * k + i] * g[i] }
            s += t * g[j]
        }
        return s
    }
}
