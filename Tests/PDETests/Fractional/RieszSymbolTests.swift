import Testing
import Foundation
@testable import PDE

@Suite struct RieszSymbolTests {
    /// Against mpmath's Hurwitz zeta at 50 digits.
    @Test func matchesHighPrecision() {
        var worst = 0.0
        for (p, alpha, theta, ref) in FractionalReference.symbol {
            let f = RieszSymbol(alpha: alpha, degree: p)(theta)
            let rel = abs(f - ref) / ref
            worst = max(worst, rel)
            #expect(rel < 1e-12, "p=\(p) alpha=\(alpha) theta=\(theta): \(f) vs \(ref)")
        }
        print("RieszSymbol: worst relative error vs mpmath = \(worst)")
    }

    /// f(π) table of PDE.md §1.5 (α = 1.5: 2.484, 1.143, 0.471, 0.191 for p = 2, 4, 6, 8) and f ~ θ^α.
    @Test func tableValuesAndZeroOrder() {
        let table: [(Int, Double)] = [(2, 2.484), (4, 1.1429), (6, 0.4709), (8, 0.1912)]
        for (p, v) in table {
            let f = RieszSymbol(alpha: 1.5, degree: p)(Double.pi)
            #expect(abs(f - v) < 6e-4, "p=\(p): f(pi) = \(f)")
        }
        for alpha in [1.2, 1.5, 1.8] {
            for p in [2, 3, 5] {
                let r = RieszSymbol(alpha: alpha, degree: p)(1e-3) / pow(1e-3, alpha)
                #expect(abs(r - 1) < 1e-5, "alpha=\(alpha) p=\(p): f/theta^alpha = \(r)")
            }
        }
    }

    /// Σ_{|k|≤K} a_k e^{ikθ} → f(θ): K = 4000 Toeplitz coefficients from the assembly (tail ~ K^{−α}).
    @Test func matchesFourierSumOfToeplitzCoefficients() throws {
        for (alpha, p) in [(1.5, 2), (1.5, 3), (1.2, 5), (1.8, 4)] {
            let K = 4000
            let prob = try RieszCollocation(alpha: alpha, degree: p, intervals: K + 2 - p + 1)
            let a = RieszCollocationMatrix(problem: prob).toeplitz
            let f = RieszSymbol(alpha: alpha, degree: p)
            for theta in [0.3, 1.0, 2.0, Double.pi] {
                var s = a[0]
                for k in 1...K { s += 2 * a[k] * cos(Double(k) * theta) }
                // tail bound: 2 Σ_{k>K} C k^{−1−α} ≤ 2 C K^{−α}/α with C ≈ 0.3
                let tol = 0.7 * pow(Double(K), -alpha) / alpha
                #expect(abs(s - f(theta)) < tol, "alpha=\(alpha) p=\(p) theta=\(theta): sum \(s) symbol \(f(theta))")
            }
        }
    }

    @Test func hurwitzZetaKnownValues() {
        #expect(abs(hurwitzZeta(2, 1) - Double.pi * Double.pi / 6) < 1e-15)
        #expect(abs(hurwitzZeta(4, 0.5) - 15 * pow(Double.pi, 4) / 90) < 1e-13)   // (2^4 − 1) ζ(4)
        #expect(hurwitzZeta(0.5, 1).isNaN)
    }
}
