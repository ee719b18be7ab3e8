import Foundation
import Testing
@testable import PDE

@Suite struct LearnedClosureTests {
    static func randomSamples(_ m: Int, seed: UInt64) -> ClosureSamples {
        var r = SplitMix64(state: seed)
        var s = ClosureSamples()
        for _ in 0..<m {
            func u() -> Double { 2 * r.uniform() - 1 }
            s.d11.append(0.5 + 0.3 * u()); s.d12.append(0.2 * u()); s.d22.append(0.5 + 0.3 * u())
            s.e11.append(u()); s.e12.append(u())
            s.sd11.append(u()); s.sd12.append(u()); s.sd22.append(u())
            s.se11.append(u()); s.se12.append(u()); s.se22.append(u())
        }
        return s
    }

    /// Manual back-propagation against central finite differences of the full training loss.
    @Test func mlpGradientMatchesFiniteDifferences() throws {
        let net = try ClosureMLP(sizes: [4, 7, 6, 5], seed: 11)
        let s = Self.randomSamples(9, seed: 3)
        var r = SplitMix64(state: 5)
        let inputs = (0..<(4 * 9)).map { _ in 2 * r.uniform() - 1 }
        func loss(_ n: ClosureMLP) -> (Double, [Double]) {
            var g: [Double] = []
            let l = n.lossAndGradient(inputs: inputs, batch: 9, gradient: &g) { b, y, dy in
                LearnedClosure.sampleLoss(s, b, y, dy, wD: 1.3, wE: 0.7)
            }
            return (l, g)
        }
        let (_, g) = loss(net)
        var worst = 0.0
        for k in 0..<net.parameters.count {
            var a = net, b = net
            let h = 1e-6
            a.parameters[k] += h; b.parameters[k] -= h
            let fd = (loss(a).0 - loss(b).0) / (2 * h)
            worst = max(worst, abs(fd - g[k]) / max(1, abs(fd)))
        }
        print("MLP gradient check: max relative error \(worst) over \(net.parameters.count) parameters")
        #expect(worst <= 1e-6)
    }

    /// Training on exact Bingham data (which the ansatz represents exactly) drives the error down,
    /// and the weights file round-trips exactly.
    @Test func trainsOnBinghamDataAndRoundTrips() throws {
        let bingham = BinghamClosure()
        var r = SplitMix64(state: 9)
        var s = ClosureSamples()
        for _ in 0..<600 {
            let mu = 0.5 + 0.45 * r.uniform(), w = Double.pi * r.uniform()
            let q = mu - 0.5
            let a = 0.5 + q * cos(2 * w), b = q * sin(2 * w), d = 0.5 - q * cos(2 * w)
            let x = 2 * r.uniform() - 1, y = 2 * r.uniform() - 1
            let sd = bingham.contractPoint(d11: a, d12: b, d22: d, e11: 0, e12: 0, zeta: 0.5)  // S:(2ζD) = S:D
            let se = bingham.contractPoint(d11: a, d12: b, d22: d, e11: x, e12: y, zeta: 0)
            s.d11.append(a); s.d12.append(b); s.d22.append(d); s.e11.append(x); s.e12.append(y)
            s.sd11.append(sd.st11); s.sd12.append(sd.st12); s.sd22.append(sd.st22)
            s.se11.append(se.st11); s.se12.append(se.st12); s.se22.append(se.st22)
        }
        var o = LearnedClosure.TrainingOptions()
        o.steps = 600; o.batch = 64; o.hidden = [12, 12]
        let (closure, _) = try LearnedClosure.train(samples: s, options: o)
        let learned = s.relativeError(of: closure, zeta: 0.5).mean
        let quadratic = s.relativeError(of: QuadraticClosure(), zeta: 0.5).mean
        print("learned on Bingham data: a-priori rel. MSE learned \(learned), quadratic \(quadratic)")
        #expect(learned < quadratic)
        let back = try LearnedClosure.parse(closure.serialized())
        #expect(back.network == closure.network && back.inputMean == closure.inputMean)
        #expect(throws: KineticError.self) { try LearnedClosure.parse("garbage") }
    }
}
