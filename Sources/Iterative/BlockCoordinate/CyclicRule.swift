/// Cyclic selection: fixed blocks in order 0, 1, …, B−1, 0, …; variable blocks: the next τ
/// coordinates in index order, wrapping around ("Perm"/Cyclic). O(1) (O(τ) for variable).
public struct CyclicRule: BlockSelectionRule {
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    public var name: String { "cyclic" }
    private var next = 0
    /// Creates the cyclic rule (blocks in order 0, 1, 2, …); it has no parameters (state lives in `SelectionState`).
    public init() {}
    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        let b = next % state.blocks.count
        next = b + 1
        return b
    }
    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let n = state.objective.dimension
        block.removeAll(keepingCapacity: true)
        for _ in 0..<min(size, n) { block.append(next % n); next = (next + 1) % n }
    }
}
