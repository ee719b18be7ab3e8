/// Truncation rule for POD (pyMOR semantics). A mode k (σ descending) is kept only if both rules
/// keep it:
/// - ratio: `σ_k > rtol · σ_1` (`rtol = 0` disables);
/// - energy: the smallest N with `Σ_{k>N} σ_k² ≤ ε² Σ_k σ_k²`, i.e. the kept modes carry at least
///   `1 − ε²` of the energy (`ε = 0` keeps all nonzero modes);
/// - and at most `maxModes`.
/// Modes with σ = 0 (or below 1e-14·σ_1, round-off) are always dropped.
public struct PODTruncation: Sendable, Equatable, Codable {
    /// Relative singular-value threshold (≥ 0).
    public var rtol: Double
    /// Relative l2 tail ε (≥ 0): discarded energy ≤ ε² of the total.
    public var energyTolerance: Double
    /// Hard cap on the number of modes.
    public var maxModes: Int

    /// Creates a rule; negative tolerances are treated as 0, `maxModes < 1` as 1.
    public init(rtol: Double = 0, energyTolerance: Double = 0, maxModes: Int = .max) {
        self.rtol = max(rtol, 0)
        self.energyTolerance = max(energyTolerance, 0)
        self.maxModes = max(maxModes, 1)
    }

    /// Number of modes to keep for singular values `s` (descending, non-negative). O(len(s)).
    public func rank(of s: [Double]) -> Int {
        guard let s1 = s.first, s1 > 0 else { return 0 }
        var nRatio = 0
        let floor = max(rtol, 1e-14) * s1
        while nRatio < s.count && s[nRatio] > floor { nRatio += 1 }
        // tail sums from the end so that small tails keep their relative accuracy
        var suffix = [Double](repeating: 0, count: s.count + 1)
        for k in stride(from: s.count - 1, through: 0, by: -1) { suffix[k] = suffix[k + 1] + s[k] * s[k] }
        let allowed = energyTolerance * energyTolerance * suffix[0]
        var nEnergy = 0
        while nEnergy < s.count && suffix[nEnergy] > allowed { nEnergy += 1 }
        if energyTolerance == 0 { nEnergy = s.count }
        return min(nRatio, nEnergy, maxModes)
    }
}
