/// Exact block minimisation on forest-structured blocks by message passing: solves
/// A_bb δ = −g_b (quadratic objectives with a sparse Hessian) with `TreeSolver` in
/// O(Σ_{j∈b} nnz(row j)) — linear in the block, however large (half the variables for the
/// two-forest lattice partition). Equivalent to the dense Newton update on the same block.
///
/// Fixed blocks: the elimination (order and pivots) is cached per block on first use, so each
/// later update costs O(|b|) for the solve plus the gradient maintenance.
public struct TreeUpdate: BlockUpdateRule {
    /// Stable name used by the CLI (`gradient`, `newton`, `linesearch`, `tree`).
    public var name: String { "tree" }
    private var cache: [Int: TreeSolver.Factorization] = [:]
    /// Creates the exact tree update (message passing on forest blocks); it has no parameters.
    public init() {}
    /// Writes δ (length |b|) for `block`. `blockIndex` is the fixed-block index (nil for variable
    /// blocks) so cached block constants can be used.
    /// - Throws: `BCDError.unsupportedCombination` when the rule cannot handle this block
    ///   (e.g. a tree solve on a block with a cycle).
    public mutating func computeStep(block: [Int], blockIndex: Int?, state: SelectionState,
                                     workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError) {
        let obj = state.objective
        guard obj.isQuadratic, let solver = workspace.treeSolver else {
            throw .unsupportedCombination("tree update needs a quadratic objective with a sparse Hessian (spd, labelprop)")
        }
        let g = obj.gradient
        var rhs = workspace.rhs
        workspace.rhs = []   // sole owner while filling: no copy, no per-element exclusivity checks
        defer { workspace.rhs = rhs }
        rhs.removeAll(keepingCapacity: true)
        for j in block { rhs.append(-g[j]) }
        let factorization: TreeSolver.Factorization
        if let bi = blockIndex, let f = cache[bi] { factorization = f } else {
            guard let f = solver.factor(block: block) else {
                throw .unsupportedCombination("tree update on a block that is not a forest (or whose block matrix is not SPD)")
            }
            if let bi = blockIndex { cache[bi] = f }
            factorization = f
        }
        TreeSolver.solve(factorization, rhs: rhs, solution: &delta)
    }
}
