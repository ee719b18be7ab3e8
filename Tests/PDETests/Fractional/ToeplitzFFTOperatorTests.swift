import Testing
import Foundation
@testable import PDE
import Iterative

@Suite struct ToeplitzFFTOperatorTests {
    /// FFT matvec equals the dense product to ~1e-13 relative, for several p, α, n (incl. odd sizes).
    @Test func matchesDenseProduct() throws {
        var worst = 0.0
        for (alpha, p, n) in [(1.5, 2, 64), (1.2, 3, 37), (1.8, 5, 100), (1.5, 4, 129), (1.3, 6, 50)] {
            let prob = try RieszCollocation(alpha: alpha, degree: p, intervals: n)
            let m = RieszCollocationMatrix(problem: prob)
            let op = ToeplitzFFTOperator(matrix: m, planning: .estimate)
            var rng = SystemRandomNumberGenerator()
            let x = (0..<prob.size).map { _ in Double.random(in: -1...1, using: &rng) }
            let y = op.applied(to: x)
            let yd = m.denseMultiply(x)
            let num = zip(y, yd).map { abs($0 - $1) }.max()!
            let den = yd.map(abs).max()!
            worst = max(worst, num / den)
            #expect(num <= 1e-12 * den, "alpha=\(alpha) p=\(p) n=\(n): rel diff \(num / den)")
        }
        print("ToeplitzFFTOperator: worst max-norm relative difference FFT vs dense = \(worst)")
    }
}

@Suite struct FractionalPreconditionerTests {
    /// τ preconditioner: M⁻¹ applied to S diag(f) S v returns v; circulant: inverse of the Strang circulant.
    @Test func tauInvertsItsMatrix() throws {
        let prob = try RieszCollocation(alpha: 1.5, degree: 3, intervals: 30)
        let N = prob.size
        let tau = TauPreconditioner(problem: prob, planning: .estimate)
        let f = RieszSymbol(prob)
        // Build M = S diag(f) S densely.
        func s(_ i: Int, _ k: Int) -> Double { (2 / Double(N + 1)).squareRoot() * sin(Double((i + 1) * (k + 1)) * Double.pi / Double(N + 1)) }
        let v = (0..<N).map { sin(Double($0)) + 0.5 }
        var w = [Double](repeating: 0, count: N)
        for i in 0..<N {
            var acc = 0.0
            for k in 0..<N {
                var sv = 0.0
                for j in 0..<N { sv += s(k, j) * v[j] }
                acc += s(i, k) * f(Double(k + 1) * Double.pi / Double(N + 1)) * sv
            }
            w[i] = acc
        }
        var z = [Double](repeating: 0, count: N)
        tau.apply(w, into: &z)
        for i in 0..<N { #expect(abs(z[i] - v[i]) < 1e-12) }
    }

    @Test func circulantInvertsStrangCirculant() throws {
        let prob = try RieszCollocation(alpha: 1.7, degree: 2, intervals: 41)
        let m = RieszCollocationMatrix(problem: prob)
        let N = prob.size
        let pc = CirculantPreconditioner(matrix: m, planning: .estimate)
        #expect(pc.clampedEigenvalues == 0)
        let c = (0..<N).map { $0 <= N / 2 ? m.toeplitz[$0] : m.toeplitz[N - $0] }
        let v = (0..<N).map { cos(0.3 * Double($0)) }
        var w = [Double](repeating: 0, count: N)
        for i in 0..<N { for j in 0..<N { w[i] += c[(i - j + N) % N] * v[j] } }
        var z = [Double](repeating: 0, count: N)
        pc.apply(w, into: &z)
        for i in 0..<N { #expect(abs(z[i] - v[i]) < 1e-10) }
    }
}
