import Testing
import Foundation
@testable import Iterative

/// Tests for Sources/Iterative/Tuning/ChebCB.swift.
@Suite struct ChebCBTests {
    let grid = OmegaGrid.paperDefault

    @Test func chebyshevFeaturesAreTheChebyshevPolynomials() {
        let p = ChebCBPolicy(grid: grid, features: 6, lower: -1, upper: 3, seed: 1)
        let f = p.featureVector(context: 2)      // z = 0.5
        let z = 0.5
        let expected = [1, z, 2 * z * z - 1, 4 * z * z * z - 3 * z, 8 * pow(z, 4) - 8 * z * z + 1, 16 * pow(z, 5) - 20 * pow(z, 3) + 5 * z]
        for (a, b) in zip(f, expected) { #expect(abs(a - b) < 1e-14) }
    }

    @Test func minimumNormSolveMatchesPseudoinverse() {
        // F = [[1, 1], [1, 1]] (rank 1), y = [2, 4]: pinv(F) y = [1.5, 1.5].
        let G = [2.0, 2, 2, 2], h = [6.0, 6]
        let x = ChebCBPolicy.minimumNormSolve(G, h, 2)
        #expect(abs(x[0] - 1.5) < 1e-10 && abs(x[1] - 1.5) < 1e-10)
        // Full rank: G = diag(4, 1), h = [8, -3] → [2, -3].
        let y = ChebCBPolicy.minimumNormSolve([4, 0, 0, 1], [8, -3], 2)
        #expect(abs(y[0] - 2) < 1e-12 && abs(y[1] + 3) < 1e-12)
    }

    @Test func boxLeastSquaresRespectsBoundsAndIsOptimal() {
        // min (x0 − 3)² + (x1 + 1)² with |x| ≤ [1, 2]: x = [1, −1], residual 4.
        let (x, r) = ChebCBPolicy.boxLeastSquares([1, 0, 0, 1], [3, -1], 10, [1, 2], start: [0, 0], 2)
        #expect(abs(x[0] - 1) < 1e-12 && abs(x[1] + 1) < 1e-12)
        #expect(abs(r - 4) < 1e-10)
    }

    @Test func approachesTheInstanceOptimalCostOnAContextualToy() {
        var policy = ChebCBPolicy(grid: grid, features: 6, lower: 0, upper: 1, seed: 2)
        let (paid, optimal) = ToyBandit.playContextual(&policy, grid: grid, rounds: 3000, seed: 5)
        let lastPaid = paid.suffix(500).reduce(0, +) / 500, lastOpt = optimal.suffix(500).reduce(0, +) / 500
        // Best single arm for contexts uniform in [0,1] costs ≈ 10 + 400·0.7²/12 ≈ 26 on average.
        let bestFixed = grid.map { w in (0..<1000).map { ToyBandit.contextualMean(omega: w, context: (Double($0) + 0.5) / 1000) }.reduce(0, +) / 1000 }.min()!
        #expect(lastPaid < 1.25 * lastOpt, "ChebCB last-500 mean \(lastPaid) vs optimal \(lastOpt)")
        #expect(lastPaid < bestFixed, "ChebCB last-500 mean \(lastPaid) vs best fixed \(bestFixed)")
    }

    @Test func deterministicBySeedAndResumable() throws {
        var a = ChebCBPolicy(grid: grid, lower: 0, upper: 1, seed: 9)
        var b = ChebCBPolicy(grid: grid, lower: 0, upper: 1, seed: 9)
        let pa = ToyBandit.playContextual(&a, grid: grid, rounds: 200, seed: 1).paid
        let pb = ToyBandit.playContextual(&b, grid: grid, rounds: 200, seed: 1).paid
        #expect(pa == pb)
        var c = ChebCBPolicy(grid: grid, lower: 0, upper: 1, seed: 10)
        #expect(ToyBandit.playContextual(&c, grid: grid, rounds: 200, seed: 1).paid != pa)
        // Save/resume: the decoded copy and the original make identical choices from here on.
        var resumed = try JSONDecoder().decode(ChebCBPolicy.self, from: JSONEncoder().encode(a))
        let next1 = ToyBandit.playContextual(&a, grid: grid, rounds: 200, seed: 77).paid
        let next2 = ToyBandit.playContextual(&resumed, grid: grid, rounds: 200, seed: 77).paid
        #expect(next1 == next2)
    }
}
