import CLAPACKE

/// Small dense LAPACK kernels used by the ROM code (column-major storage throughout). Every call
/// copies its input, checks sizes (throws `ROMError`), and turns LAPACK's `info` into a typed error.
/// Sizes here are reduced dimensions (tens to a few hundred), except `thinSVD`, which is
/// O(n·m²) for an n × m snapshot matrix.
public enum DenseLAPACK {
    /// Thin SVD `A = U Σ Vᵀ` of a column-major `rows × cols` matrix by `dgesdd` (divide and
    /// conquer). Returns `U` (rows × k, column-major), σ (descending, k = min(rows, cols)) and
    /// `Vᵀ` (k × cols, column-major). Throws for mismatched sizes or non-convergence.
    public static func thinSVD(_ a: [Double], rows: Int, cols: Int) throws(ROMError) -> (u: [Double], s: [Double], vt: [Double]) {
        guard rows >= 1, cols >= 1, a.count == rows * cols else { throw ROMError("thinSVD: \(a.count) entries for \(rows)×\(cols)") }
        let k = min(rows, cols)
        var m = a
        var s = [Double](repeating: 0, count: k)
        var u = [Double](repeating: 0, count: rows * k)
        var vt = [Double](repeating: 0, count: k * cols)
        let info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "S")), clapack_int(rows), clapack_int(cols), &m,
                                  clapack_int(rows), &s, &u, clapack_int(rows), &vt, clapack_int(k))
        guard info == 0 else { throw ROMError("thinSVD: LAPACKE_dgesdd info = \(info)") }
        return (u, s, vt)
    }

    /// Eigen-decomposition of a symmetric n × n matrix (`dsyev`, upper triangle used): eigenvalues
    /// ascending and orthonormal eigenvectors (column-major n × n).
    public static func symmetricEigen(_ a: [Double], n: Int) throws(ROMError) -> (values: [Double], vectors: [Double]) {
        guard n >= 1, a.count == n * n else { throw ROMError("symmetricEigen: \(a.count) entries for \(n)×\(n)") }
        var m = a
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "U")), clapack_int(n), &m, clapack_int(n), &w)
        guard info == 0 else { throw ROMError("symmetricEigen: LAPACKE_dsyev info = \(info)") }
        return (w, m)
    }

    /// Solves the n × n system `A x = b` (`dgesv`, partial pivoting). Throws when singular.
    public static func solve(_ a: [Double], n: Int, rhs b: [Double]) throws(ROMError) -> [Double] {
        guard n >= 1, a.count == n * n, b.count == n else { throw ROMError("solve: sizes \(a.count), \(b.count) for n = \(n)") }
        var m = a
        var x = b
        var piv = [clapack_int](repeating: 0, count: n)
        let info = LAPACKE_dgesv(LAPACK_COL_MAJOR, clapack_int(n), 1, &m, clapack_int(n), &piv, &x, clapack_int(n))
        if info > 0 { throw ROMError("solve: reduced matrix is singular at pivot \(info - 1)") }
        guard info == 0 else { throw ROMError("solve: LAPACKE_dgesv info = \(info)") }
        return x
    }

    /// Least-squares solution of `A X ≈ B` for a full-rank column-major `rows × cols` A
    /// (rows ≥ cols) and `nrhs` right-hand sides (`dgels`, QR). Returns X (cols × nrhs).
    public static func leastSquares(_ a: [Double], rows: Int, cols: Int, rhs b: [Double], nrhs: Int) throws(ROMError) -> [Double] {
        guard rows >= cols, cols >= 1, nrhs >= 1, a.count == rows * cols, b.count == rows * nrhs else {
            throw ROMError("leastSquares: need rows >= cols and matching sizes (\(rows)×\(cols), \(b.count) rhs entries)")
        }
        var m = a
        var x = b
        let info = LAPACKE_dgels(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), clapack_int(rows), clapack_int(cols), clapack_int(nrhs),
                                 &m, clapack_int(rows), &x, clapack_int(rows))
        if info > 0 { throw ROMError("leastSquares: matrix is rank deficient (R[\(info - 1)][\(info - 1)] = 0)") }
        guard info == 0 else { throw ROMError("leastSquares: LAPACKE_dgels info = \(info)") }
        var out = [Double](repeating: 0, count: cols * nrhs)
        for j in 0..<nrhs { for i in 0..<cols { out[j * cols + i] = x[j * rows + i] } }
        return out
    }

    /// Eigenvalues (real, imaginary parts) of a general n × n matrix (`dgeev`, no vectors).
    public static func eigenvalues(_ a: [Double], n: Int) throws(ROMError) -> [(re: Double, im: Double)] {
        guard n >= 1, a.count == n * n else { throw ROMError("eigenvalues: \(a.count) entries for \(n)×\(n)") }
        var m = a
        var wr = [Double](repeating: 0, count: n), wi = [Double](repeating: 0, count: n)
        var vl = [Double](repeating: 0, count: 1), vr = [Double](repeating: 0, count: 1)
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "N")), Int8(UInt8(ascii: "N")), clapack_int(n), &m, clapack_int(n),
                                 &wr, &wi, &vl, 1, &vr, 1)
        guard info == 0 else { throw ROMError("eigenvalues: LAPACKE_dgeev info = \(info)") }
        return (0..<n).map { (wr[$0], wi[$0]) }
    }
}
