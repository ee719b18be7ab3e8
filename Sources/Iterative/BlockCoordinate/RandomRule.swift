/// Uniform random selection: a uniformly random fixed block, or τ distinct coordinates drawn
/// uniformly without replacement (partial Fisher–Yates on a kept permutation). For forests the
/// priority is a random key (the paper's RTree). O(1) / O(τ) / O(n).
public struct RandomRule: BlockSelectionRule {
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    public var name: String { "random" }
    private var permutation: [Int] = []
    /// Creates the uniform random rule; it has no parameters (state lives in `SelectionState`).
    public init() {}
    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        state.random.index(below: state.blocks.count)
    }
    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let n = state.objective.dimension
        if permutation.count != n { permutation = Array(0..<n) }
        block.removeAll(keepingCapacity: true)
        for t in 0..<min(size, n) {
            let r = t + state.random.index(below: n - t)
            permutation.swapAt(t, r)
            block.append(permutation[t])
        }
    }
    /// Fills `priority` (length n) with the order key for growing a greedy forest; returns false
    /// when the rule does not define one.
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool {
        for i in 0..<priority.count { priority[i] = state.random.uniform() }
        return true
    }
}
