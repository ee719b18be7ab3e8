/// Uniform random selection: a uniformly random fixed block, or τ distinct coordinates drawn
/// uniformly without replacement (partial Fisher–Yates on a kept permutation). For forests the
/// priority is a random key (the paper's RTree). O(1) / O(τ) / O(n).
public struct RandomRule: BlockSelectionRule {
    public var name: String { "random" }
    private var permutation: [Int] = []
    public init() {}
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        state.random.index(below: state.blocks.count)
    }
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
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool {
        for i in 0..<priority.count { priority[i] = state.random.uniform() }
        return true
    }
}
