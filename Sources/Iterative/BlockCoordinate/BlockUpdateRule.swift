/// Workspace shared by the update rules (allocated once per run, reused every iteration).
public final class UpdateWorkspace {
    /// Dense block Hessian (column-major) scratch.
    var hessian: [Double] = []
    /// Cholesky scratch.
    var scratch: [Double] = []
    /// Eigenvalue scratch.
    var eigenvalues: [Double] = []
    /// Block gradient / right-hand side scratch.
    var rhs: [Double] = []
    /// Linear-time forest solver (only for objectives with a sparse Hessian).
    lazy var treeSolver: TreeSolver? = objective.sparseHessian.map { TreeSolver(matrix: $0) }
    let objective: any BlockObjective
    init(objective: any BlockObjective) { self.objective = objective }

    func ensure(_ k: Int) {
        if hessian.count < k * k { hessian = [Double](repeating: 0, count: k * k); scratch = hessian }
        if rhs.count < k { rhs = [Double](repeating: 0, count: k); eigenvalues = rhs }
    }
}

/// A block update rule: computes the change δ of x_b for the selected block (the driver then
/// applies it with `BlockObjective.step`). Each rule lives in its own file.
public protocol BlockUpdateRule {
    /// Stable name used by the CLI (`gradient`, `newton`, `linesearch`, `tree`).
    var name: String { get }
    /// Writes δ (length |b|) for `block`. `blockIndex` is the fixed-block index (nil for variable
    /// blocks) so cached block constants can be used.
    /// - Throws: `BCDError.unsupportedCombination` when the rule cannot handle this block
    ///   (e.g. a tree solve on a block with a cycle).
    mutating func computeStep(block: [Int], blockIndex: Int?, state: SelectionState,
                              workspace: UpdateWorkspace, delta: inout [Double]) throws(BCDError)
}
