/// Tsallis-INF-CB: the contextual baseline of "Learning to Relax" (`TsallisINFCB.m`). The context
/// range [a, b] is cut into `bins` equal cells with centres a + (b − a)·(j + ½)/m; each instance's
/// context goes to the nearest centre (contexts outside [a, b] go to the end bins), and each bin
/// runs its own independent Tsallis-INF on the same ω grid. The paper uses m = 5 for the shifted
/// Laplacian and m = 6 for the heat equation.
///
/// An instance without a context uses bin 0. Cost per round O(20 d); deterministic given `seed`
/// (each bin's learner has its own derived generator).
public struct TsallisINFContextBinsPolicy: OmegaPolicy {
    /// Context range lower end a.
    public let lower: Double
    /// Context range upper end b.
    public let upper: Double
    /// One learner per bin.
    public private(set) var learners: [TsallisINFPolicy]
    private var lastBin: Int = 0

    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    public var name: String { "tsallis_inf_cb" }

    /// `bins` learners over `grid` for contexts in [lower, upper].
    /// - Precondition: bins ≥ 1, lower < upper (both finite), grid not empty.
    public init(grid: [Double] = OmegaGrid.paperDefault, bins: Int = 5, lower: Double, upper: Double, seed: UInt64) {
        precondition(bins >= 1, "TsallisINFContextBinsPolicy: bins must be ≥ 1")
        precondition(lower.isFinite && upper.isFinite && lower < upper, "TsallisINFContextBinsPolicy: need a finite range lower < upper")
        self.lower = lower
        self.upper = upper
        self.learners = (0..<bins).map {
            var g = SeededGenerator.derived(seed: seed, stream: UInt64($0))
            return TsallisINFPolicy(grid: grid, seed: g.next())
        }
    }

    /// The bin whose centre is nearest to `context` (ties to the lower bin).
    public func bin(for context: Double?) -> Int {
        guard let c = context, c.isFinite else { return 0 }
        let m = Double(learners.count)
        // Centres a + (b−a)(j+½)/m: nearest centre = floor((c−a)/(b−a)·m), clamped.
        let j = Int(((c - lower) / (upper - lower) * m).rounded(.down))
        return min(max(j, 0), learners.count - 1)
    }

    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    public mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double {
        lastBin = bin(for: instance.context)
        let arm = learners[lastBin].chooseArm()
        return learners[lastBin].grid[arm]
    }

    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    public mutating func observe(cost: Double) {
        learners[lastBin].observe(cost: cost)
    }
}
