import Foundation
import SparseLA
import CLAPACKE

/// Optimal values f* used to report f − f*, from direct solves where possible.
public enum BCDReference {
    /// How f* was obtained.
    public enum Method: String, Sendable { case denseCholesky = "dense-cholesky", denseLeastSquares = "dense-lapack-gels", sparseCholesky = "cholmod", conjugateGradient = "cg-1e-13", newtonCG = "newton-cg" }

    /// f* = min ½xᵀAx − bᵀx = −½ bᵀx*: dense LAPACK `dposv` for n ≤ `denseLimit`, else sparse
    /// Cholesky (CHOLMOD), else (factorization failed) CG to relative residual 1e-13 (or 50n iterations). Returns nil if the dense factorization fails
    /// (A not SPD). Complexity O(n³) dense / O(iterations·nnz) CG.
    public static func quadraticOptimum(matrix a: CSRMatrix, rhs b: [Double], denseLimit: Int = 4000) -> (value: Double, method: Method)? {
        let n = a.rows
        var x = b
        if n <= denseLimit {
            var dense = a.toDenseColumnMajor()
            let info = LAPACKE_dposv(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), clapack_int(n), 1, &dense, clapack_int(n), &x, clapack_int(n))
            guard info == 0 else { return nil }
            return (-0.5 * DenseVector.dot(b, x), .denseCholesky)
        }
        var method = Method.sparseCholesky
        if let chol = try? CholeskyFactorization(a, symmetryTolerance: nil), let sol = try? chol.solve(b) {
            x = sol
        } else {
            x = conjugateGradient(a, b, relativeTolerance: 1e-13, maxIterations: 50 * n)
            method = .conjugateGradient
        }
        let ax = a.applied(to: x)
        return (0.5 * DenseVector.dot(x, ax) - DenseVector.dot(b, x), method)
    }

    /// f* = min ½‖Xw − y‖² by dense LAPACK `dgels` (QR; minimum-norm solution when
    /// underdetermined, then f* ≈ 0). Returns nil above `denseLimit` entries or on failure.
    public static func leastSquaresOptimum(design x: CSRMatrix, targets y: [Double], denseLimit: Int = 50_000_000) -> (value: Double, method: Method)? {
        let m = x.rows, n = x.columns
        guard m * n <= denseLimit else { return nil }
        var a = x.toDenseColumnMajor()
        let ldb = max(m, n)
        var rhs = [Double](repeating: 0, count: ldb)
        for i in 0..<m { rhs[i] = y[i] }
        let info = LAPACKE_dgels(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), clapack_int(m), clapack_int(n), 1,
                                 &a, clapack_int(m), &rhs, clapack_int(ldb))
        guard info == 0 else { return nil }
        let w = Array(rhs[0..<n])
        let r = x.applied(to: w)
        var s = 0.0
        for i in 0..<m { let d = r[i] - y[i]; s += d * d }
        return (0.5 * s, .denseLeastSquares)
    }

    /// f* of an objective with `hessianProduct` by Newton–CG: up to 50 Newton steps with the
    /// Hessian at the current point applied matrix-free (CG to relative residual 1e-10) and
    /// backtracking; stops when ‖∇f‖ ≤ 1e-10·max(1, ‖∇f(x₀)‖). Resets the objective to x = 0.
    /// Used for logistic regression (no direct solve exists).
    public static func newtonOptimum(_ objective: DesignMatrixObjective) -> (value: Double, method: Method) {
        let n = objective.dimension
        objective.reset(to: nil)
        let all = Array(0..<n)
        let g0 = DenseVector.norm2(objective.gradient)
        for _ in 0..<50 {
            let g = objective.gradient
            if DenseVector.norm2(g) <= 1e-10 * max(1, g0) { break }
            let weights = objective.currentCurvatures()
            let hv = ClosureOperator(rows: n, columns: n) { v, out in objective.hessianProduct(v, weights: weights, into: out) }
            let d = conjugateGradient(hv, g.map { -$0 }, relativeTolerance: 1e-10, maxIterations: 10 * n)
            var t = 1.0
            let slope = DenseVector.dot(g, d)
            var accepted = false
            for _ in 0..<40 {
                if objective.valueChange(block: all, delta: d, scale: t) <= 1e-4 * t * slope { accepted = true; break }
                t *= 0.5
            }
            if !accepted { break }
            objective.step(block: all, delta: d.map { $0 * t })
        }
        let v = objective.value()
        objective.reset(to: nil)
        return (v, .newtonCG)
    }

    /// Plain CG for SPD operators (reference use only: f* and tests).
    static func conjugateGradient(_ a: some LinearOperator, _ b: [Double], relativeTolerance: Double, maxIterations: Int) -> [Double] {
        let n = b.count
        var x = [Double](repeating: 0, count: n)
        var r = b, p = b
        var ap = [Double](repeating: 0, count: n)
        var rr = DenseVector.dot(r, r)
        let stop = relativeTolerance * relativeTolerance * rr
        var it = 0
        while rr > stop && it < maxIterations {
            a.apply(p, into: &ap)
            let pap = DenseVector.dot(p, ap)
            guard pap > 0 else { break }
            let alpha = rr / pap
            for i in 0..<n { x[i] += alpha * p[i]; r[i] -= alpha * ap[i] }
            let rrNew = DenseVector.dot(r, r)
            let beta = rrNew / rr
            rr = rrNew
            for i in 0..<n { p[i] = r[i] + beta * p[i] }
            it += 1
        }
        return x
    }
}
