import Testing
import Foundation
@testable import Iterative

/// Tests for Sources/Iterative/Tuning/SeededGenerator.swift.
@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xa = (0..<100).map { _ in a.next() }, xb = (0..<100).map { _ in b.next() }, xc = (0..<100).map { _ in c.next() }
        #expect(xa == xb)
        #expect(xa != xc)
    }

    @Test func betaAndNormalMomentsAreRight() {
        var g = SeededGenerator(seed: 7)
        let n = 40_000
        for (a, b) in [(2.0, 6.0), (0.5, 1.5)] {
            var s = 0.0
            for _ in 0..<n { let x = g.beta(a, b); #expect(x >= 0 && x <= 1); s += x }
            #expect(abs(s / Double(n) - a / (a + b)) < 0.01, "Beta(\(a),\(b)) mean")
        }
        var s = 0.0, s2 = 0.0
        for _ in 0..<n { let x = g.normal(); s += x; s2 += x * x }
        #expect(abs(s / Double(n)) < 0.03)
        #expect(abs(s2 / Double(n) - 1) < 0.03)
    }

    @Test func stateRoundTripsThroughJSON() throws {
        var g = SeededGenerator(seed: 9)
        for _ in 0..<10 { _ = g.next() }
        var h = try JSONDecoder().decode(SeededGenerator.self, from: JSONEncoder().encode(g))
        #expect((0..<50).map { _ in g.next() } == (0..<50).map { _ in h.next() })
    }

    @Test func categoricalRejectsUnusableWeights() {
        var g = SeededGenerator(seed: 1)
        #expect(g.categorical([]) == nil)
        #expect(g.categorical([0, 0]) == nil)
        #expect(g.categorical([1, .nan]) == nil)
        #expect(g.categorical([1, -1]) == nil)
        #expect(g.categorical([0, 3, 0]) == 1)
    }
}
