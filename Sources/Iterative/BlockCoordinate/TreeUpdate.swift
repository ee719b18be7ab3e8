/// Exact block minimisation on forest-structured blocks by message passing: solves
/// A_bb δ = −g_b (quadratic objectives with a sparse Hessian) with `TreeSolver` in
/// O(Σ_{j∈b} nnz(row j)) — linear in the block, however large (half the variables for the
/// two-forest lattice partition). Equivalent to the dense Newton update on the same block.
public struct TreeUpdate: BlockUpdateRule {
    public var name: String { "tree" }
    public init() {}
    public mutating func computeStep(block: [Int], blockIndex: Int?, state: SelectionState,
                                     workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError) {
        let obj = state.objective
        guard obj.isQuadratic, let solver = workspace.treeSolver else {
            throw .unsupportedCombination("tree update needs a quadratic objective with a sparse Hessian (spd, labelprop)")
        }
        let g = obj.gradient
        workspace.rhs.removeAll(keepingCapacity: true)
        for j in block { workspace.rhs.append(-g[j]) }
        guard solver.solve(block: block, rhs: workspace.rhs, solution: &delta) else {
            throw .unsupportedCombination("tree update on a block that is not a forest (or whose block matrix is not SPD)")
        }
    }
}
