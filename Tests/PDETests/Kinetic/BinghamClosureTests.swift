import Foundation
import Testing
@testable import PDE

@Suite struct BinghamClosureTests {
    /// docs/PDE.md §2.4 table: (μ₁, b, S′1111).
    static let table: [(Double, Double, Double)] = [
        (0.5, 0, 0.375), (0.6, 0.40828, 0.477534192385), (0.7, 0.87408, 0.585593985157),
        (0.75, 1.15932, 0.642178166041), (0.8, 1.51574, 0.701038388768), (0.9, 2.87129, 0.830344817360),
        (0.95, 5.30469, 0.907584695855), (0.99, 25.2579, 0.980300066792),
    ]

    @Test func directSolveMatchesTable() {
        for (mu, b, s) in Self.table {
            #expect(abs(BinghamClosure.directS1111(mu1: mu) - s) <= 1e-10, "mu1 = \(mu)")
            #expect(abs(BinghamClosure.parameter(mu1: mu) - b) <= 1e-4 * max(1, b), "b at mu1 = \(mu)")
        }
    }

    @Test func chebyshevFitMatchesTableAndDirectSolve() {
        let closure = BinghamClosure()
        for (mu, _, s) in Self.table { #expect(abs(closure.s1111(mu1: mu) - s) <= 1e-10, "mu1 = \(mu)") }
        var worst = 0.0
        for k in 0...400 {
            let mu = 0.5 + 0.4999 * Double(k) / 400
            worst = max(worst, abs(closure.s1111(mu1: mu) - BinghamClosure.directS1111(mu1: mu)))
        }
        #expect(worst <= 1e-11)
    }

    @Test func besselRatiosAgainstSeries() {
        // I1/I0 at b = 1: 0.44638650840...; I2/I1 at b = 1: 0.2714953...
        let (r10, r21) = BesselRatios.ratios(1)
        let i0 = 1.2660658777520082, i1 = 0.5651591039924851, i2 = 0.1357476697670383
        #expect(abs(r10 - i1 / i0) <= 1e-14)
        #expect(abs(r21 - i2 / i1) <= 1e-14)
        #expect(BesselRatios.inverseRatio(1.5).isNaN)
        #expect(BesselRatios.ratios(-1).r10.isNaN)
    }

    /// S:T of the Bingham closure equals the quadrature of the Bingham distribution with the same D.
    @Test func contractionMatchesQuadratureOfBinghamDistribution() {
        let closure = BinghamClosure()
        let b = 1.7, omega = 0.4, conc = 1.3
        let m = 4000
        var z = 0.0, d = [0.0, 0.0, 0.0], s = [Double](repeating: 0, count: 5)
        for l in 0..<m {
            let th = 2 * Double.pi * Double(l) / Double(m)
            let w = exp(b * cos(2 * (th - omega)))
            let c = cos(th), sn = sin(th)
            z += w
            d[0] += w * c * c; d[1] += w * c * sn; d[2] += w * sn * sn
            s[0] += w * c * c * c * c; s[1] += w * c * c * c * sn; s[2] += w * c * c * sn * sn
            s[3] += w * c * sn * sn * sn; s[4] += w * sn * sn * sn * sn
        }
        d = d.map { conc * $0 / z }; s = s.map { conc * $0 / z }
        let e11 = 0.3, e12 = -0.7, zeta = 0.9
        let t11 = e11 + 2 * zeta * d[0], t12 = e12 + 2 * zeta * d[1], t22 = -e11 + 2 * zeta * d[2]
        let ref11 = s[0] * t11 + 2 * s[1] * t12 + s[2] * t22
        let ref12 = s[1] * t11 + 2 * s[2] * t12 + s[3] * t22
        let ref22 = s[2] * t11 + 2 * s[3] * t12 + s[4] * t22
        let got = closure.contractPoint(d11: d[0], d12: d[1], d22: d[2], e11: e11, e12: e12, zeta: zeta)
        #expect(abs(got.st11 - ref11) <= 1e-10)
        #expect(abs(got.st12 - ref12) <= 1e-10)
        #expect(abs(got.st22 - ref22) <= 1e-10)
    }

    @Test func isotropicStateGivesExactFourthMoment() {
        // S_iso = c/8 (δδ + δδ + δδ): S:T = c/8 (tr T I + 2T).
        let closure = BinghamClosure()
        let got = closure.contractPoint(d11: 0.5, d12: 0, d22: 0.5, e11: 0.2, e12: 0.1, zeta: 0)
        #expect(abs(got.st11 - 0.05) <= 1e-13 && abs(got.st12 - 0.025) <= 1e-13 && abs(got.st22 + 0.05) <= 1e-13)
        let quad = QuadraticClosure().contractPoint(d11: 0.5, d12: 0, d22: 0.5, e11: 0.2, e12: 0.1, zeta: 0)
        #expect(abs(quad.st11) <= 1e-15)   // quadratic: (D:E) D = 0 at isotropy (the known defect)
    }
}
