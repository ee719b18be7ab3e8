import Testing
import Foundation
@testable import Iterative

/// Tests for Sources/Iterative/Tuning/TsallisINF.swift and TsallisINFContextBins.swift.
@Suite struct TsallisINFTests {
    let grid = OmegaGrid.paperDefault

    @Test func firstRoundIsUniform() {
        let p = TsallisINFPolicy(grid: grid, seed: 1).probabilities()
        for x in p { #expect(abs(x - 0.05) < 1e-9) }
    }

    @Test func concentratesOnTheBestArmOfAStochasticBandit() {
        var policy = TsallisINFPolicy(grid: grid, seed: 3)
        let arms = ToyBandit.play(&policy, grid: grid, best: 13, rounds: 4000, noiseSeed: 11)
        let tail = arms.suffix(1000)
        let share = Double(tail.filter { $0 == 13 }.count) / Double(tail.count)
        let near = Double(tail.filter { abs($0 - 13) <= 1 }.count) / Double(tail.count)
        #expect(share > 0.5, "best-arm share in the last 1000 rounds: \(share)")
        #expect(near > 0.8, "best ± 1 share: \(near)")
        let p = policy.probabilities()
        #expect(p.indices.max { p[$0] < p[$1] } == 13)
    }

    @Test func deterministicBySeed() {
        var a = TsallisINFPolicy(grid: grid, seed: 5), b = TsallisINFPolicy(grid: grid, seed: 5), c = TsallisINFPolicy(grid: grid, seed: 6)
        let xa = ToyBandit.play(&a, grid: grid, best: 4, rounds: 300, noiseSeed: 1)
        let xb = ToyBandit.play(&b, grid: grid, best: 4, rounds: 300, noiseSeed: 1)
        let xc = ToyBandit.play(&c, grid: grid, best: 4, rounds: 300, noiseSeed: 1)
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test func saveAndResumeGivesTheSameChoices() throws {
        var uninterrupted = TsallisINFPolicy(grid: grid, seed: 8)
        let full = ToyBandit.play(&uninterrupted, grid: grid, best: 9, rounds: 400, noiseSeed: 2)
        var first = TsallisINFPolicy(grid: grid, seed: 8)
        _ = ToyBandit.play(&first, grid: grid, best: 9, rounds: 250, noiseSeed: 2)
        let json = try JSONEncoder().encode(first)
        var resumed = try JSONDecoder().decode(TsallisINFPolicy.self, from: json)
        // Continue the same noise stream: replay its first 250 draws.
        var noise = SeededGenerator(seed: 2)
        for _ in 0..<250 { _ = noise.uniform() }
        var rest: [Int] = []
        let dummy = SequenceInstance(matrix: .identity(1), rhs: [1])
        for _ in 0..<150 {
            let i = grid.firstIndex(of: resumed.chooseOmega(for: dummy) { _ in 0 })!
            rest.append(i)
            resumed.observe(cost: ToyBandit.cost(arm: i, best: 9, rng: &noise))
        }
        #expect(Array(full.suffix(150)) == rest)
    }

    @Test func contextBinsLearnADifferentArmPerBin() {
        var policy = TsallisINFContextBinsPolicy(grid: grid, bins: 2, lower: 0, upper: 1, seed: 4)
        #expect(policy.bin(for: 0.1) == 0 && policy.bin(for: 0.9) == 1 && policy.bin(for: -5) == 0 && policy.bin(for: 7) == 1)
        var noise = SeededGenerator(seed: 3)
        var tail: [(Double, Int)] = []
        for t in 0..<6000 {
            let c = noise.uniform()
            let best = c < 0.5 ? 3 : 16
            let w = policy.chooseOmega(for: SequenceInstance(matrix: .identity(1), rhs: [1], context: c)) { _ in 0 }
            let i = grid.firstIndex(of: w)!
            if t >= 5000 { tail.append((c, i)) }
            policy.observe(cost: ToyBandit.cost(arm: i, best: best, rng: &noise))
        }
        let low = tail.filter { $0.0 < 0.5 }, high = tail.filter { $0.0 >= 0.5 }
        #expect(Double(low.filter { abs($0.1 - 3) <= 1 }.count) / Double(low.count) > 0.7)
        #expect(Double(high.filter { abs($0.1 - 16) <= 1 }.count) / Double(high.count) > 0.7)
    }
}
