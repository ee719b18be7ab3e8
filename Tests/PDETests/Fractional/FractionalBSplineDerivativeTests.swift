import Testing
import Foundation
@testable import PDE

@Suite struct FractionalBSplineDerivativeTests {
    /// Every cardinal value against 50-digit mpmath, including far offsets where the naive double
    /// sum is garbage (PDE.md §1.4 pitfall).
    @Test func cardinalValuesMatchHighPrecision() {
        var worst = 0.0
        var cache: [String: FractionalBSplineDerivative] = [:]
        for (p, alpha, x, ref) in FractionalReference.cardinalDL {
            let key = "\(p)-\(alpha)"
            let e = cache[key] ?? FractionalBSplineDerivative(knots: (0...(p + 1)).map(Double.init), alpha: alpha)
            cache[key] = e
            let v = e.value(at: x)
            let rel = abs(v - ref) / abs(ref)
            worst = max(worst, rel)
            #expect(rel < 1e-12, "p=\(p) alpha=\(alpha) x=\(x): \(v) vs \(ref), rel \(rel)")
        }
        print("FractionalBSplineDerivative: worst relative error vs mpmath over \(FractionalReference.cardinalDL.count) values = \(worst)")
    }

    /// Both routes agree where both are valid (just beyond the support).
    @Test func nearAndFarRoutesAgree() {
        let e = FractionalBSplineDerivative(knots: [0, 1, 2, 3, 4], alpha: 1.5)
        for x in [5.0, 5.5, 6.0, 7.0] {
            #expect(abs(e.gradedFarValue(at: x) - e.farValue(at: x)) <= 1e-13 * e.farValue(at: x))
            let a = e.nearValue(at: x), b = e.farValue(at: x)
            #expect(abs(a - b) <= 1e-12 * abs(b), "x=\(x): near \(a) far \(b)")
        }
    }

    /// The moment expansion agrees with the Marchaud quadrature where it is used (x − c ≥ 10 hw).
    @Test func momentExpansionAgreesWithQuadrature() {
        for knots in [[0.0, 1, 2, 3, 4], [0.0, 0, 0, 1, 2, 3], [0.0, 1, 2, 3, 4, 5, 6]] {
            let e = FractionalBSplineDerivative(knots: knots, alpha: 1.37)
            let c = e.supportEnd / 2
            for x in [c + 10 * c, c + 11 * c + 0.3, 50, 1000.5] {
                let a = e.momentValue(at: x), b = e.farValue(at: x)
                #expect(abs(a - b) <= 1e-14 * abs(b), "knots \(knots) x=\(x): moment \(a) quadrature \(b)")
            }
        }
    }

    /// Far entries decay like C_{1,α} k^{−1−α} (entry test of PDE.md §1.9).
    @Test func farFieldDecayConstant() {
        for alpha in [1.2, 1.5, 1.8] {
            let c1 = alpha * pow(2, alpha - 1) * tgamma((1 + alpha) / 2) / (Double.pi.squareRoot() * tgamma(1 - alpha / 2))
            for p in [2, 3, 5] {
                let e = FractionalBSplineDerivative(knots: (0...(p + 1)).map(Double.init), alpha: alpha)
                let c = 1 / (2 * cos(Double.pi * alpha / 2))
                let centre = Double(p + 1) / 2
                for k in [1000.0, 10000.0] {
                    let ak = c * (e.value(at: centre + k) + e.value(at: centre - k))
                    let model = -c1 * pow(k, -1 - alpha)
                    #expect(abs(ak / model - 1) < 0.01, "alpha=\(alpha) p=\(p) k=\(k): a_k=\(ak) model=\(model)")
                }
            }
        }
    }

    @Test func gaussLegendreIntegratesPolynomials() {
        let g = GaussLegendre(points: 16)
        var s = 0.0
        for k in 0..<16 { s += g.weights[k] * pow(g.nodes[k], 30) }
        #expect(abs(s - 2.0 / 31) < 1e-14)
    }
}
