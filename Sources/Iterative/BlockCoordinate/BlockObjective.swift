import SparseLA

/// A smooth objective that block coordinate descent minimises, holding its own iterate and a
/// **maintained** gradient: `step` changes `x` on one block and updates `gradient` in time
/// proportional to the nonzeros the block touches (never a full recompute).
///
/// Conformers: `QuadraticObjective` (SPD `½xᵀAx − bᵀx`, also label propagation) and
/// `DesignMatrixObjective` (least squares, L2-regularised logistic regression).
/// Blocks are arrays of distinct coordinate indices in `0..<dimension`; callers guarantee this
/// (the driver only passes blocks built by the partition and selection rules).
public protocol BlockObjective: AnyObject {
    /// Number of variables n.
    var dimension: Int { get }
    /// The current iterate x (length n).
    var x: [Double] { get }
    /// ∇f(x) at the current iterate, kept up to date by `step` (length n).
    var gradient: [Double] { get }
    /// Coordinate Lipschitz constants L_i ≥ sup ∂²f/∂x_i² (length n, all > 0 for well-posed input).
    var coordinateLipschitz: [Double] { get }
    /// Whether f is quadratic (then `blockHessian` is exact and constant).
    var isQuadratic: Bool { get }
    /// For quadratics with a sparse Hessian: that Hessian (symmetric CSR). Its graph is the
    /// variable-dependency graph used by forest partitions and tree (message-passing) solves.
    var sparseHessian: CSRMatrix? { get }
    /// f(x) at the current iterate. Complexity O(n) or O(rows) (not maintained, computed).
    func value() -> Double
    /// f(x + t·δ) − f(x) for a change `δ` on `block`, without changing the state.
    /// Complexity O(nonzeros touched by the block).
    func valueChange(block: [Int], delta: [Double], scale t: Double) -> Double
    /// Sets x = x0 (zeros when nil) and recomputes the gradient from scratch (O(nnz)).
    func reset(to x0: [Double]?)
    /// x_b += δ and updates the gradient. Complexity O(nonzeros touched by the block).
    func step(block: [Int], delta: [Double])
    /// Writes the dense |b|×|b| block Hessian (column-major) into `h`. `bound == true` asks for
    /// the global upper bound (e.g. ¼AᵀA + λI for logistic), `false` for ∇²f at the current x.
    /// For quadratics both are the same. Complexity O(|b|·nnz(block columns)).
    func blockHessian(block: [Int], bound: Bool, into h: inout [Double])
    /// Σ_j |H_ij| for every i of the (upper-bound) Hessian (GSDHb variable-block rule). O(nnz).
    func hessianAbsoluteRowSums() -> [Double]
    /// y = H v for the (upper-bound) Hessian (IHT for variable-block GSQ). O(nnz).
    func hessianProduct(_ v: [Double], into y: inout [Double])
    /// An upper bound on λ_max of the (upper-bound) Hessian (power iteration, computed once).
    var hessianSpectralBound: Double { get }
}

extension BlockObjective {
    /// λ_max estimate of H by power iteration (`iterations` products, deterministic start),
    /// scaled up by 1% so it is a safe step-size bound. Complexity O(iterations · nnz).
    func powerIterationBound(iterations: Int = 60) -> Double {
        let n = dimension
        guard n > 0 else { return 0 }
        var v = [Double](repeating: 0, count: n)
        for i in 0..<n { v[i] = 1 + Double(i % 7) * 0.1 }
        var y = [Double](repeating: 0, count: n)
        var lambda = 0.0
        for _ in 0..<iterations {
            let nv = DenseVector.norm2(v)
            guard nv > 0 else { return 0 }
            for i in 0..<n { v[i] /= nv }
            hessianProduct(v, into: &y)
            lambda = DenseVector.dot(v, y)
            swap(&v, &y)
        }
        return lambda * 1.01
    }
}

/// Errors from building or running block coordinate descent.
public enum BCDError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An argument is out of range or inconsistent (names the argument and the reason).
    case invalidArgument(String)
    /// The chosen combination of partition, selection and update rule is not supported.
    case unsupportedCombination(String)
    /// The matrix is not square/symmetric or has a non-positive diagonal entry where SPD is required.
    case notSPD(String)

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case .invalidArgument(let s): return "invalid argument: \(s)"
        case .unsupportedCombination(let s): return "unsupported combination: \(s)"
        case .notSPD(let s): return "matrix is not SPD: \(s)"
        }
    }
}
