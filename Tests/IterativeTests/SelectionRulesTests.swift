import Testing
import SparseLA
@testable import Iterative

/// Hand-made cases for the selection rules (CyclicRule, RandomRule, LipschitzRule,
/// GaussSouthwellRule, GSLRule, GSDRule, GSQRule).
@Suite struct SelectionRulesTests {
    // Block A = {0, 1}: L = [1, 100], g = [3, 10]; block B = {2, 3}: L = [4, 4], g = [3, 3].
    // GS: ‖g_A‖₁ = 13 > 6 → A.  GSL: 13/√100 = 1.3 < 6/√4 = 3 → B.
    // GSD: 3/1 + 10/10 = 4 > 3/2 + 3/2 = 3 → A.  GSL2: 109/100 < 18/4 → B.
    func fixture() throws -> SelectionState {
        let obj = try BCDTestSupport.diagonalObjective(diag: [1, 100, 4, 4], gradient: [3, 10, 3, 3])
        return BCDTestSupport.state(obj, blocks: [[0, 1], [2, 3]])
    }

    @Test func gaussSouthwellPicksLargestL1() throws {
        var r = GaussSouthwellRule()
        #expect(r.selectBlock(try fixture()) == 0)
    }

    @Test func gslDividesByBlockLipschitz() throws {
        var r = GSLRule(form: .codeL1)
        let s = try fixture()
        #expect(abs(s.blockLipschitz[0] - 100) < 1e-9 && abs(s.blockLipschitz[1] - 4) < 1e-9)
        #expect(r.selectBlock(s) == 1)
        var r2 = GSLRule(form: .paperSquared)
        #expect(r2.selectBlock(s) == 1)
    }

    @Test func gsdScalesEachCoordinate() throws {
        var r = GSDRule()
        #expect(r.selectBlock(try fixture()) == 0)
    }

    @Test func gsqUsesBlockInverse() throws {
        // Block A couples two variables: H_A = [[1, .99], [.99, 1]], g_A = [1, −1] → gᵀH⁻¹g = 200.
        // Block B = I, g_B = [5, 5] → 50. GS prefers B (10 > 2), GSQ prefers A.
        let a = CSRMatrix(dense: [[1, 0.99, 0, 0], [0.99, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        let obj = try QuadraticObjective(matrix: a, rhs: [-1, 1, -5, -5])
        let s = BCDTestSupport.state(obj, blocks: [[0, 1], [2, 3]])
        var gs = GaussSouthwellRule()
        var gsq = GSQRule()
        #expect(gs.selectBlock(s) == 1)
        #expect(gsq.selectBlock(s) == 0)
    }

    @Test func cyclicGoesInOrder() throws {
        let s = try fixture()
        var r = CyclicRule()
        #expect([r.selectBlock(s), r.selectBlock(s), r.selectBlock(s)] == [0, 1, 0])
        var block: [Int] = []
        var v = CyclicRule()
        try v.selectCoordinates(s, size: 3, into: &block)
        #expect(block == [0, 1, 2])
        try v.selectCoordinates(s, size: 3, into: &block)
        #expect(block == [3, 0, 1])
    }

    @Test func randomIsUniformAndSeeded() throws {
        let s = try fixture()
        var r = RandomRule()
        var counts = [0, 0]
        for _ in 0..<4000 { counts[r.selectBlock(s)] += 1 }
        #expect(abs(counts[0] - 2000) < 200)
        var block: [Int] = []
        try r.selectCoordinates(s, size: 3, into: &block)
        #expect(Set(block).count == 3 && block.allSatisfy { $0 >= 0 && $0 < 4 })
        // Same seed, same sequence.
        var a = RandomRule(), b = RandomRule()
        let s1 = try fixture(), s2 = try fixture()
        #expect((0..<20).map { _ in a.selectBlock(s1) } == (0..<20).map { _ in b.selectBlock(s2) })
    }

    @Test func lipschitzSamplesProportionally() throws {
        let s = try fixture()   // L_b = 100 and 4 → P(A) = 100/104
        var r = LipschitzRule()
        var countA = 0
        for _ in 0..<5000 where r.selectBlock(s) == 0 { countA += 1 }
        #expect(abs(Double(countA) / 5000 - 100.0 / 104.0) < 0.02)
    }

    @Test func variableBlockGreedyRules() throws {
        // g = [3, 10, 3, 3], L = [1, 100, 4, 4]: top-2 |g| = {1, and 0 (first of the ties)};
        // top-2 |g|/√L = {0 (3), then 1, 2 or 3 (1.5 each) → 2 (lowest index among ties at 1.5? no: 1 has 1.0)}.
        let s = try fixture()
        var block: [Int] = []
        var gs = GaussSouthwellRule()
        try gs.selectCoordinates(s, size: 2, into: &block)
        #expect(Set(block) == [1, 0])
        var gsd = GSDRule()
        try gsd.selectCoordinates(s, size: 2, into: &block)
        #expect(Set(block) == [0, 2])
        // GSQ by IHT (approximate): the coordinate with the largest Newton decrease g_i²/H_ii
        // (coordinate 0: 9, versus 1, 2.25, 2.25) must be in the block.
        var gsq = GSQRule()
        try gsq.selectCoordinates(s, size: 2, into: &block)
        #expect(block.contains(0) && Set(block).count == 2)
    }
}
