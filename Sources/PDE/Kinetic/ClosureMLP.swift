import Foundation

/// The hidden-layer activation of a `ClosureMLP`.
public enum ClosureActivation: String, Sendable, Equatable, CaseIterable {
    /// tanh z (a transcendental per unit; the v1 weights files use it).
    case tanh
    /// Softsign z / (1 + |z|): one division per unit, vectorises; derivative (1 − |h|)².
    case softsign

    /// h = f(z).
    @inline(__always) func apply(_ z: Double) -> Double {
        switch self {
        case .tanh: return Foundation.tanh(z)
        case .softsign: return z / (1 + abs(z))
        }
    }

    /// f′(z) written in terms of h = f(z).
    @inline(__always) func derivative(output h: Double) -> Double {
        switch self {
        case .tanh: return 1 - h * h
        case .softsign: let a = 1 - abs(h); return a * a
        }
    }
}

/// A small fully connected network y = W_L f(… f(W_1 x + b_1) …) + b_L (f = `activation`) with
/// manual back-propagation and an Adam optimiser, used by `LearnedClosure`.
///
/// Parameters are one flat array: per layer the weights (out × in, row-major) then the biases.
/// Forward: O(Σ in·out) per sample. Not thread-safe (it keeps activation scratch).
public struct ClosureMLP: Sendable, Equatable {
    /// Layer widths, input first (e.g. [4, 16, 16, 3]).
    public let sizes: [Int]
    /// All weights and biases.
    public var parameters: [Double]
    /// Hidden-layer activation (the output layer is linear).
    public var activation: ClosureActivation = .tanh

    /// Number of parameters for `sizes`.
    public static func parameterCount(_ sizes: [Int]) -> Int {
        zip(sizes.dropLast(), sizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }

    /// Xavier-uniform weights, zero biases, from a seeded generator. Throws `KineticError` when
    /// fewer than 2 layers or a width < 1.
    public init(sizes: [Int], seed: UInt64 = 1, activation: ClosureActivation = .tanh) throws {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
            throw KineticError("MLP sizes \(sizes) need >= 2 layers of width 1...4096")
        }
        self.sizes = sizes
        self.activation = activation
        var rng = SplitMix64(state: seed)
        var p: [Double] = []
        for (a, b) in zip(sizes.dropLast(), sizes.dropFirst()) {
            let r = (6.0 / Double(a + b)).squareRoot()
            for _ in 0..<(a * b) { p.append(r * (2 * rng.uniform() - 1)) }
            p.append(contentsOf: [Double](repeating: 0, count: b))
        }
        parameters = p
    }

