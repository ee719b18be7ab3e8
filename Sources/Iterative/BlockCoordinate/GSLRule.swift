/// Gauss–Southwell–Lipschitz (GSL).
///
/// Fixed blocks: argmax ‖g_b‖₁/√L_b (the reference code's form, `.codeL1`) or the paper's
/// ‖g_b‖₂²/L_b (`.paperSquared`), with L_b = λ_max(H_b). Variable blocks (the code's "GSDHb",
/// plotted as GSL): the τ largest |g_i|/√(Σ_j |H_ij|). Forest priority: the same ratio.
/// O(n) per selection.
public struct GSLRule: BlockSelectionRule {
    /// Which block score.
    public enum Form: String, Sendable { case codeL1, paperSquared }
    /// The block score this rule uses.
    public let form: Form
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    public var name: String { form == .codeL1 ? "gsl" : "gsl2" }
    private var topK = TopK()
    /// Creates the rule with the given block score (default: the reference code's ‖g_b‖₁/√L_b).
    public init(form: Form = .codeL1) { self.form = form }
    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    public mutating func selectBlock(_ state: SelectionState) -> Int {
        let g = state.objective.gradient
        let blocks = state.blocks
        let lb = state.blockLipschitz
        switch form {
        case .codeL1:
            return argmaxBlock(blocks.count) { b in
                var s = 0.0
                for j in blocks[b] { s += abs(g[j]) }
                return s / lb[b].squareRoot()
            }
        case .paperSquared:
            return argmaxBlock(blocks.count) { b in
                var s = 0.0
                for j in blocks[b] { s += g[j] * g[j] }
                return s / lb[b]
            }
        }
    }
    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let g = state.objective.gradient
        let d = state.sqrtHessianRowSums
        topK.select(size: size, count: g.count, into: &block) { abs(g[$0]) / d[$0] }
    }
    /// Fills `priority` (length n) with the order key for growing a greedy forest; returns false
    /// when the rule does not define one.
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool {
        let g = state.objective.gradient
        let d = state.sqrtHessianRowSums
        for i in 0..<priority.count { priority[i] = abs(g[i]) / d[i] }
        return true
    }
}
