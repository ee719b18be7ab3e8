import Foundation
import SparseLA

/// Objectives of the form f(x) = Σ_i φ(m_i; y_i) + (λ/2)‖x‖² with margins m = A x for a sparse
/// design matrix A (rows = samples, columns = variables):
/// - least squares (`.leastSquares`): φ(m; y) = ½(m − y)², f = ½‖Ax − y‖² + (λ/2)‖x‖²;
/// - logistic (`.logistic`, labels ±1): φ(m; y) = log(1 + exp(−y m)).
///
/// Gradient maintenance: g = Aᵀ φ'(m) + λx. A step δ on block b changes m by A_{:,b} δ on the
/// rows touched by the block's columns (read from a column copy of A) and then g by Aᵀ Δφ' over
/// those rows only. Cost O(nnz(A_{:,b}) + nnz(touched rows)), never a full Aᵀ r.
public final class DesignMatrixObjective: BlockObjective {
    /// Which loss φ.
    public enum Loss: String, Sendable { case leastSquares, logistic }

    /// The loss in use.
    public let loss: Loss
    /// A in CSR (row) form.
    public let design: CSRMatrix
    /// A in CSC (column) form (same entries).
    public let designColumns: CSCMatrix
    /// Targets (least squares) or ±1 labels (logistic).
    public let targets: [Double]
    /// L2 regularisation λ ≥ 0.
    public let lambda: Double
    /// Number of variables n.
    public let dimension: Int
    /// The current iterate x (length n).
    public private(set) var x: [Double]
    /// ∇f(x) at the current iterate, kept up to date by `step` (length n).
    public private(set) var gradient: [Double]
    /// Coordinate Lipschitz constants L_i ≥ sup ∂²f/∂x_i² (length n, all > 0 for well-posed input).
    public let coordinateLipschitz: [Double]
    /// Whether f is quadratic (then `blockHessian` is exact and constant).
    public var isQuadratic: Bool { loss == .leastSquares }
    /// For quadratics with a sparse Hessian: that Hessian (symmetric CSR). Its graph is the
    /// variable-dependency graph used by forest partitions and tree (message-passing) solves.
    public var sparseHessian: CSRMatrix? { nil }
    /// An upper bound on λ_max of the (upper-bound) Hessian (power iteration, computed once).
    public private(set) lazy var hessianSpectralBound: Double = powerIterationBound()

    private var margins: [Double]          // m = A x
    private var derivative: [Double]       // φ'(m_i)
    private var deltaMargins: [Double]     // scratch Δm (rows), zero outside touched rows
    private var touchedMark: [Bool]
    private var touched: [Int]
    private var columnScratch: [Double]    // scratch (rows) for Hessian assembly

    /// Builds the objective. Least squares accepts any finite targets; logistic requires labels ±1.
    /// - Throws: `BCDError.invalidArgument` for a length mismatch, λ < 0, non-finite data or
    ///   (logistic) labels other than ±1. Complexity O(nnz(A)).
    public init(design: CSRMatrix, targets: [Double], loss: Loss, lambda: Double = 0) throws(BCDError) {
        guard targets.count == design.rows else {
            throw .invalidArgument("targets have \(targets.count) entries, design matrix has \(design.rows) rows")
        }
        guard lambda >= 0, lambda.isFinite else { throw .invalidArgument("lambda = \(lambda) must be finite and ≥ 0") }
        guard targets.allSatisfy({ $0.isFinite }), design.values.allSatisfy({ $0.isFinite }) else {
            throw .invalidArgument("design matrix or targets have non-finite entries")
        }
        if loss == .logistic, !targets.allSatisfy({ $0 == 1 || $0 == -1 }) {
            throw .invalidArgument("logistic labels must be +1 or -1")
        }
        self.loss = loss
        self.design = design
        self.designColumns = design.toCSC()
        self.targets = targets
        self.lambda = lambda
        let n = design.columns, m = design.rows
        self.dimension = n
        let curvature = loss == .leastSquares ? 1.0 : 0.25
        var lip = [Double](repeating: lambda, count: n)
        for j in 0..<n {
            var s = 0.0
            for k in designColumns.columnPointers[j]..<designColumns.columnPointers[j + 1] { s += designColumns.values[k] * designColumns.values[k] }
            lip[j] += curvature * s
            if lip[j] <= 0 { lip[j] = 1e-12 }   // empty column with λ = 0: any step is fine
        }
        self.coordinateLipschitz = lip
        self.x = [Double](repeating: 0, count: n)
        self.gradient = [Double](repeating: 0, count: n)
        self.margins = [Double](repeating: 0, count: m)
        self.derivative = [Double](repeating: 0, count: m)
        self.deltaMargins = [Double](repeating: 0, count: m)
        self.touchedMark = [Bool](repeating: false, count: m)
        self.touched = []
        self.touched.reserveCapacity(m)
        self.columnScratch = [Double](repeating: 0, count: m)
        reset(to: nil)
    }

