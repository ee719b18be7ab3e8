import Foundation

/// A learned, local, rotation-equivariant closure (after Maddu, Weady & Shelley,
/// docs/PDE.md §2.4): an MLP maps the invariants (tr(D·D), tr(E·E), tr(D·E), tr D = c),
/// standardised, to five scalars g₁…g₅ with
///
///   S:D ≈ g₁ I + g₂ D,   S:E ≈ g₃ I + g₄ D + g₅ E,   so   S:T ≈ (g₃ + 2ζg₁) I + (g₄ + 2ζg₂) D + g₅ E.
///
/// (c is added to the paper's three invariants because S/c depends on D/c.) Trained with Adam on
/// exact S:D and S:E from kinetic-solver data (`train`). Cost per point: one MLP forward.
public final class LearnedClosure: MomentClosure {
    /// The closure's name as the CLI spells it.
    public let name = "learned"
    /// The network (input 4, output 5).
    public private(set) var network: ClosureMLP
    /// Input standardisation: x̃ = (x − mean) / scale.
    public private(set) var inputMean: [Double], inputScale: [Double]
    private var fields = StoredMomentFields()
    private var scratch = [Double](repeating: 0, count: 16)
    /// Parameters re-laid out for inference: per layer the weights transposed (in × out) then the
    /// biases, so the inner loop runs over independent outputs (vectorisable, no reduction chain).
    private var packed: [Double] = []

