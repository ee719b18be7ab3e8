/// What block-selection rules read: the objective (gradient, L_i), the fixed partition with its
/// cached block constants, a seeded generator and the iteration count. Built once per run by
/// `BlockCoordinateDescent`; the caches are filled on first use by the rules that need them.
public final class SelectionState {
    /// The objective being minimised (gradient maintained).
    public let objective: any BlockObjective
    /// Fixed blocks (empty for variable-block runs).
    public let blocks: [[Int]]
    /// Seeded generator for the randomised rules.
    public var random: SeededRandom
    /// Iterations completed so far.
    public var iteration: Int = 0

    /// L_b = λ_max(H_b) per fixed block (upper-bound Hessian), computed on first use.
    public private(set) lazy var blockLipschitz: [Double] = computeBlockLipschitz()
    /// √L_i per coordinate.
    public private(set) lazy var sqrtCoordinateLipschitz: [Double] = objective.coordinateLipschitz.map { $0.squareRoot() }
    /// (H_b + 1e-10 I)⁻¹ per fixed block, column-major, computed on first use (GSQ).
    public private(set) lazy var blockInverseHessians: [[Double]] = computeInverses()
    /// √(Σ_j |H_ij|) per coordinate (variable-block GSL, the code's GSDHb), computed on first use.
    public private(set) lazy var sqrtHessianRowSums: [Double] = objective.hessianAbsoluteRowSums().map { $0.squareRoot() }

    init(objective: any BlockObjective, blocks: [[Int]], seed: UInt64) {
        self.objective = objective
        self.blocks = blocks
        self.random = SeededRandom(seed: seed)
    }

    private func computeBlockLipschitz() -> [Double] {
        var h: [Double] = []
        var w = [Double](repeating: 0, count: blocks.map(\.count).max() ?? 0)
        return blocks.map { b in
            BlockCoordinateDescent.blockLipschitz(objective, block: b, hessian: &h, eigenvalues: &w)
        }
    }

    private func computeInverses() -> [[Double]] {
        blocks.map { b in
            var h: [Double] = []
            objective.blockHessian(block: b, bound: true, into: &h)
            let k = b.count
            let ok = h.withUnsafeMutableBufferPointer { DenseBlockAlgebra.invertSPD($0, k: k, regularization: 1e-10) }
            if !ok {   // singular block: fall back to the diagonal inverse
                objective.blockHessian(block: b, bound: true, into: &h)
                var inv = [Double](repeating: 0, count: k * k)
                for i in 0..<k { inv[i * k + i] = 1 / max(h[i * k + i], 1e-300) }
                return inv
            }
            return Array(h[0..<(k * k)])
        }
    }
}

/// A block-selection rule. Each rule lives in its own file.
///
/// Fixed blocks: `selectBlock` returns an index into `state.blocks`. Variable blocks:
/// `selectCoordinates` writes τ coordinates. Greedy forests: `forestPriority` gives the order in
/// which coordinates try to join the forest (higher first) or `false` when the rule has none.
public protocol BlockSelectionRule {
    /// Stable name used by the CLI (`cyclic`, `random`, `lipschitz`, `gs`, `gsl`, `gsd`, `gsq`).
    var name: String { get }
    /// Index of the fixed block to update next. Complexity: O(1) for cyclic/random,
    /// O(log #blocks) for Lipschitz sampling, O(n) for the greedy rules.
    mutating func selectBlock(_ state: SelectionState) -> Int
    /// Writes τ = `size` distinct coordinates into `block` (variable blocks).
    /// - Throws: `BCDError.unsupportedCombination` when the rule has no variable-block form.
    mutating func selectCoordinates(_ state: SelectionState, size: Int, into block: inout [Int]) throws(BCDError)
    /// Fills `priority` (length n) with the order key for growing a greedy forest; returns false
    /// when the rule does not define one.
    mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool
}

extension BlockSelectionRule {
    /// Fills `priority` (length n) with the order key for growing a greedy forest; returns false
    /// when the rule does not define one.
    public mutating func forestPriority(_ state: SelectionState, into priority: inout [Double]) -> Bool { false }
}

/// Keeps the `size` largest scores seen (ties: lower index first). O(size) per insertion;
/// used by the greedy variable-block rules (top-τ of a score vector in O(n τ)).
struct TopK {
    /// Scratch for the kept scores (reused across calls by the rule that owns it).
    var scores: [Double] = []

    mutating func select(size: Int, count n: Int, into block: inout [Int], score: (Int) -> Double) {
        block.removeAll(keepingCapacity: true)
        scores.removeAll(keepingCapacity: true)
        let tau = min(size, n)
        for i in 0..<n {
            let s = score(i)
            if block.count == tau && !(s > scores[tau - 1]) { continue }
            var pos = block.count
            while pos > 0 && s > scores[pos - 1] { pos -= 1 }
            if block.count == tau { block.removeLast(); scores.removeLast() }
            block.insert(i, at: pos); scores.insert(s, at: pos)
        }
    }
}

/// Argmax over blocks of a score (first maximum wins).
@inline(__always)
func argmaxBlock(_ count: Int, _ score: (Int) -> Double) -> Int {
    var best = 0
    var bestScore = -Double.infinity
    for b in 0..<count {
        let s = score(b)
        if s > bestScore { bestScore = s; best = b }
    }
    return best
}
