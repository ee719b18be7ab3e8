import Foundation
import Testing
@testable import PDE

@Suite struct MomentSolverTests {
    static func params(n: Int, dt: Double) -> KineticParameters {
        var p = KineticParameters()
        p.n = n; p.dt = dt
        p.alpha = -2; p.zeta = 0.5; p.beta = 0.8
        p.velocityTolerance = 1e-13
        return p
    }

    static func start(_ p: KineticParameters, closure: MomentClosure, seed: UInt64, amplitude: Double) throws -> MomentSolver {
        var pk = p
        pk.nTheta = 16
        let k = try KineticSolver(parameters: pk, seed: seed, amplitude: amplitude)
        return try MomentSolver(parameters: p, closure: closure, from: k)
    }

    @Test(arguments: ["quadratic", "bingham"])
    func totalConcentrationConservedToRoundOff(closureName: String) throws {
        var p = Self.params(n: 16, dt: 0.02)
        p.alpha = -4
        let closure: MomentClosure = closureName == "quadratic" ? QuadraticClosure() : BinghamClosure()
        let s = try Self.start(p, closure: closure, seed: 3, amplitude: 0.5)
        let c0 = s.meanConcentration
        s.run(steps: 50)
        print("moment(\(closureName)) conservation: |<c>(50 steps) - <c>(0)| = \(abs(s.meanConcentration - c0))")
        #expect(abs(s.meanConcentration - c0) <= 1e-13)
        #expect(s.diagnostics().meanSpeed.isFinite)
    }

    /// The learned closure in its residual form (random weights: the property is structural), with
    /// the network evaluated once per step at the extrapolated strain, has the analytic growth rate.
    @Test(arguments: ["bingham", "learned", "linear"])
    func linearGrowthRateMatchesDispersionRelation(closureName: String) throws {
        let p = Self.params(n: 8, dt: 0.005)
        let eps = 1e-7, n = p.n
        let k = 2 * Double.pi / p.length
        var c = [Double](repeating: 1, count: n * n), d11 = [Double](repeating: 0.5, count: n * n)
        var d12 = [Double](repeating: 0, count: n * n)
        for ix in 0..<n { for iy in 0..<n { d12[ix * n + iy] = eps * cos(k * p.length * Double(ix) / Double(n)) } }
        c[0] = 1; d11[0] = 0.5
        let closure: MomentClosure = switch closureName {
        case "bingham": BinghamClosure()
        case "linear": LinearClosure()
        default: try LearnedClosureTests.randomClosure(form: .residual)
        }
        let s = try MomentSolver(parameters: p, closure: closure, c: c, d11: d11, d12: d12, d22: d11)
        let rate = measuredGrowthRate(s, n: n, k: k, length: p.length)
        let expected = KineticLinearStability.growthRate(parameters: p, wavenumber: k)
        print("moment(\(closureName)) linear growth: measured \(rate), analytic \(expected)")
        #expect(abs(rate - expected) <= 1e-4 * abs(expected))
    }

    /// SBDF2 order 2, also with the learned closure's once-per-step network at the extrapolated strain.
    @Test(arguments: ["bingham", "learned"])
    func timeStepConvergenceIsSecondOrder(closureName: String) throws {
        func final(_ dt: Double) throws -> [Double] {
            var p = Self.params(n: 16, dt: dt)
            p.alpha = -4
            let closure: MomentClosure = closureName == "bingham" ? BinghamClosure() : try LearnedClosureTests.randomClosure(form: .residual)
            let s = try Self.start(p, closure: closure, seed: 5, amplitude: 0.6)
            s.run(steps: Int((0.4 / dt).rounded()))
            let f = s.momentFields()
            return f.d11 + f.d12 + f.c
        }
        let a = try final(0.04), b = try final(0.02), c = try final(0.01)
        let e1 = zip(a, b).map { abs($0 - $1) }.max()!, e2 = zip(b, c).map { abs($0 - $1) }.max()!
        let observed = log2(e1 / e2)
        print("moment(\(closureName)) SBDF2 self-convergence: e1 \(e1), e2 \(e2), order \(observed)")
        #expect(observed > 1.8 && observed < 2.3)
    }

    @Test func rejectsBadFields() {
        let p = KineticParameters()
        #expect(throws: KineticError.self) {
            try MomentSolver(parameters: p, closure: QuadraticClosure(), c: [1], d11: [1], d12: [0], d22: [0])
        }
    }
}

@Suite struct ActiveFluidSnapshotTests {
    @Test func roundTrips() throws {
        let n = 4
        let f = (0..<16).map { Double($0) * 0.25 }
        let s = try ActiveFluidSnapshot(n: n, length: 10, time: 1.5, c: f.map { $0 + 1 }, d11: f, d12: f, d22: f, ux: f, uy: f)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snap_\(UInt32.random(in: 0...UInt32.max)).bin").path
        try s.write(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try ActiveFluidSnapshot.read(from: path) == s)
        #expect(throws: KineticError.self) { try ActiveFluidSnapshot(n: 3, length: 1, time: 0, c: [], d11: [], d12: [], d22: [], ux: [], uy: []) }
    }
}
