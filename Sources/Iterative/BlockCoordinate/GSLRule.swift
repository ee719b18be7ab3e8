/// Gauss–Southwell–Lipschitz (GSL).
///
/// Fixed blocks: argmax ‖g_b‖₁/√L_b (the reference code's form, `.codeL1`) or the paper's
/// ‖g_b‖₂²/L_b (`.paperSquared`), with L_b = λ_max(H_b). Variable blocks (the code's "GSDHb",
/// plotted as GSL): the τ largest |g_i|/√(Σ_j |H_ij|). Forest priority: the same ratio.
/// O(n) per selection.
public struct GSLRule: BlockSelectionRule {
    /// Which block score.
    public enum Form: String, Sendable { case codeL1, paperSquared }
    public let form: Form
    public var name: String { form == .codeL1 ? "gsl" : "gsl2" }
    private var topK = TopK()
    public init(form: Form = .codeL1) { self.form = form }
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
    public mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError) {
        let g = state.objective.gradient
        let d = state.sqrtHessianRowSums
        topK.select(size: size, count: g.count, into: &block) { abs(g[$0]) / d[$0] }
    }
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool {
        let g = state.objective.gradient
        let d = state.sqrtHessianRowSums
        for i in 0..<priority.count { priority[i] = abs(g[i]) / d[i] }
        return true
    }
}
