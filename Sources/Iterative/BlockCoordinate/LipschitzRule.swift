/// Lipschitz sampling: block b with probability L_b / Σ L (coordinates ∝ L_i for variable
/// blocks, without replacement by rejection). Cumulative sums are built on first use, then
/// each draw is a binary search: O(log B).
public struct LipschitzRule: BlockSelectionRule {
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    public var name: String { "lipschitz" }
    private var cumulative: [Double] = []
    private var coordinateCumulative: [Double] = []
    private var mark: [Bool] = []
    /// Creates the Lipschitz sampling rule (probability proportional to block Lipschitz constants); it has no parameters (state lives in `SelectionState`).
    public init() {}

    private static func cumsum(_ v: [Double]) -> [Double] {
        var c = [Double](repeating: 0, count: v.count)
        var s = 0.0
        for i in 0..<v.count { s += max(v[i], 0); c[i] = s }
        return c
    }

    private static func draw(_ c: [Double], _ rng: inout SeededRandom) -> Int {
        let u = rng.uniform() * (c.last ?? 0)
        var lo = 0, hi = c.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if c[mid] > u { hi = mid } else { lo = mid + 1 } }
        return lo
    }

    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        if cumulative.count != state.blocks.count { cumulative = Self.cumsum(state.blockLipschitz) }
        return Self.draw(cumulative, &state.random)
    }

    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let n = state.objective.dimension
        if coordinateCumulative.count != n {
            coordinateCumulative = Self.cumsum(state.objective.coordinateLipschitz)
            mark = [Bool](repeating: false, count: n)
        }
        block.removeAll(keepingCapacity: true)
        let tau = min(size, n)
        var attempts = 0
        while block.count < tau {
            attempts += 1
            var i = Self.draw(coordinateCumulative, &state.random)
            if attempts > 100 * tau { i = mark.firstIndex(of: false)! }   // heavy skew: finish deterministically
            if !mark[i] { mark[i] = true; block.append(i) }
        }
        for i in block { mark[i] = false }
    }
}
