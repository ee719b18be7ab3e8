import Foundation

/// Tsallis-INF over an ω grid: follow-the-regularised-leader with the ½-Tsallis entropy
/// (Zimmert–Seldin), the bandit of Khodak et al., "Learning to Relax" (ICLR 2024), as in their
/// `TsallisINF.m` (ITERATIVE.md §1.3). Feedback is the iteration count only.
///
/// Each round t (1-based): η = 2/√t; the normaliser x solves Σ p_i = 1 with
/// p_i = 4 (η (k_i/scale − x))⁻², by 20 Newton steps from x = −1; an arm is sampled ∝ p (uniform
/// if p is unusable). After the solve: scale ← mean(costs so far) − 1 and
/// k_arm += (cost − 1)/p_arm (cost shifted by 1 because the minimum is one iteration; normalised
/// only through the running-mean `scale`).
///
/// Deviation, documented: when every cost so far is 1 the paper's scale is 0 and its arithmetic
/// produces NaN; here a non-positive scale is replaced by 1, and a sampled probability that is not
/// positive and finite is replaced by 1/d.
///
/// Cost per round O(20 d); state O(d); deterministic given `seed`.
public struct TsallisINFPolicy: OmegaPolicy {
    /// The arms.
    public let grid: [Double]
    /// Cumulative importance-weighted shifted losses.
    public private(set) var cumulativeLoss: [Double]
    /// Running mean cost − 1 (1 until the first observation).
    public private(set) var scale: Double = 1
    /// Rounds completed.
    public private(set) var rounds: Int = 0
    /// Sum of all observed costs (for the running mean).
    private var costSum: Double = 0
    private var lastArm: Int = 0
    private var lastProbability: Double = 1
    private var rng: SeededGenerator

    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    public var name: String { "tsallis_inf" }

    /// A learner over `grid` (default: 20 values in [1, 1.95]) seeded with `seed`.
    /// - Precondition: the grid is not empty.
    public init(grid: [Double] = OmegaGrid.paperDefault, seed: UInt64) {
        precondition(!grid.isEmpty, "TsallisINFPolicy: empty grid")
        self.grid = grid
        self.cumulativeLoss = [Double](repeating: 0, count: grid.count)
        self.rng = SeededGenerator(seed: seed)
    }

    /// The sampling distribution of the next round (not normalised exactly; Σp ≈ 1 after Newton).
    public func probabilities() -> [Double] {
        let eta = 2 / Double(rounds + 1).squareRoot()
        let s = scale > 0 && scale.isFinite ? scale : 1
        var x = -1.0
        var p = [Double](repeating: 0, count: grid.count)
        for _ in 0..<20 {
            var sum = 0.0, sum32 = 0.0
            for i in 0..<grid.count {
                let q = eta * (cumulativeLoss[i] / s - x)
                let pi = 4 / (q * q)
                p[i] = pi
                sum += pi
                sum32 += pi * pi.squareRoot()
            }
            x -= (sum - 1) / (eta * sum32)
        }
        // p from the final Newton iterate's x as in the reference (probabilities before the last update of x).
        return p
    }

    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    public mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double {
        chooseArm()
        return grid[lastArm]
    }

    /// Samples the next arm (index into `grid`).
    @discardableResult
    public mutating func chooseArm() -> Int {
        let p = probabilities()
        if let i = rng.categorical(p) {
            lastArm = i
            let pi = p[i]
            lastProbability = pi > 0 && pi.isFinite ? pi : 1 / Double(grid.count)
        } else {
            lastArm = rng.index(below: grid.count)
            lastProbability = 1 / Double(grid.count)
        }
        return lastArm
    }

    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    public mutating func observe(cost: Double) {
        rounds += 1
        costSum += cost
        let mean = costSum / Double(rounds)
        scale = mean - 1 > 0 ? mean - 1 : 1
        cumulativeLoss[lastArm] += (cost - 1) / lastProbability
    }
}
