import Iterative

/// Synthetic cost models for the policy tests (no linear solves): arm i's cost is a known mean
/// plus bounded noise, optionally depending on a scalar context.
enum ToyBandit {
    /// Mean cost of arm i in a context-free bandit with a unique best arm `best`.
    static func mean(arm i: Int, best: Int) -> Double { 20 + 4 * Double(abs(i - best)) }

    /// Noisy cost, costs ≥ 1 like iteration counts.
    static func cost(arm i: Int, best: Int, rng: inout SeededGenerator) -> Double {
        (mean(arm: i, best: best) + 6 * (rng.uniform() - 0.5)).rounded()
    }

    /// Contextual cost on a 20-arm grid: the best ω moves smoothly with c ∈ [0, 1].
    static func contextualMean(omega: Double, context c: Double) -> Double {
        let target = 1.1 + 0.7 * c
        return 10 + 400 * (omega - target) * (omega - target)
    }

    /// Plays `rounds` of a policy on the context-free toy; returns the chosen arm indices.
    static func play<P: OmegaPolicy>(_ policy: inout P, grid: [Double], best: Int, rounds: Int, noiseSeed: UInt64) -> [Int] {
        var noise = SeededGenerator(seed: noiseSeed)
        let dummy = SequenceInstance(matrix: .identity(1), rhs: [1])
        var arms: [Int] = []
        for _ in 0..<rounds {
            let w = policy.chooseOmega(for: dummy) { _ in 0 }
            let i = grid.firstIndex(of: w)!
            arms.append(i)
            policy.observe(cost: cost(arm: i, best: best, rng: &noise))
        }
        return arms
    }

    /// Plays a contextual policy with contexts uniform in [0, 1]; returns the costs paid and the
    /// optimal costs.
    static func playContextual<P: OmegaPolicy>(_ policy: inout P, grid: [Double], rounds: Int, seed: UInt64) -> (paid: [Double], optimal: [Double]) {
        var rng = SeededGenerator(seed: seed)
        var paid: [Double] = [], optimal: [Double] = []
        for _ in 0..<rounds {
            let c = rng.uniform()
            let instance = SequenceInstance(matrix: .identity(1), rhs: [1], context: c)
            let w = policy.chooseOmega(for: instance) { _ in 0 }
            let cost = (contextualMean(omega: w, context: c) + 2 * (rng.uniform() - 0.5)).rounded()
            policy.observe(cost: cost)
            paid.append(contextualMean(omega: w, context: c))
            optimal.append(grid.map { contextualMean(omega: $0, context: c) }.min()!)
        }
        return (paid, optimal)
    }
}
