/// Gauss–Southwell–Diagonal (GSD): the fixed block with the largest Σ_{i∈b} |g_i|/√L_i; for
/// variable blocks the τ largest |g_i|/√L_i; forest priority |g_i|/√L_i. O(n) per selection.
public struct GSDRule: BlockSelectionRule {
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    public var name: String { "gsd" }
    private var topK = TopK()
    /// Creates the GSD (Gauss-Southwell-Diagonal) rule; it has no parameters (state lives in `SelectionState`).
    public init() {}
    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        let g = state.objective.gradient
        let blocks = state.blocks
        let sl = state.sqrtCoordinateLipschitz
        return argmaxBlock(blocks.count) { b in
            var s = 0.0
            for j in blocks[b] { s += abs(g[j]) / sl[j] }
            return s
        }
    }
    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let g = state.objective.gradient
        let sl = state.sqrtCoordinateLipschitz
        topK.select(size: size, count: g.count, into: &block) { abs(g[$0]) / sl[$0] }
    }
    /// Fills `priority` (length n) with the order key for growing a greedy forest; returns false
    /// when the rule does not define one.
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool {
        let g = state.objective.gradient
        let sl = state.sqrtCoordinateLipschitz
        for i in 0..<priority.count { priority[i] = abs(g[i]) / sl[i] }
        return true
    }
}