    /// Builds from explicit parameters; throws `KineticError` on a count mismatch or non-finite values.
    public init(sizes: [Int], parameters: [Double], activation: ClosureActivation = .tanh) throws {
        guard sizes.count >= 2, sizes.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
            throw KineticError("MLP sizes \(sizes) need >= 2 layers of width 1...4096")
        }
        guard parameters.count == Self.parameterCount(sizes) else {
            throw KineticError("MLP has \(parameters.count) parameters, sizes \(sizes) need \(Self.parameterCount(sizes))")
        }
        guard parameters.allSatisfy(\.isFinite) else { throw KineticError("MLP parameters are not finite") }
        self.sizes = sizes
        self.parameters = parameters
        self.activation = activation
    }

    /// y = f(x) for one input (x.count == sizes[0]; y.count == sizes.last). Allocation-free when
    /// `scratch` has 2 · max width entries.
    public func forward(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) {
        let w = sizes.max()!
        var cur = scratch, nxt = scratch + w
        for i in 0..<sizes[0] { cur[i] = x[i] }
        parameters.withUnsafeBufferPointer { p in
            var off = 0
            for l in 0..<(sizes.count - 1) {
                let a = sizes[l], b = sizes[l + 1]
                let last = l == sizes.count - 2
                for o in 0..<b {
                    var s = p[off + a * b + o]
                    let row = off + o * a
                    for i in 0..<a { s += p[row + i] * cur[i] }
                    nxt[o] = last ? s : activation.apply(s)
                }
                off += a * b + b
                swap(&cur, &nxt)
            }
        }
        for o in 0..<sizes.last! { y[o] = cur[o] }
    }

    /// Sum over `inputs` (count = batch · sizes[0]) of a per-sample loss ℓ(y) and its gradient with
    /// respect to the parameters (added into `gradient`, zeroed first). `lossAndDerivative(s, y, dy)`
    /// returns ℓ for sample s and writes dℓ/dy. O(batch · parameters).
    public func lossAndGradient(inputs: [Double], batch: Int, gradient: inout [Double],
                                lossAndDerivative: (Int, UnsafePointer<Double>, UnsafeMutablePointer<Double>) -> Double) -> Double {
        let L = sizes.count - 1
        gradient = [Double](repeating: 0, count: parameters.count)
        var offsets: [Int] = [], off = 0
        for l in 0..<L { offsets.append(off); off += sizes[l] * sizes[l + 1] + sizes[l + 1] }
        var acts = sizes.map { [Double](repeating: 0, count: $0) }   // acts[0] input, acts[l] post-activation
        var delta = sizes.map { [Double](repeating: 0, count: $0) }
        var dy = [Double](repeating: 0, count: sizes[L])
        var total = 0.0
        parameters.withUnsafeBufferPointer { p in
        gradient.withUnsafeMutableBufferPointer { g in
            for s in 0..<batch {
                for i in 0..<sizes[0] { acts[0][i] = inputs[s * sizes[0] + i] }
                for l in 0..<L {
                    let a = sizes[l], b = sizes[l + 1], o0 = offsets[l]
                    for o in 0..<b {
                        var z = p[o0 + a * b + o]
                        for i in 0..<a { z += p[o0 + o * a + i] * acts[l][i] }
                        acts[l + 1][o] = l == L - 1 ? z : activation.apply(z)
                    }
                }
                total += acts[L].withUnsafeBufferPointer { y in
                    dy.withUnsafeMutableBufferPointer { d in lossAndDerivative(s, y.baseAddress!, d.baseAddress!) }
                }
                for o in 0..<sizes[L] { delta[L][o] = dy[o] }
                var l = L - 1
                while l >= 0 {
                    let a = sizes[l], b = sizes[l + 1], o0 = offsets[l]
                    for o in 0..<b {
                        let d = delta[l + 1][o]
                        g[o0 + a * b + o] += d
                        for i in 0..<a { g[o0 + o * a + i] += d * acts[l][i] }
                    }
                    if l > 0 {
                        for i in 0..<a {
                            var s2 = 0.0
                            for o in 0..<b { s2 += p[o0 + o * a + i] * delta[l + 1][o] }
                            delta[l][i] = s2 * activation.derivative(output: acts[l][i])
                        }
                    }
                    l -= 1
                }
            }
        }}
        return total
    }
}

/// Adam (Kingma & Ba) with bias correction; one `update` per mini-batch. O(parameters).
public struct AdamOptimizer: Sendable {
    /// Step size.
    public var learningRate: Double
    /// Moment decay rates and the denominator guard.
    public var beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
    private var m: [Double], v: [Double], t = 0

    /// An optimiser for `count` parameters.
    public init(count: Int, learningRate: Double = 1e-3) {
        self.learningRate = learningRate
        m = [Double](repeating: 0, count: count); v = m
    }

    /// parameters −= lr · m̂ / (√v̂ + ε).
    public mutating func update(_ parameters: inout [Double], gradient: [Double]) {
        t += 1
        let c1 = 1 - pow(beta1, Double(t)), c2 = 1 - pow(beta2, Double(t))
        for i in 0..<parameters.count {
            m[i] = beta1 * m[i] + (1 - beta1) * gradient[i]
            v[i] = beta2 * v[i] + (1 - beta2) * gradient[i] * gradient[i]
            parameters[i] -= learningRate * (m[i] / c1) / ((v[i] / c2).squareRoot() + epsilon)
        }
    }
}
