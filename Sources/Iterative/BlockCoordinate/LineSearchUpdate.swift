/// Newton direction with the Hessian at the current point, then an Armijo backtracking line
/// search (sufficient decrease c = 1e-4, safeguarded quadratic interpolation t ∈ [0.1t, 0.5t],
/// at most 40 trials; δ = 0 if none succeeds). If the Newton direction is not a descent
/// direction, −g_b is used. For quadratics t = 1 is accepted (exact block minimiser).
/// Cost O(Newton) + O(trials · nnz touched).
public struct LineSearchUpdate: BlockUpdateRule {
    /// Stable name used by the CLI (`gradient`, `newton`, `linesearch`, `tree`).
    public var name: String { "linesearch" }
    /// Armijo constant.
    public var sufficientDecrease = 1e-4
    /// Creates the line-search update (Newton direction, Armijo backtracking); it has no parameters.
    public init() {}
    /// Writes δ (length |b|) for `block`. `blockIndex` is the fixed-block index (nil for variable
    /// blocks) so cached block constants can be used.
    /// - Throws: `BCDError.unsupportedCombination` when the rule cannot handle this block
    ///   (e.g. a tree solve on a block with a cycle).
    public mutating func computeStep(block: [Int], blockIndex: Int?, state: SelectionState,
                                     workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError) {
        let obj = state.objective
        try NewtonUpdate.newtonDirection(block: block, bound: false, objective: obj, workspace: workspace, delta: &delta)
        let g = obj.gradient
        var slope = 0.0
        for (p, j) in block.enumerated() { slope += g[j] * delta[p] }
        if !(slope < 0) {
            for (p, j) in block.enumerated() { delta[p] = -g[j] }
            slope = 0
            for j in block { slope -= g[j] * g[j] }
            if slope == 0 { return }
        }
        var t = 1.0
        for _ in 0..<40 {
            let change = obj.valueChange(block: block, delta: delta, scale: t)
            if change <= sufficientDecrease * t * slope {
                if t != 1 { for p in 0..<delta.count { delta[p] *= t } }
                return
            }
            let denom = 2 * (change - t * slope)
            var tNew = denom > 0 && denom.isFinite ? -slope * t * t / denom : 0.5 * t
            tNew = min(max(tNew, 0.1 * t), 0.5 * t)
            t = tNew
        }
        for p in 0..<delta.count { delta[p] = 0 }
    }
}
