import Foundation
import Testing
@testable import PDE

/// Growth rate of the q₂ = D12 mode exp(i k x) of the isotropic state (derived in KineticLinearStability).
@Suite struct KineticSolverTests {
    static func params(n: Int, nt: Int, dt: Double) -> KineticParameters {
        var p = KineticParameters()
        p.n = n; p.nTheta = nt; p.dt = dt
        p.alpha = -2; p.zeta = 0.5; p.beta = 0.8
        p.velocityTolerance = 1e-13
        return p
    }

    @Test func totalConcentrationConservedToRoundOff() throws {
        var p = Self.params(n: 16, nt: 16, dt: 0.02)
        p.alpha = -4
        let s = try KineticSolver(parameters: p, seed: 3, amplitude: 0.5)
        let c0 = s.meanConcentration
        s.run(steps: 30)
        print("kinetic conservation: |<c>(30 steps) - <c>(0)| = \(abs(s.meanConcentration - c0))")
        #expect(abs(s.meanConcentration - c0) <= 1e-13)
        #expect(abs(c0 - 1) <= 1e-12)
        let d = s.diagnostics()
        #expect(d.meanSpeed > 0 && d.meanSpeed.isFinite)
    }

    @Test func linearGrowthRateMatchesDispersionRelation() throws {
        let p = Self.params(n: 8, nt: 8, dt: 0.005)
        let eps = 1e-7, n = p.n, nt = p.nTheta
        var psi = [Double](repeating: 0, count: n * n * nt)
        let k = 2 * Double.pi / p.length
        for ix in 0..<n {
            let x = p.length * Double(ix) / Double(n)
            for iy in 0..<n {
                for l in 0..<nt {
                    let th = 2 * Double.pi * Double(l) / Double(nt)
                    psi[(ix * n + iy) * nt + l] = (1 + eps * cos(k * x) * sin(2 * th)) / (2 * Double.pi)
                }
            }
        }
        let s = try KineticSolver(parameters: p, psi: psi)
        let rate = measuredGrowthRate(s, n: n, k: k, length: p.length)
        let expected = KineticLinearStability.growthRate(parameters: p, wavenumber: k)
        print("kinetic linear growth: measured \(rate), analytic \(expected), rel. error \(abs(rate - expected) / expected)")
        #expect(expected > 0.5)
        #expect(abs(rate - expected) <= 1e-4 * abs(expected), "rate \(rate) vs analytic \(expected)")
    }

    @Test func timeStepConvergenceIsSecondOrder() throws {
        func final(_ dt: Double) throws -> [Double] {
            var p = Self.params(n: 16, nt: 16, dt: dt)
            p.alpha = -4
            let s = try KineticSolver(parameters: p, seed: 5, amplitude: 0.6)
            s.run(steps: Int((0.4 / dt).rounded()))
            return s.distribution()
        }
        let a = try final(0.04), b = try final(0.02), c = try final(0.01)
        let e1 = zip(a, b).map { abs($0 - $1) }.max()!, e2 = zip(b, c).map { abs($0 - $1) }.max()!
        let observed = log2(e1 / e2)
        print("kinetic SBDF2 self-convergence: e(0.04,0.02) = \(e1), e(0.02,0.01) = \(e2), order \(observed)")
        #expect(observed > 1.8 && observed < 2.3, "observed order \(observed) (e1 \(e1), e2 \(e2))")
    }

    @Test func rejectsBadParameters() {
        var p = KineticParameters()
        p.n = 7
        #expect(throws: KineticError.self) { try KineticSolver(parameters: p) }
        p = KineticParameters(); p.dt = -1
        #expect(throws: KineticError.self) { try KineticSolver(parameters: p) }
        p = KineticParameters()
        #expect(throws: KineticError.self) { try KineticSolver(parameters: p, psi: [1, 2]) }
    }
}
