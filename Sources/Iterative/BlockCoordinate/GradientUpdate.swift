/// Gradient step with the block Lipschitz constant: δ = −g_b / L_b, L_b = λ_max(H_b) of the
/// (upper-bound) block Hessian (cached per fixed block; computed per variable block with LAPACK
/// `dsyev`, or a Gershgorin bound for blocks over 256 coordinates of a sparse Hessian).
/// Guarantees f(x⁺) ≤ f(x) − ‖g_b‖²/(2L_b). Cost O(|b|) with cached L_b.
public struct GradientUpdate: BlockUpdateRule {
    /// Stable name used by the CLI (`gradient`, `newton`, `linesearch`, `tree`).
    public var name: String { "gradient" }
    /// Creates the gradient update (δ = −g_b / L_b); it has no parameters.
    public init() {}
    /// Writes δ (length |b|) for `block`. `blockIndex` is the fixed-block index (nil for variable
    /// blocks) so cached block constants can be used.
    /// - Throws: `BCDError.unsupportedCombination` when the rule cannot handle this block
    ///   (e.g. a tree solve on a block with a cycle).
    public mutating func computeStep(block: [Int], blockIndex: Int?, state: SelectionState,
                                     workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError) {
        let g = state.objective.gradient
        let lb: Double
        if let bi = blockIndex { lb = state.blockLipschitz[bi] } else {
            lb = BlockCoordinateDescent.blockLipschitz(state.objective, block: block,
                                                       hessian: &workspace.hessian, eigenvalues: &workspace.eigenvalues)
        }
        delta.removeAll(keepingCapacity: true)
        guard lb > 0, lb.isFinite else { for _ in block { delta.append(0) }; return }
        for j in block { delta.append(-g[j] / lb) }
    }
}