    /// Wraps a trained network; throws `KineticError` unless sizes are [4, …, 5] and the
    /// standardisation has 4 finite entries with positive scales.
    public init(network: ClosureMLP, inputMean: [Double], inputScale: [Double]) throws {
        guard network.sizes.first == 4, network.sizes.last == 5 else {
            throw KineticError("learned closure network must map 4 invariants to 5 coefficients, has sizes \(network.sizes)")
        }
        guard inputMean.count == 4, inputScale.count == 4, inputMean.allSatisfy(\.isFinite),
              inputScale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw KineticError("learned closure standardisation must have 4 finite entries with positive scales")
        }
        self.network = network
        self.inputMean = inputMean
        self.inputScale = inputScale
        scratch = [Double](repeating: 0, count: 2 * network.sizes.max()!)
        var off = 0
        for l in 0..<(network.sizes.count - 1) {
            let na = network.sizes[l], nb = network.sizes[l + 1]
            for k in 0..<na { for o in 0..<nb { packed.append(network.parameters[off + o * na + k]) } }
            packed.append(contentsOf: network.parameters[(off + na * nb)..<(off + na * nb + nb)])
            off += na * nb + nb
        }
    }

    /// The raw invariants at one point.
    static func invariants(_ a: Double, _ b: Double, _ d: Double, _ x: Double, _ y: Double) -> (Double, Double, Double, Double) {
        (a * a + 2 * b * b + d * d, 2 * x * x + 2 * y * y, a * x + 2 * b * y - d * x, a + d)
    }

    /// g₁…g₅ at one point (allocates; for tests and tables).
    public func coefficients(d11 a: Double, d12 b: Double, d22 d: Double, e11 x: Double, e12 y: Double) -> [Double] {
        let v = Self.invariants(a, b, d, x, y)
        var inp = [v.0, v.1, v.2, v.3]
        for k in 0..<4 { inp[k] = (inp[k] - inputMean[k]) / inputScale[k] }
        var out = [Double](repeating: 0, count: 5)
        network.forward(inp, &out, scratch: &scratch)
        return out
    }

    /// Per-step set-up from the moment fields (see `MomentClosure.prepare`).
    public func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, count: Int) {
        fields.store(c: c, d11: d11, d12: d12, d22: d22, count: count)
    }

    /// The closed contraction S:T on the grid (see `MomentClosure.contract`).
    public func contract(t11: UnsafePointer<Double>, t12: UnsafePointer<Double>, t22: UnsafePointer<Double>,
                         e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, zeta: Double,
                         st11: UnsafeMutablePointer<Double>, st12: UnsafeMutablePointer<Double>,
                         st22: UnsafeMutablePointer<Double>, count: Int) {
        let sizes = network.sizes
        let d11 = fields.d11, d12 = fields.d12, d22 = fields.d22
        let layers = sizes.count - 1
        let width = sizes.max()!
        let mean = inputMean, scale = inputScale
        // Hoisted, allocation-free forward pass (the hot loop of the moment model).
        packed.withUnsafeBufferPointer { pp in
        sizes.withUnsafeBufferPointer { sz in
        scratch.withUnsafeMutableBufferPointer { sbuf in
            let p = pp.baseAddress!
            let bufA = sbuf.baseAddress!, bufB = bufA + width
            for i in 0..<count {
                let a = d11[i], b = d12[i], d = d22[i], ex = e11[i], ey = e12[i]
                bufA[0] = (a * a + 2 * b * b + d * d - mean[0]) / scale[0]
                bufA[1] = (2 * ex * ex + 2 * ey * ey - mean[1]) / scale[1]
                bufA[2] = (a * ex + 2 * b * ey - d * ex - mean[2]) / scale[2]
                bufA[3] = (a + d - mean[3]) / scale[3]
                var cur = bufA, nxt = bufB
                var off = 0
                for l in 0..<layers {
                    let na = sz[l], nb = sz[l + 1]
                    let w = p + off, bias = p + off + na * nb
                    let last = l == layers - 1
                    for o in 0..<nb { nxt[o] = bias[o] }
                    for k in 0..<na {
                        let xk = cur[k], col = w + k * nb
                        for o in 0..<nb { nxt[o] += col[o] * xk }
                    }
                    if !last {
                        // tanh z = 1 − 2/(e^{2z} + 1): same function (absolute error ~1e-16), cheaper than libm tanh
                        for o in 0..<nb { nxt[o] = 1 - 2 / (exp(2 * min(nxt[o], 300)) + 1) }
                    }
                    off += na * nb + nb
                    swap(&cur, &nxt)
                }
                let iso = cur[2] + 2 * zeta * cur[0], lin = cur[3] + 2 * zeta * cur[1], ge = cur[4]
                st11[i] = iso + lin * a + ge * ex
                st12[i] = lin * b + ge * ey
                st22[i] = iso + lin * d - ge * ex
            }
        }}}
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
        /// Hidden layer widths.
        public var hidden: [Int] = [24, 24]
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
        var net = try ClosureMLP(sizes: [4] + o.hidden + [5], seed: o.seed)
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
            let loss = net.lossAndGradient(inputs: inputs, batch: bsz, gradient: &grad) { b, g, dg in
                sampleLoss(s, idx[b], g, dg, wD: wD, wE: wE)
            }
            let inv = 1 / Double(bsz)
            for k in 0..<grad.count { grad[k] *= inv }
            adam.update(&net.parameters, gradient: grad)
            lastLoss = loss * inv
        }
        return (try LearnedClosure(network: net, inputMean: mean, inputScale: scale), lastLoss)
    }

    /// The weights as a small text file: a header line, `sizes`, `mean`, `scale`, `params` lines
    /// (numbers in %.17g, round-trip exact).
    public func serialized() -> String {
        func line(_ k: String, _ v: [Double]) -> String { k + " " + v.map { String(format: "%.17g", $0) }.joined(separator: " ") }
        return ["solversuite-learned-closure v1",
                "sizes " + network.sizes.map(String.init).joined(separator: " "),
                line("mean", inputMean), line("scale", inputScale), line("params", network.parameters)].joined(separator: "\n") + "\n"
    }

    /// Parses `serialized()` output; throws `KineticError` naming what is malformed.
    public static func parse(_ text: String) throws -> LearnedClosure {
        var fields: [String: [Substring]] = [:]
        let lines = text.split(separator: "\n")
        guard lines.first?.hasPrefix("solversuite-learned-closure v1") == true else {
            throw KineticError("not a learned-closure file (missing header 'solversuite-learned-closure v1')")
        }
        for l in lines.dropFirst() {
            let parts = l.split(separator: " ")
            if let k = parts.first { fields[String(k)] = Array(parts.dropFirst()) }
        }
        func doubles(_ k: String) throws -> [Double] {
            guard let v = fields[k] else { throw KineticError("learned-closure file lacks the '\(k)' line") }
            return try v.map { guard let d = Double($0) else { throw KineticError("bad number '\($0)' on the '\(k)' line") }; return d }
        }
        guard let sv = fields["sizes"] else { throw KineticError("learned-closure file lacks the 'sizes' line") }
        let sizes = try sv.map { guard let i = Int($0) else { throw KineticError("bad size '\($0)'") }; return i }
        let net = try ClosureMLP(sizes: sizes, parameters: try doubles("params"))
        return try LearnedClosure(network: net, inputMean: try doubles("mean"), inputScale: try doubles("scale"))
    }
}
