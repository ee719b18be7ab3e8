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

    /// A closure with random (untrained) weights: the structural properties hold for any weights.
    static func randomClosure(form: LearnedClosure.Form, activation: ClosureActivation = .softsign, seed: UInt64 = 21) throws -> LearnedClosure {
        var net = try ClosureMLP(sizes: [4, 8, 8, form.outputs], seed: seed, activation: activation)
        for k in 0..<net.parameters.count { net.parameters[k] *= 2 }   // far from the identity-ish init
        return try LearnedClosure(network: net, inputMean: [0.5, 0.4, 0.05, 1], inputScale: [0.3, 0.5, 0.2, 0.1], form: form)
    }

    /// Manual back-propagation (through the activation and the form's map h → g) against central
    /// finite differences of the full training loss.
    @Test(arguments: [(ClosureActivation.tanh, LearnedClosure.Form.plain), (.softsign, .plain), (.softsign, .residual), (.tanh, .residual)])
    func mlpGradientMatchesFiniteDifferences(activation: ClosureActivation, form: LearnedClosure.Form) throws {
        let net = try ClosureMLP(sizes: [4, 7, 6, form.outputs], seed: 11, activation: activation)
        let s = Self.randomSamples(9, seed: 3)
        var r = SplitMix64(state: 5)
        let inputs = (0..<(4 * 9)).map { _ in 2 * r.uniform() - 1 }
        func loss(_ n: ClosureMLP) -> (Double, [Double]) {
            var g: [Double] = []
            let l = n.lossAndGradient(inputs: inputs, batch: 9, gradient: &g) { b, h, dh in
                let a = s.d11[b], bb = s.d12[b], d = s.d22[b], x = s.e11[b], y = s.e12[b]
                let gt = LearnedClosure.coefficients(form: form, a: a, b: bb, d: d, x: x, y: y, h: h)
                let gv = [gt.0, gt.1, gt.2, gt.3, gt.4]
                var dg = [Double](repeating: 0, count: 5)
                let l = LearnedClosure.sampleLoss(s, b, gv, &dg, wD: 1.3, wE: 0.7)
                LearnedClosure.pullBack(form: form, a: a, b: bb, d: d, x: x, y: y, dg: dg, dh: dh)
                return l
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
        print("MLP gradient check (\(activation), \(form)): max relative error \(worst) over \(net.parameters.count) parameters")
        #expect(worst <= 1e-6)
    }

    /// Training on exact Bingham data (which the ansatz represents exactly) drives the error down,
    /// and the weights file round-trips exactly.
    @Test(arguments: LearnedClosure.Form.allCases)
    func trainsOnBinghamDataAndRoundTrips(form: LearnedClosure.Form) throws {
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
        o.steps = 600; o.batch = 64; o.hidden = [12, 12]; o.form = form
        let (closure, _) = try LearnedClosure.train(samples: s, options: o)
        let learned = s.relativeError(of: closure, zeta: 0.5).mean
        let quadratic = s.relativeError(of: QuadraticClosure(), zeta: 0.5).mean
        print("learned (\(form)) on Bingham data: a-priori rel. MSE learned \(learned), quadratic \(quadratic)")
        #expect(learned < quadratic)
        let back = try LearnedClosure.parse(closure.serialized())
        #expect(back.network == closure.network && back.inputMean == closure.inputMean && back.form == form)
        #expect(throws: KineticError.self) { try LearnedClosure.parse("garbage") }
    }

    /// v1 files (no form / activation lines: plain form, tanh) still load; unknown versions,
    /// forms and activations fail with a typed error.
    @Test func weightsFileVersions() throws {
        let plain = try Self.randomClosure(form: .plain, activation: .tanh)
        let v2 = plain.serialized()
        let v1 = v2.replacingOccurrences(of: "solversuite-learned-closure v2", with: "solversuite-learned-closure v1")
            .split(separator: "\n").filter { !$0.hasPrefix("form ") && !$0.hasPrefix("activation ") }.joined(separator: "\n")
        let back = try LearnedClosure.parse(v1)
        #expect(back.form == .plain && back.network == plain.network)
        #expect(throws: KineticError.self) { try LearnedClosure.parse(v2.replacingOccurrences(of: "closure v2", with: "closure v3")) }
        #expect(throws: KineticError.self) { try LearnedClosure.parse(v2.replacingOccurrences(of: "form plain", with: "form cubic")) }
        #expect(throws: KineticError.self) { try LearnedClosure.parse(v2.replacingOccurrences(of: "activation tanh", with: "activation relu")) }
        // a v1 network read as the residual form has the wrong output count
        #expect(throws: KineticError.self) { try LearnedClosure.parse(v2.replacingOccurrences(of: "form plain", with: "form residual")) }
    }

    /// Once-per-step evaluation (network at the predicted strain in `prepare`, `contract` linear in
    /// E) gives the same S:T as evaluating the network in `contract` when E equals the prediction.
    @Test(arguments: LearnedClosure.Form.allCases)
    func oncePerStepEqualsPerIterationAtUnchangedStrain(form: LearnedClosure.Form) throws {
        let closure = try Self.randomClosure(form: form)
        let s = Self.randomSamples(150, seed: 17)   // 150 points: more than two 64-point blocks
        let m = s.count, zeta = 0.3
        var c = zip(s.d11, s.d22).map { $0 + $1 }, a = s.d11, b = s.d12, d = s.d22, x = s.e11, y = s.e12
        var t11 = (0..<m).map { x[$0] + 2 * zeta * a[$0] }, t12 = (0..<m).map { y[$0] + 2 * zeta * b[$0] }
        var t22 = (0..<m).map { -x[$0] + 2 * zeta * d[$0] }
        var p0 = [Double](repeating: 0, count: m), p1 = p0, p2 = p0, q0 = p0, q1 = p0, q2 = p0
        closure.prepare(c: &c, d11: &a, d12: &b, d22: &d, count: m)
        closure.contract(t11: &t11, t12: &t12, t22: &t22, e11: &x, e12: &y, zeta: zeta, st11: &p0, st12: &p1, st22: &p2, count: m)
        closure.prepare(c: &c, d11: &a, d12: &b, d22: &d, predictedE11: &x, predictedE12: &y, count: m)
        closure.contract(t11: &t11, t12: &t12, t22: &t22, e11: &x, e12: &y, zeta: zeta, st11: &q0, st12: &q1, st22: &q2, count: m)
        let p = [p0, p1, p2], q = [q0, q1, q2]
        var worst = 0.0
        for k in 0..<3 { for i in 0..<m { worst = max(worst, abs(p[k][i] - q[k][i]) / max(1, abs(p[k][i]))) } }
        // and both agree with the scalar reference path (ClosureMLP.forward, one point at a time)
        for i in stride(from: 0, to: m, by: 7) {
            let g = closure.coefficients(d11: a[i], d12: b[i], d22: d[i], e11: x[i], e12: y[i])
            let iso = g[2] + 2 * zeta * g[0], lin = g[3] + 2 * zeta * g[1]
            worst = max(worst, abs(iso + lin * a[i] + g[4] * x[i] - p[0][i]), abs(lin * b[i] + g[4] * y[i] - p[1][i]))
        }
        print("learned (\(form)) once-per-step vs per-iteration at unchanged E: max difference \(worst)")
        #expect(worst <= 1e-13)
    }

    /// The residual form equals the linear closure to first order about isotropy (D = cI/2, E = 0)
    /// for any weights: central differences of S:T along random directions of (D, E) agree with the
    /// linear closure's (and with Bingham's, which is exact there too).
    @Test func residualFormIsIsotropicallyConsistent() throws {
        let closure = try Self.randomClosure(form: .residual)
        let linear = LinearClosure(), bingham = BinghamClosure()
        let plain = try Self.randomClosure(form: .plain)
        var r = SplitMix64(state: 31)
        var worst = 0.0, worstBingham = 0.0, plainGap = 0.0
        let c = 1.3, zeta = 0.4, h = 1e-5
        for _ in 0..<6 {
            let da = 2 * r.uniform() - 1, db = 2 * r.uniform() - 1, dd = 2 * r.uniform() - 1
            let dx = 2 * r.uniform() - 1, dy = 2 * r.uniform() - 1
            func derivative(_ cl: MomentClosure) -> [Double] {
                func at(_ e: Double) -> [Double] {
                    let v = cl.contractPoint(d11: c / 2 + e * da, d12: e * db, d22: c / 2 + e * dd, e11: e * dx, e12: e * dy, zeta: zeta)
                    return [v.st11, v.st12, v.st22]
                }
                let p = at(h), m = at(-h)
                return (0..<3).map { (p[$0] - m[$0]) / (2 * h) }
            }
            let dl = derivative(closure), dlin = derivative(linear), db2 = derivative(bingham), dp = derivative(plain)
            for k in 0..<3 {
                worst = max(worst, abs(dl[k] - dlin[k]))
                worstBingham = max(worstBingham, abs(db2[k] - dlin[k]))
                plainGap = max(plainGap, abs(dp[k] - dlin[k]))
            }
        }
        print("isotropic linearisation: |d(learned residual) - d(linear)| \(worst), |d(bingham) - d(linear)| \(worstBingham), plain form (random weights) \(plainGap)")
        #expect(worst <= 1e-7)
        #expect(worstBingham <= 1e-6)
    }
}
