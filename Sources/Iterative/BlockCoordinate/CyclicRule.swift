/// Cyclic selection: fixed blocks in order 0, 1, …, B−1, 0, …; variable blocks: the next τ
/// coordinates in index order, wrapping around ("Perm"/Cyclic). O(1) (O(τ) for variable).
public struct CyclicRule: BlockSelectionRule {
    public var name: String { "cyclic" }
    private var next = 0
    public init() {}
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        let b = next % state.blocks.count
        next = b + 1
        return b
    }
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let n = state.objective.dimension
        block.removeAll(keepingCapacity: true)
        for _ in 0..<min(size, n) { block.append(next % n); next = (next + 1) % n }
    }
}
