/// Gauss–Southwell–Quadratic (GSQ): the fixed block maximising √(g_bᵀ (H_b + 1e-10 I)⁻¹ g_b),
/// i.e. the largest guaranteed decrease of an exact (Newton) block step; the inverses are
/// computed once and cached (O(Σ|b|³) setup, O(Σ|b|²) per selection).
///
/// Variable blocks (approximate, the code's IHT): 10 steps of d ← d − μ(g + H d) with
/// μ = 1/λ_max(H), each followed by keeping only the τ entries of largest magnitude; the
/// support of d is the block. O(10 · nnz(H)) per selection.
public struct GSQRule: BlockSelectionRule {
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    public var name: String { "gsq" }
    private var topK = TopK()
    /// IHT steps for variable blocks.
    public var ihtSteps = 10
    private var d: [Double] = []
    private var hd: [Double] = []
    private var support: [Int] = []
    private var keep: [Double] = []
    private var gb: [Double] = []
    /// Creates the GSQ (Gauss-Southwell-Quadratic) rule; it has no parameters (state lives in `SelectionState`).
    public init() {}
    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        let g = state.objective.gradient
        let blocks = state.blocks
        let inv = state.blockInverseHessians
        if gb.isEmpty { gb = [Double](repeating: 0, count: blocks.map(\.count).max() ?? 0) }
        var gb = self.gb
        self.gb = []   // keep one reference so writes below do not copy
        defer { self.gb = gb }
        return argmaxBlock(blocks.count) { b in
            let k = blocks[b].count
            for (p, j) in blocks[b].enumerated() { gb[p] = g[j] }
            return inv[b].withUnsafeBufferPointer { m in
                gb.withUnsafeBufferPointer { DenseBlockAlgebra.quadraticForm(m, $0, k: k) }
            }
        }
    }
    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let obj = state.objective
        let n = obj.dimension
        let g = obj.gradient
        let mu = 1 / obj.hessianSpectralBound
        if d.count != n { d = [Double](repeating: 0, count: n); hd = [Double](repeating: 0, count: n) }
        for i in 0..<n { d[i] = 0 }
        support.removeAll(keepingCapacity: true)
        for _ in 0..<ihtSteps {
            obj.hessianProduct(d, into: &hd)
            for i in 0..<n { d[i] -= mu * (g[i] + hd[i]) }
            d.withUnsafeBufferPointer { dp in
                topK.select(size: size, count: n, into: &support) { abs(dp[$0]) }
            }
            // Hard threshold: zero everything outside the support.
            keep.removeAll(keepingCapacity: true)
            for i in support { keep.append(d[i]) }
            for i in 0..<n { d[i] = 0 }
            for (p, i) in support.enumerated() { d[i] = keep[p] }
        }
        block.removeAll(keepingCapacity: true)
        block.append(contentsOf: support.sorted())
    }
}
