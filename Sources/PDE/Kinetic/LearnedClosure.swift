import Foundation

/// A learned, local, rotation-equivariant closure (after Maddu, Weady & Shelley,
/// docs/PDE.md §2.4): an MLP maps the invariants (tr(D·D), tr(E·E), tr(D·E), tr D = c),
/// standardised, to the five scalars g₁…g₅ of
///
///   S:D ≈ g₁ I + g₂ D,   S:E ≈ g₃ I + g₄ D + g₅ E,   so   S:T ≈ (g₃ + 2ζg₁) I + (g₄ + 2ζg₂) D + g₅ E.
///
/// (c is added to the paper's three invariants because S/c depends on D/c.) Two forms:
///
/// - `.residual` (default, weights format v2): the network's 3 outputs h are a correction to a
///   blend of the linear closure (exact to first order at isotropy) and the quadratic one (exact
///   for perfect alignment). With w = s² = 2tr(D·D)/c² − 1 (clamped to [0, 1]) and r = w(1 − w):
///   g₂ = (1−w)·3c/4 + w·tr(D·D)/c + r c h₁,  g₄ = (w + r h₂)·tr(D·E)/c,  g₅ = (1−w)·c/4 + r c h₃,
///   and g₁, g₃ from the exact trace identities 2g₁ + c g₂ = tr(D·D), 2g₃ + c g₄ = tr(D·E).
///   S:D and S:E are therefore exact in trace, S:E vanishes with E, and the closure equals the
///   linear closure to first order about D = cI/2, E = 0 whatever the weights: the moment model
///   has the kinetic growth rate of the isotropic state.
/// - `.plain` (weights format v1): the 5 outputs are g₁…g₅ directly.
///
/// Cost: the network is evaluated over all points eight at a time in SIMD lanes. In a
/// `MomentSolver` (`usesPredictedStrain`) it runs once per time step, in `prepare`, at the solver's
/// extrapolated strain E* = 2Eⁿ⁻¹ − Eⁿ⁻²; `contract` is then linear in E (a few flops per point) in
/// every velocity fixed-point iteration. With `evaluatePerIteration` (or when
/// `prepare` gets no strain, as in a-priori tests) the network runs in every `contract` at the
/// current E. Trained with Adam on exact S:D and S:E from kinetic-solver data (`train`).
public final class LearnedClosure: MomentClosure {
    /// How the network's outputs become g₁…g₅ (see the type's documentation).
    public enum Form: String, Sendable, CaseIterable {
        /// 5 outputs = g₁…g₅ (v1 weights files).
        case plain
        /// 3 outputs correcting the linear/quadratic blend, isotropically consistent (v2).
        case residual

        /// Network outputs this form needs.
        public var outputs: Int { self == .plain ? 5 : 3 }
    }

    /// The closure's name as the CLI spells it.
    public let name = "learned"
    /// The network (input 4, output `form.outputs`).
    public private(set) var network: ClosureMLP
    /// Output interpretation.
    public let form: Form
    /// Input standardisation: x̃ = (x − mean) / scale.
    public private(set) var inputMean: [Double], inputScale: [Double]
    /// Evaluate the network in every `contract` at the current E (the pre-v2 behaviour) instead of
    /// once per step at the solver's predicted strain. Default false.
    public var evaluatePerIteration = false
    /// True unless `evaluatePerIteration`: the moment solver then passes E* to `prepare`.
    public var usesPredictedStrain: Bool { !evaluatePerIteration }

    private var fields = StoredMomentFields()
    /// Per-point coefficients from the last network evaluation, five stripes of `count` entries:
    /// plain g₁…g₅; residual g₂, k₄ (g₄ = k₄ tr(D·E)), g₅ (the last two stripes unused).
    private var coefficients: [Double] = []
    private var frozen = false
    private var lanes: [SIMD8<Double>] = []

