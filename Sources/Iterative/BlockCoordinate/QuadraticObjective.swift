import SparseLA

/// The SPD quadratic f(x) = ½ xᵀ A x − bᵀ x with gradient g = A x − b (so ‖g‖ is the linear
/// system residual ‖b − A x‖). Minimising f solves A x = b.
///
/// Gradient maintenance: a step δ on block b adds A_{:,b} δ to g, read from the rows of A
/// (A is symmetric), costing O(Σ_{j∈b} nnz(row j)).
public final class QuadraticObjective: BlockObjective {
    /// The SPD matrix A.
    public let matrix: CSRMatrix
    /// The right-hand side b.
    public let rhs: [Double]
    /// Number of variables n.
    public let dimension: Int
    /// The current iterate x (length n).
    public private(set) var x: [Double]
    /// ∇f(x) at the current iterate, kept up to date by `step` (length n).
    public private(set) var gradient: [Double]
    /// Coordinate Lipschitz constants L_i ≥ sup ∂²f/∂x_i² (length n, all > 0 for well-posed input).
    public let coordinateLipschitz: [Double]
    /// Whether f is quadratic (then `blockHessian` is exact and constant).
    public var isQuadratic: Bool { true }
    /// For quadratics with a sparse Hessian: that Hessian (symmetric CSR). Its graph is the
    /// variable-dependency graph used by forest partitions and tree (message-passing) solves.
    public var sparseHessian: CSRMatrix? { matrix }
    /// An upper bound on λ_max of the (upper-bound) Hessian (power iteration, computed once).
    public private(set) lazy var hessianSpectralBound: Double = powerIterationBound()
    private var position: [Int]   // global index -> position in the current block, -1 outside

    /// Wraps `A` (square, symmetric pattern and values, positive diagonal) and `b`.
    /// - Throws: `BCDError.notSPD` for a non-square or non-symmetric matrix or a diagonal entry
    ///   ≤ 0 (a necessary SPD condition; full definiteness is not checked),
    ///   `BCDError.invalidArgument` when `b` has the wrong length or non-finite entries.
    /// Complexity O(nnz).
    public init(matrix: CSRMatrix, rhs: [Double], checkSymmetry: Bool = true) throws(BCDError) {
        guard matrix.rows == matrix.columns else { throw .notSPD("matrix is \(matrix.rows)x\(matrix.columns)") }
        guard rhs.count == matrix.rows else { throw .invalidArgument("rhs has \(rhs.count) entries, matrix has \(matrix.rows) rows") }
        guard rhs.allSatisfy({ $0.isFinite }) else { throw .invalidArgument("rhs has non-finite entries") }
        let n = matrix.rows
        var diag = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in matrix.rowPointers[i]..<matrix.rowPointers[i + 1] where Int(matrix.columnIndices[k]) == i {
                diag[i] = matrix.values[k]
            }
            guard diag[i] > 0, diag[i].isFinite else { throw .notSPD("diagonal entry \(i) is \(diag[i])") }
        }
        if checkSymmetry {
            for i in 0..<n {
                for k in matrix.rowPointers[i]..<matrix.rowPointers[i + 1] {
                    let j = Int(matrix.columnIndices[k])
                    if j != i && matrix[j, i] != matrix.values[k] {
                        throw .notSPD("A[\(i),\(j)] = \(matrix.values[k]) but A[\(j),\(i)] = \(matrix[j, i])")
                    }
                }
            }
        }
        self.matrix = matrix
        self.rhs = rhs
        self.dimension = n
        self.coordinateLipschitz = diag
        self.x = [Double](repeating: 0, count: n)
        self.gradient = rhs.map { -$0 }
        self.position = [Int](repeating: -1, count: n)
    }

    /// f(x) at the current iterate. Complexity O(n) or O(rows) (not maintained, computed).
    public func value() -> Double {
        var s = 0.0
        for i in 0..<dimension { s += x[i] * (gradient[i] - rhs[i]) }
        return 0.5 * s
    }

    /// Sets x = x0 (zeros when nil) and recomputes the gradient from scratch (O(nnz)).
    public func reset(to x0: [Double]?) {
        let n = dimension
        if let x0 { precondition(x0.count == n, "reset: x0 has \(x0.count) entries, need \(n)"); x = x0 }
        else { x = [Double](repeating: 0, count: n) }
        matrix.apply(x, into: &gradient)
        for i in 0..<n { gradient[i] -= rhs[i] }
    }

    /// x_b += δ and updates the gradient. Complexity O(nonzeros touched by the block).
    public func step(block: [Int], delta: [Double]) {
        matrix.rowPointers.withUnsafeBufferPointer { rp in
        matrix.columnIndices.withUnsafeBufferPointer { ci in
        matrix.values.withUnsafeBufferPointer { va in
        gradient.withUnsafeMutableBufferPointer { g in
        x.withUnsafeMutableBufferPointer { xp in
            for (p, j) in block.enumerated() {
                let d = delta[p]
                if d == 0 { continue }
                xp[j] += d
                for k in rp[j]..<rp[j + 1] { g[Int(ci[k])] += va[k] * d }
            }
        }}}}}
    }

    /// f(x + t·δ) − f(x) for a change `δ` on `block`, without changing the state.
    /// Complexity O(nonzeros touched by the block).
    public func valueChange(block: [Int], delta: [Double], scale t: Double) -> Double {
        // t gᵀδ + ½ t² δᵀ A_bb δ
        for (p, j) in block.enumerated() { position[j] = p }
        var lin = 0.0, quad = 0.0
        for (p, j) in block.enumerated() {
            lin += gradient[j] * delta[p]
            var s = 0.0
            for k in matrix.rowPointers[j]..<matrix.rowPointers[j + 1] {
                let q = position[Int(matrix.columnIndices[k])]
                if q >= 0 { s += matrix.values[k] * delta[q] }
            }
            quad += delta[p] * s
        }
        for j in block { position[j] = -1 }
        return t * lin + 0.5 * t * t * quad
    }

    /// Writes the dense |b|×|b| block Hessian (column-major) into `h`. `bound == true` asks for
    /// the global upper bound (e.g. ¼AᵀA + λI for logistic), `false` for ∇²f at the current x.
    /// For quadratics both are the same. Complexity O(|b|·nnz(block columns)).
    public func blockHessian(block: [Int], bound: Bool, into h: inout [Double]) {
        let k = block.count
        if h.count < k * k { h = [Double](repeating: 0, count: k * k) }
        for i in 0..<(k * k) { h[i] = 0 }
        for (p, j) in block.enumerated() { position[j] = p }
        for (p, j) in block.enumerated() {
            for kk in matrix.rowPointers[j]..<matrix.rowPointers[j + 1] {
                let q = position[Int(matrix.columnIndices[kk])]
                if q >= 0 { h[q * k + p] = matrix.values[kk] }
            }
        }
        for j in block { position[j] = -1 }
    }

    /// Σ_j |H_ij| for every i of the (upper-bound) Hessian (GSDHb variable-block rule). O(nnz).
    public func hessianAbsoluteRowSums() -> [Double] {
        (0..<dimension).map { i in
            var s = 0.0
            for k in matrix.rowPointers[i]..<matrix.rowPointers[i + 1] { s += abs(matrix.values[k]) }
            return s
        }
    }

    /// y = H v for the (upper-bound) Hessian (IHT for variable-block GSQ). O(nnz).
    public func hessianProduct(_ v: [Double], into y: inout [Double]) { matrix.apply(v, into: &y) }
}