    @inline(__always) private func phi(_ m: Double, _ y: Double) -> Double {
        switch loss {
        case .leastSquares: let r = m - y; return 0.5 * r * r
        case .logistic:
            let z = -y * m   // log(1 + e^z), stable
            return z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
        }
    }

    @inline(__always) private func dphi(_ m: Double, _ y: Double) -> Double {
        switch loss {
        case .leastSquares: return m - y
        case .logistic: return -y / (1 + exp(y * m))     // −y σ(−y m)
        }
    }

    @inline(__always) private func d2phi(_ m: Double, _ y: Double, bound: Bool) -> Double {
        switch loss {
        case .leastSquares: return 1
        case .logistic:
            if bound { return 0.25 }
            let s = 1 / (1 + exp(-y * m))
            return s * (1 - s)
        }
    }

    /// f(x) at the current iterate. Complexity O(n) or O(rows) (not maintained, computed).
    public func value() -> Double {
        var s = 0.0
        for i in 0..<design.rows { s += phi(margins[i], targets[i]) }
        if lambda > 0 { s += 0.5 * lambda * DenseVector.dot(x, x) }
        return s
    }

    /// Sets x = x0 (zeros when nil) and recomputes the gradient from scratch (O(nnz)).
    public func reset(to x0: [Double]?) {
        let n = dimension
        if let x0 { precondition(x0.count == n, "reset: x0 has \(x0.count) entries, need \(n)"); x = x0 }
        else { x = [Double](repeating: 0, count: n) }
        design.apply(x, into: &margins)
        for i in 0..<design.rows { derivative[i] = dphi(margins[i], targets[i]) }
        // g = Aᵀ φ' + λ x via the column form
        for j in 0..<n {
            var s = lambda * x[j]
            for k in designColumns.columnPointers[j]..<designColumns.columnPointers[j + 1] {
                s += designColumns.values[k] * derivative[Int(designColumns.rowIndices[k])]
            }
            gradient[j] = s
        }
    }

    /// Fills `deltaMargins` and `touched` with Δm = A_{:,b} δ · t.
    private func scatterMarginChange(block: [Int], delta: [Double], scale t: Double) {
        designColumns.columnPointers.withUnsafeBufferPointer { cp in
        designColumns.rowIndices.withUnsafeBufferPointer { ri in
        designColumns.values.withUnsafeBufferPointer { va in
        deltaMargins.withUnsafeMutableBufferPointer { dm in
        touchedMark.withUnsafeMutableBufferPointer { mark in
            for (p, j) in block.enumerated() {
                let d = delta[p] * t
                if d == 0 { continue }
                for k in cp[j]..<cp[j + 1] {
                    let i = Int(ri[k])
                    if !mark[i] { mark[i] = true; touched.append(i) }
                    dm[i] += va[k] * d
                }
            }
        }}}}}
    }

    private func clearTouched() {
        for i in touched { deltaMargins[i] = 0; touchedMark[i] = false }
        touched.removeAll(keepingCapacity: true)
    }

    /// x_b += δ and updates the gradient. Complexity O(nonzeros touched by the block).
    public func step(block: [Int], delta: [Double]) {
        scatterMarginChange(block: block, delta: delta, scale: 1)
        design.rowPointers.withUnsafeBufferPointer { rp in
        design.columnIndices.withUnsafeBufferPointer { ci in
        design.values.withUnsafeBufferPointer { va in
        gradient.withUnsafeMutableBufferPointer { g in
            for i in touched {
                margins[i] += deltaMargins[i]
                let nd = dphi(margins[i], targets[i])
                let change = nd - derivative[i]
                derivative[i] = nd
                if change == 0 { continue }
                for k in rp[i]..<rp[i + 1] { g[Int(ci[k])] += va[k] * change }
            }
        }}}}
        for (p, j) in block.enumerated() {
            x[j] += delta[p]
            gradient[j] += lambda * delta[p]
        }
        clearTouched()
    }

