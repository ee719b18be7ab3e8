/// Matrix (Newton) update: δ = −H_b⁻¹ g_b with the dense block Hessian factored by LAPACK
/// Cholesky (`dpotrf`/`dpotrs`; a tiny diagonal shift is added if H_b is singular, like the
/// reference code's pseudo-inverse). Uses the upper-bound Hessian, so for quadratics it is the
/// exact block minimiser and for logistic regression a guaranteed-descent majorisation step.
/// Cost O(|b|·nnz(block) + |b|³); blocks over 4096 coordinates are rejected (use `tree`).
public struct NewtonUpdate: BlockUpdateRule {
    /// Stable name used by the CLI (`gradient`, `newton`, `linesearch`, `tree`).
    public var name: String { "newton" }
    /// Creates the block Newton update (δ = −H_b⁻¹ g_b by dense Cholesky); it has no parameters.
    public init() {}
    /// Writes δ (length |b|) for `block`. `blockIndex` is the fixed-block index (nil for variable
    /// blocks) so cached block constants can be used.
    /// - Throws: `BCDError.unsupportedCombination` when the rule cannot handle this block
    ///   (e.g. a tree solve on a block with a cycle).
    public mutating func computeStep(block: [Int], blockIndex: Int?, state: SelectionState,
                                     workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError) {
        try Self.newtonDirection(block: block, bound: true, objective: state.objective, workspace: workspace, delta: &delta)
    }

    static func newtonDirection(block: [Int], bound: Bool, objective: any BlockObjective,
                                workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError) {
        let k = block.count
        guard k <= 4096 else {
            throw .unsupportedCombination("dense Newton update on a block of \(k) coordinates (max 4096); use the tree update on forest blocks")
        }
        workspace.ensure(k)
        objective.blockHessian(block: block, bound: bound, into: &workspace.hessian)
        let g = objective.gradient
        delta.removeAll(keepingCapacity: true)
        for j in block { delta.append(-g[j]) }
        let ok = workspace.hessian.withUnsafeMutableBufferPointer { h in
            workspace.scratch.withUnsafeMutableBufferPointer { s in
                delta.withUnsafeMutableBufferPointer { d in
                    DenseBlockAlgebra.choleskySolve(h, k: k, rhs: d, scratch: s)
                }
            }
        }
        if !ok {   // non-finite Hessian: fall back to a diagonal step
            objective.blockHessian(block: block, bound: bound, into: &workspace.hessian)
            for p in 0..<k { delta[p] = -g[block[p]] / max(workspace.hessian[p * k + p], 1e-300) }
        }
    }
}
