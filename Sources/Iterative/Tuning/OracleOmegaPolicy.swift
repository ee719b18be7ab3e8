/// The instance-optimal baseline ("oracle"): for each instance it solves with every ω of the grid
/// (through the `probe` the sequence solver provides) and answers the cheapest, optionally
/// refining between the best grid point's neighbours by golden-section search on the iteration
/// count (the paper's heat-equation "Instance-Optimal" refines the same way). Ties go to the
/// smallest ω. For evaluation only: it costs |grid| (+ `refinementSteps`) solves per instance.
///
/// The answer is never worse than any grid ω on the instance it was chosen for (the refinement
/// only replaces the grid minimum when strictly cheaper).
public struct OracleOmegaPolicy: OmegaPolicy {
    /// The ω values searched.
    public let grid: [Double]
    /// Golden-section evaluations after the grid search (0: grid only).
    public let refinementSteps: Int
    /// The costs of the grid values on the last instance (same order as `grid`).
    public private(set) var lastGridCosts: [Double] = []

    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    public var name: String { "instance_optimal" }

    /// An oracle over `grid`.
    /// - Precondition: grid not empty, refinementSteps ≥ 0.
    public init(grid: [Double] = OmegaGrid.paperDefault, refinementSteps: Int = 0) {
        precondition(!grid.isEmpty, "OracleOmegaPolicy: empty grid")
        precondition(refinementSteps >= 0, "OracleOmegaPolicy: negative refinementSteps")
        self.grid = grid
        self.refinementSteps = refinementSteps
    }

    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    public mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double {
        let costs = grid.map { probe($0) }
        lastGridCosts = costs
        var best = 0
        for i in 1..<costs.count where costs[i] < costs[best] { best = i }
        var bestOmega = grid[best], bestCost = costs[best]
        guard refinementSteps > 0, grid.count > 1 else { return bestOmega }
        // Golden section on [ω_{best−1}, ω_{best+1}] (clamped to (0, 2)).
        var lo = grid[max(best - 1, 0)], hi = grid[min(best + 1, grid.count - 1)]
        lo = max(lo, 1e-3); hi = min(hi, 2 - 1e-3)
        let g = (5.0.squareRoot() - 1) / 2
        var x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo)
        var f1 = probe(x1), f2 = probe(x2)
        var used = 2
        func consider(_ w: Double, _ c: Double) {
            if c < bestCost { bestCost = c; bestOmega = w }
        }
        consider(x1, f1); consider(x2, f2)
        while used < refinementSteps {
            if f1 <= f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - g * (hi - lo); f1 = probe(x1); consider(x1, f1)
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + g * (hi - lo); f2 = probe(x2); consider(x2, f2)
            }
            used += 1
        }
        return bestOmega
    }

    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    public mutating func observe(cost: Double) {}
}