    /// f(x + t·δ) − f(x) for a change `δ` on `block`, without changing the state.
    /// Complexity O(nonzeros touched by the block).
    public func valueChange(block: [Int], delta: [Double], scale t: Double) -> Double {
        scatterMarginChange(block: block, delta: delta, scale: t)
        var s = 0.0
        for i in touched {
            s += phi(margins[i] + deltaMargins[i], targets[i]) - phi(margins[i], targets[i])
        }
        if lambda > 0 {
            for (p, j) in block.enumerated() {
                let nx = x[j] + t * delta[p]
                s += 0.5 * lambda * (nx * nx - x[j] * x[j])
            }
        }
        clearTouched()
        return s
    }

    /// Writes the dense |b|×|b| block Hessian (column-major) into `h`. `bound == true` asks for
    /// the global upper bound (e.g. ¼AᵀA + λI for logistic), `false` for ∇²f at the current x.
    /// For quadratics both are the same. Complexity O(|b|·nnz(block columns)).
    public func blockHessian(block: [Int], bound: Bool, into h: inout [Double]) {
        let k = block.count
        if h.count < k * k { h = [Double](repeating: 0, count: k * k) }
        let cp = designColumns.columnPointers, ri = designColumns.rowIndices, va = designColumns.values
        for (p, jp) in block.enumerated() {
            // scatter column p weighted by φ''
            for kk in cp[jp]..<cp[jp + 1] {
                let i = Int(ri[kk])
                columnScratch[i] = va[kk] * d2phi(margins[i], targets[i], bound: bound)
            }
            for q in p..<k {
                let jq = block[q]
                var s = 0.0
                for kk in cp[jq]..<cp[jq + 1] { s += va[kk] * columnScratch[Int(ri[kk])] }
                if q == p { s += lambda }
                h[q * k + p] = s
                h[p * k + q] = s
            }
            for kk in cp[jp]..<cp[jp + 1] { columnScratch[Int(ri[kk])] = 0 }
        }
    }

    /// Σ_j |H_ij| for every i of the (upper-bound) Hessian (GSDHb variable-block rule). O(nnz).
    public func hessianAbsoluteRowSums() -> [Double] {
        // |A|ᵀ (c |A| 1) + λ
        let c = loss == .leastSquares ? 1.0 : 0.25
        var rowAbs = [Double](repeating: 0, count: design.rows)
        for i in 0..<design.rows {
            var s = 0.0
            for k in design.rowPointers[i]..<design.rowPointers[i + 1] { s += abs(design.values[k]) }
            rowAbs[i] = c * s
        }
        return (0..<dimension).map { j in
            var s = lambda
            for k in designColumns.columnPointers[j]..<designColumns.columnPointers[j + 1] {
                s += abs(designColumns.values[k]) * rowAbs[Int(designColumns.rowIndices[k])]
            }
            return s
        }
    }

    /// y = H v for the (upper-bound) Hessian (IHT for variable-block GSQ). O(nnz).
    public func hessianProduct(_ v: [Double], into y: inout [Double]) {
        if y.count != dimension { y = [Double](repeating: 0, count: dimension) }
        let c = loss == .leastSquares ? 1.0 : 0.25
        v.withUnsafeBufferPointer { vp in
            y.withUnsafeMutableBufferPointer { yp in hessianProduct(vp, weights: nil, constant: c, into: yp) }
        }
    }

    /// φ''(m_i) at the current margins (the logistic Hessian weights D). O(rows).
    public func currentCurvatures() -> [Double] {
        (0..<design.rows).map { d2phi(margins[$0], targets[$0], bound: false) }
    }

    /// y = Aᵀ D A v + λ v with D = diag(`weights`) (current-point Hessian). O(nnz).
    public func hessianProduct(_ v: UnsafeBufferPointer<Double>, weights: [Double], into y: UnsafeMutableBufferPointer<Double>) {
        hessianProduct(v, weights: weights, constant: 1, into: y)
    }

    private func hessianProduct(_ v: UnsafeBufferPointer<Double>, weights: [Double]?, constant c: Double,
                                into y: UnsafeMutableBufferPointer<Double>) {
        columnScratch.withUnsafeMutableBufferPointer { av in
            design.multiply(v, into: av)
            if let weights { for i in 0..<design.rows { av[i] *= weights[i] } }
            for j in 0..<dimension {
                var s = 0.0
                for k in designColumns.columnPointers[j]..<designColumns.columnPointers[j + 1] {
                    s += designColumns.values[k] * av[Int(designColumns.rowIndices[k])]
                }
                y[j] = c * s + lambda * v[j]
            }
            for i in 0..<design.rows { av[i] = 0 }
        }
    }
}