    /// Wraps a trained network; throws `KineticError` unless sizes are [4, …, form.outputs] and the
    /// standardisation has 4 finite entries with positive scales.
    public init(network: ClosureMLP, inputMean: [Double], inputScale: [Double], form: Form = .plain) throws {
        guard network.sizes.first == 4, network.sizes.last == form.outputs else {
            throw KineticError("learned closure (\(form.rawValue) form) network must map 4 invariants to \(form.outputs) outputs, has sizes \(network.sizes)")
        }
        guard inputMean.count == 4, inputScale.count == 4, inputMean.allSatisfy(\.isFinite),
              inputScale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw KineticError("learned closure standardisation must have 4 finite entries with positive scales")
        }
        self.network = network
        self.form = form
        self.inputMean = inputMean
        self.inputScale = inputScale
    }

    /// The raw invariants at one point.
    static func invariants(_ a: Double, _ b: Double, _ d: Double, _ x: Double, _ y: Double) -> (Double, Double, Double, Double) {
        (a * a + 2 * b * b + d * d, 2 * x * x + 2 * y * y, a * x + 2 * b * y - d * x, a + d)
    }

    /// The blend weight w = s² (clamped to [0, 1]) and the residual factor r = w(1 − w).
    @inline(__always) static func blend(c: Double, dd: Double) -> (w: Double, r: Double) {
        let w = min(max(2 * dd / (c * c) - 1, 0), 1)
        return (w, w * (1 - w))
    }

    /// g₁…g₅ from network outputs `h` at one point (c > 0 for the residual form). O(1).
    static func coefficients(form: Form, a: Double, b: Double, d: Double, x: Double, y: Double,
                             h: UnsafePointer<Double>) -> (Double, Double, Double, Double, Double) {
        if form == .plain { return (h[0], h[1], h[2], h[3], h[4]) }
        let c = a + d
        guard c > 0 else { return (0, 0, 0, 0, 0) }
        let dd = a * a + 2 * b * b + d * d, de = a * x + 2 * b * y - d * x
        let (w, r) = blend(c: c, dd: dd)
        let g2 = (1 - w) * 0.75 * c + w * dd / c + r * c * h[0]
        let g4 = (w + r * h[1]) * de / c
        let g5 = (1 - w) * 0.25 * c + r * c * h[2]
        return ((dd - g2 * c) / 2, g2, (de - g4 * c) / 2, g4, g5)
    }

    /// dL/dh from dL/dg (the transpose of the Jacobian of `coefficients`). O(1).
    static func pullBack(form: Form, a: Double, b: Double, d: Double, x: Double, y: Double,
                         dg: UnsafePointer<Double>, dh: UnsafeMutablePointer<Double>) {
        if form == .plain { for k in 0..<5 { dh[k] = dg[k] }; return }
        let c = a + d
        guard c > 0 else { dh[0] = 0; dh[1] = 0; dh[2] = 0; return }
        let dd = a * a + 2 * b * b + d * d, de = a * x + 2 * b * y - d * x
        let r = blend(c: c, dd: dd).r
        dh[0] = r * c * (dg[1] - 0.5 * c * dg[0])
        dh[1] = r * de / c * (dg[3] - 0.5 * c * dg[2])
        dh[2] = r * c * dg[4]
    }

    /// g₁…g₅ at one point (allocates; for tests and tables).
    public func coefficients(d11 a: Double, d12 b: Double, d22 d: Double, e11 x: Double, e12 y: Double) -> [Double] {
        let v = Self.invariants(a, b, d, x, y)
        var inp = [v.0, v.1, v.2, v.3]
        for k in 0..<4 { inp[k] = (inp[k] - inputMean[k]) / inputScale[k] }
        var out = [Double](repeating: 0, count: form.outputs)
        var scratch = [Double](repeating: 0, count: 2 * network.sizes.max()!)
        network.forward(inp, &out, scratch: &scratch)
        let g = out.withUnsafeBufferPointer { Self.coefficients(form: form, a: a, b: b, d: d, x: x, y: y, h: $0.baseAddress!) }
        return [g.0, g.1, g.2, g.3, g.4]
    }

    /// Per-step set-up without a strain: stores D; the network then runs in every `contract`.
    public func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, count: Int) {
        fields.store(c: c, d11: d11, d12: d12, d22: d22, count: count)
        frozen = false
    }

    /// Per-step set-up at a predicted strain E*: stores D and evaluates the network once at
    /// (D, E*); `contract` then only applies the stored coefficients (linear in E). O(count · network).
    public func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, predictedE11: UnsafePointer<Double>,
                        predictedE12: UnsafePointer<Double>, count: Int) {
        fields.store(c: c, d11: d11, d12: d12, d22: d22, count: count)
        evaluate(e11: predictedE11, e12: predictedE12, count: count)
        frozen = true
    }

    /// The closed contraction S:T on the grid (see `MomentClosure.contract`).
    public func contract(t11: UnsafePointer<Double>, t12: UnsafePointer<Double>, t22: UnsafePointer<Double>,
                         e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, zeta: Double,
                         st11: UnsafeMutablePointer<Double>, st12: UnsafeMutablePointer<Double>,
                         st22: UnsafeMutablePointer<Double>, count: Int) {
        guard count > 0 else { return }
        if !frozen { evaluate(e11: e11, e12: e12, count: count) }
        let residual = form == .residual
        fields.withBuffers { _, d11, d12, d22 in
        coefficients.withUnsafeBufferPointer { kb in
            let k0 = kb.baseAddress!, k1 = k0 + count, k2 = k1 + count, k3 = k2 + count, k4 = k3 + count
            if residual {
                for i in 0..<count {
                    let a = d11[i], b = d12[i], d = d22[i], ex = e11[i], ey = e12[i]
                    let c = a + d
                    let dd = a * a + 2 * b * b + d * d, de = a * ex + 2 * b * ey - d * ex
                    let g2 = k0[i], g4 = k1[i] * de, g5 = k2[i]
                    let g1 = 0.5 * (dd - g2 * c), g3 = 0.5 * (de - g4 * c)
                    let iso = g3 + 2 * zeta * g1, lin = g4 + 2 * zeta * g2
                    let on: Double = c > 0 ? 1 : 0
                    st11[i] = on * (iso + lin * a + g5 * ex)
                    st12[i] = on * (lin * b + g5 * ey)
                    st22[i] = on * (iso + lin * d - g5 * ex)
                }
            } else {
                for i in 0..<count {
                    let a = d11[i], b = d12[i], d = d22[i], ex = e11[i], ey = e12[i]
                    let iso = k2[i] + 2 * zeta * k0[i], lin = k3[i] + 2 * zeta * k1[i], ge = k4[i]
                    st11[i] = iso + lin * a + ge * ex
                    st12[i] = lin * b + ge * ey
                    st22[i] = iso + lin * d - ge * ex
                }
            }
        }}
    }

    /// Runs the network over all points at strain (e11, e12) and stores the per-point coefficients.
    /// Eight points at a time in SIMD8 lanes (the network is applied lane-wise, so every multiply,
    /// add and softsign division is a vector operation); the last group is zero-padded. No
    /// allocation after the first call at a given `count`.
    private func evaluate(e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, count: Int) {
        typealias V = SIMD8<Double>
        guard count > 0 else { return }
        if coefficients.count != 5 * count { coefficients = [Double](repeating: 0, count: 5 * count) }
        let sizes = network.sizes, layers = sizes.count - 1, width = sizes.max()!
        if lanes.count < 2 * width { lanes = [V](repeating: V(), count: 2 * width) }
        let act = network.activation, residual = form == .residual
        let mean = inputMean, scale = inputScale
        let m0 = V(repeating: mean[0]), m1 = V(repeating: mean[1]), m2 = V(repeating: mean[2]), m3 = V(repeating: mean[3])
        let r0 = V(repeating: 1 / scale[0]), r1 = V(repeating: 1 / scale[1]), r2 = V(repeating: 1 / scale[2]), r3 = V(repeating: 1 / scale[3])
        let one = V(repeating: 1), zero = V()
        fields.withBuffers { _, d11, d12, d22 in
        network.parameters.withUnsafeBufferPointer { pp in
        sizes.withUnsafeBufferPointer { sz in
        lanes.withUnsafeMutableBufferPointer { lb in
        coefficients.withUnsafeMutableBufferPointer { kb in
            let k0 = kb.baseAddress!, k1 = k0 + count, k2 = k1 + count, k3 = k2 + count, k4 = k3 + count
            let p = pp.baseAddress!
            let bufA = lb.baseAddress!, bufB = bufA + width
            var start = 0
            while start < count {
                let nb = min(8, count - start)
                var a = zero, b = zero, d = zero, x = zero, y = zero
                for q in 0..<nb {
                    let i = start + q
                    a[q] = d11[i]; b[q] = d12[i]; d[q] = d22[i]; x[q] = e11[i]; y[q] = e12[i]
                }
                let dd = a * a + 2 * b * b + d * d, c = a + d
                bufA[0] = (dd - m0) * r0
                bufA[1] = (2 * x * x + 2 * y * y - m1) * r1
                bufA[2] = (a * x + 2 * b * y - d * x - m2) * r2
                bufA[3] = (c - m3) * r3
                var cur = bufA, nxt = bufB
                var off = 0
                for l in 0..<layers {
                    let na = sz[l], no = sz[l + 1]
                    let w = p + off, bias = p + off + na * no
                    let hidden = l < layers - 1
                    for o in 0..<no {
                        var acc = V(repeating: bias[o])
                        let row = w + o * na
                        for k in 0..<na { acc += cur[k] * row[k] }
                        if hidden {
                            switch act {
                            case .softsign: acc = acc / (one + acc.replacing(with: -acc, where: acc .< zero))
                            // tanh z = 1 − 2/(e^{2z} + 1) (absolute error ~1e-16, cheaper than libm tanh)
                            case .tanh: for q in 0..<8 { acc[q] = 1 - 2 / (exp(2 * min(acc[q], 300)) + 1) }
                            }
                        }
                        nxt[o] = acc
                    }
                    off += na * no + no
                    swap(&cur, &nxt)
                }
                if residual {
                    let cpos = c.replacing(with: one, where: c .<= zero)
                    var w = dd / (cpos * cpos) * 2 - one
                    w = w.clamped(lowerBound: zero, upperBound: one)
                    let r = w * (one - w)
                    let g2 = (one - w) * 0.75 * c + w * dd / cpos + r * c * cur[0]
                    let kk4 = (w + r * cur[1]) / cpos
                    let g5 = (one - w) * 0.25 * c + r * c * cur[2]
                    for q in 0..<nb { let i = start + q; k0[i] = g2[q]; k1[i] = kk4[q]; k2[i] = g5[q] }
                } else {
                    for q in 0..<nb {
                        let i = start + q
                        k0[i] = cur[0][q]; k1[i] = cur[1][q]; k2[i] = cur[2][q]; k3[i] = cur[3][q]; k4[i] = cur[4][q]
                    }
                }
                start += nb
            }
        }}}}}
    }

    /// Training loss for one sample: w_D‖S:D − g₁I − g₂D‖² + w_E‖S:E − g₃I − g₄D − g₅E‖² (`train`
    /// uses w = 1 / mean square of the target)
    /// (Frobenius, symmetric off-diagonals counted twice) and its derivative in g. O(1).
    static func sampleLoss(_ s: ClosureSamples, _ i: Int, _ g: UnsafePointer<Double>, _ dg: UnsafeMutablePointer<Double>,
                           wD: Double, wE: Double) -> Double {
        let a = s.d11[i], b = s.d12[i], d = s.d22[i], x = s.e11[i], y = s.e12[i]
        let r11 = s.sd11[i] - g[0] - g[1] * a, r12 = s.sd12[i] - g[1] * b, r22 = s.sd22[i] - g[0] - g[1] * d
        let q11 = s.se11[i] - g[2] - g[3] * a - g[4] * x, q12 = s.se12[i] - g[3] * b - g[4] * y
        let q22 = s.se22[i] - g[2] - g[3] * d + g[4] * x
        dg[0] = -2 * wD * (r11 + r22)
        dg[1] = -2 * wD * (r11 * a + 2 * r12 * b + r22 * d)
        dg[2] = -2 * wE * (q11 + q22)
        dg[3] = -2 * wE * (q11 * a + 2 * q12 * b + q22 * d)
        dg[4] = -2 * wE * (q11 * x + 2 * q12 * y - q22 * x)
        return wD * (r11 * r11 + 2 * r12 * r12 + r22 * r22) + wE * (q11 * q11 + 2 * q12 * q12 + q22 * q22)
    }

    /// Options of `train`.
    public struct TrainingOptions: Sendable {
        /// Output form (residual: isotropically consistent, v2).
        public var form: Form = .residual
        /// Hidden-layer activation.
        public var activation: ClosureActivation = .softsign
        /// Hidden layer widths.
        public var hidden: [Int] = [16, 16]
        /// Adam steps (mini-batches).
        public var steps = 3000
        /// Mini-batch size.
        public var batch = 256
        /// Initial learning rate (×0.1 at 60 % and 85 % of the steps).
        public var learningRate = 3e-3
        /// Seed of the initial weights and the batch sampling.
        public var seed: UInt64 = 7
        /// Defaults.
        public init() {}
    }

    /// Trains a closure on `samples` (mean training loss per sample is returned with it).
    /// Throws `KineticError` for an empty sample set or invalid options. O(steps · batch · parameters).
    public static func train(samples s: ClosureSamples, options o: TrainingOptions = TrainingOptions()) throws
        -> (closure: LearnedClosure, finalLoss: Double) {
        guard s.count > 0 else { throw KineticError("no training samples") }
        guard o.steps >= 1, o.batch >= 1 else { throw KineticError("steps and batch must be >= 1") }
        let m = s.count
        var feats = [Double](repeating: 0, count: 4 * m)
        for i in 0..<m {
            let v = invariants(s.d11[i], s.d12[i], s.d22[i], s.e11[i], s.e12[i])
            feats[4 * i] = v.0; feats[4 * i + 1] = v.1; feats[4 * i + 2] = v.2; feats[4 * i + 3] = v.3
        }
        var mean = [0.0, 0.0, 0.0, 0.0], scale = [0.0, 0.0, 0.0, 0.0]
        for i in 0..<m { for k in 0..<4 { mean[k] += feats[4 * i + k] } }
        mean = mean.map { $0 / Double(m) }
        for i in 0..<m { for k in 0..<4 { scale[k] += pow(feats[4 * i + k] - mean[k], 2) } }
        scale = scale.map { max(($0 / Double(m)).squareRoot(), 1e-12) }
        for i in 0..<m { for k in 0..<4 { feats[4 * i + k] = (feats[4 * i + k] - mean[k]) / scale[k] } }
        var sD = 0.0, sE = 0.0
        for i in 0..<m {
            sD += s.sd11[i] * s.sd11[i] + 2 * s.sd12[i] * s.sd12[i] + s.sd22[i] * s.sd22[i]
            sE += s.se11[i] * s.se11[i] + 2 * s.se12[i] * s.se12[i] + s.se22[i] * s.se22[i]
        }
        let wD = sD > 0 ? Double(m) / sD : 1, wE = sE > 0 ? Double(m) / sE : 1
        var net = try ClosureMLP(sizes: [4] + o.hidden + [o.form.outputs], seed: o.seed, activation: o.activation)
        let form = o.form
        var adam = AdamOptimizer(count: net.parameters.count, learningRate: o.learningRate)
        var rng = SplitMix64(state: o.seed &+ 99)
        let bsz = min(o.batch, m)
        var idx = [Int](repeating: 0, count: bsz)
        var inputs = [Double](repeating: 0, count: 4 * bsz)
        var grad: [Double] = []
        var lastLoss = 0.0
        for step in 0..<o.steps {
            if step == o.steps * 6 / 10 || step == o.steps * 85 / 100 { adam.learningRate *= 0.1 }
            for b in 0..<bsz {
                let i = Int(rng.next() % UInt64(m))
                idx[b] = i
                for k in 0..<4 { inputs[4 * b + k] = feats[4 * i + k] }
            }
            let loss = net.lossAndGradient(inputs: inputs, batch: bsz, gradient: &grad) { b, h, dh in
                let i = idx[b]
                let a = s.d11[i], bb = s.d12[i], d = s.d22[i], x = s.e11[i], y = s.e12[i]
                let g = coefficients(form: form, a: a, b: bb, d: d, x: x, y: y, h: h)
                var gv = (g.0, g.1, g.2, g.3, g.4), dg = (0.0, 0.0, 0.0, 0.0, 0.0)
                return withUnsafeMutableBytes(of: &gv) { gp in
                    withUnsafeMutableBytes(of: &dg) { dp in
                        let gptr = gp.baseAddress!.assumingMemoryBound(to: Double.self)
                        let dptr = dp.baseAddress!.assumingMemoryBound(to: Double.self)
                        let l = sampleLoss(s, i, gptr, dptr, wD: wD, wE: wE)
                        pullBack(form: form, a: a, b: bb, d: d, x: x, y: y, dg: dptr, dh: dh)
                        return l
                    }
                }
            }
            let inv = 1 / Double(bsz)
            for k in 0..<grad.count { grad[k] *= inv }
            adam.update(&net.parameters, gradient: grad)
            lastLoss = loss * inv
        }
        return (try LearnedClosure(network: net, inputMean: mean, inputScale: scale, form: form), lastLoss)
    }

    /// The weights as a small text file (format v2): the header line
    /// `solversuite-learned-closure v2`, then `form plain|residual`, `activation tanh|softsign`,
    /// `sizes`, `mean`, `scale`, `params` lines (numbers in %.17g, round-trip exact; params per layer
    /// the weights out × in row-major, then the biases). docs/pde.md describes both versions.
    public func serialized() -> String {
        func line(_ k: String, _ v: [Double]) -> String { k + " " + v.map { String(format: "%.17g", $0) }.joined(separator: " ") }
        return ["solversuite-learned-closure v2",
                "form " + form.rawValue,
                "activation " + network.activation.rawValue,
                "sizes " + network.sizes.map(String.init).joined(separator: " "),
                line("mean", inputMean), line("scale", inputScale), line("params", network.parameters)].joined(separator: "\n") + "\n"
    }

    /// Parses `serialized()` output: v2, or v1 (no `form` / `activation` lines: the plain form with
    /// tanh, as v1 files were written). Throws `KineticError` naming what is malformed, including an
    /// unknown version, form or activation.
    public static func parse(_ text: String) throws -> LearnedClosure {
        var fields: [String: [Substring]] = [:]
        let lines = text.split(separator: "\n")
        guard let header = lines.first, header.hasPrefix("solversuite-learned-closure ") else {
            throw KineticError("not a learned-closure file (missing header 'solversuite-learned-closure v1|v2')")
        }
        let version = header.dropFirst("solversuite-learned-closure ".count).trimmingCharacters(in: .whitespaces)
        guard version == "v1" || version == "v2" else {
            throw KineticError("learned-closure file version '\(version)' is not supported (this build reads v1 and v2)")
        }
        for l in lines.dropFirst() {
            let parts = l.split(separator: " ")
            if let k = parts.first { fields[String(k)] = Array(parts.dropFirst()) }
        }
        func doubles(_ k: String) throws -> [Double] {
            guard let v = fields[k] else { throw KineticError("learned-closure file lacks the '\(k)' line") }
            return try v.map { guard let d = Double($0) else { throw KineticError("bad number '\($0)' on the '\(k)' line") }; return d }
        }
        func word(_ k: String) throws -> String {
            guard let v = fields[k], v.count == 1 else { throw KineticError("learned-closure v2 file needs one word on the '\(k)' line") }
            return String(v[0])
        }
        var form = Form.plain, activation = ClosureActivation.tanh
        if version == "v2" {
            let f = try word("form"), a = try word("activation")
            guard let ff = Form(rawValue: f) else { throw KineticError("unknown learned-closure form '\(f)' (plain, residual)") }
            guard let aa = ClosureActivation(rawValue: a) else { throw KineticError("unknown activation '\(a)' (tanh, softsign)") }
            form = ff; activation = aa
        }
        guard let sv = fields["sizes"] else { throw KineticError("learned-closure file lacks the 'sizes' line") }
        let sizes = try sv.map { guard let i = Int($0) else { throw KineticError("bad size '\($0)'") }; return i }
        let net = try ClosureMLP(sizes: sizes, parameters: try doubles("params"), activation: activation)
        return try LearnedClosure(network: net, inputMean: try doubles("mean"), inputScale: try doubles("scale"), form: form)
    }
}
