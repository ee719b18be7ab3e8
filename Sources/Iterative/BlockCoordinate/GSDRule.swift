/// Gauss–Southwell–Diagonal (GSD): the fixed block with the largest Σ_{i∈b} |g_i|/√L_i; for
/// variable blocks the τ largest |g_i|/√L_i; forest priority |g_i|/√L_i. O(n) per selection.
public struct GSDRule: BlockSelectionRule {
    public var name: String { "gsd" }
    private var topK = TopK()
    public init() {}
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
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let g = state.objective.gradient
        let sl = state.sqrtCoordinateLipschitz
        topK.select(size: size, count: g.count, into: &block) { abs(g[$0]) / sl[$0] }
    }
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool {
        let g = state.objective.gradient
        let sl = state.sqrtCoordinateLipschitz
        for i in 0..<priority.count { priority[i] = abs(g[i]) / sl[i] }
        return true
    }
}
