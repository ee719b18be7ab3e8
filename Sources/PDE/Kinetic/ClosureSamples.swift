import Foundation

/// Point samples of the exact kinetic moments for closure training and a-priori evaluation:
/// D, E = sym ∇u (E22 = −E11) and the exact S:D, S:E (S = ⟨pppp⟩ from Ψ).
public struct ClosureSamples: Sendable {
    /// D components.
    public var d11: [Double] = [], d12: [Double] = [], d22: [Double] = []
    /// E components (traceless).
    public var e11: [Double] = [], e12: [Double] = []
    /// Exact S:D.
    public var sd11: [Double] = [], sd12: [Double] = [], sd22: [Double] = []
    /// Exact S:E.
    public var se11: [Double] = [], se12: [Double] = [], se22: [Double] = []

    /// An empty set.
    public init() {}

    /// Number of samples.
    public var count: Int { d11.count }

    /// Appends another set.
    public mutating func append(_ o: ClosureSamples) {
        d11 += o.d11; d12 += o.d12; d22 += o.d22; e11 += o.e11; e12 += o.e12
        sd11 += o.sd11; sd12 += o.sd12; sd22 += o.sd22; se11 += o.se11; se12 += o.se12; se22 += o.se22
    }

    /// A-priori error of `closure` on S:T = S:E + 2ζS:D: per component (11, 12, 22) the relative
    /// MSE mean((ST − ST_pred)²) / mean(ST²) (docs/PDE.md §2.6), and their mean. O(count).
    public func relativeError(of closure: MomentClosure, zeta: Double) -> (components: [Double], mean: Double) {
        let m = count
        guard m > 0 else { return ([.nan, .nan, .nan], .nan) }
        var c = zip(d11, d22).map { $0 + $1 }
        var t11 = (0..<m).map { e11[$0] + 2 * zeta * d11[$0] }
        var t12 = (0..<m).map { e12[$0] + 2 * zeta * d12[$0] }
        var t22 = (0..<m).map { -e11[$0] + 2 * zeta * d22[$0] }
        var a = d11, b = d12, d = d22, x = e11, y = e12
        var p11 = [Double](repeating: 0, count: m), p12 = p11, p22 = p11
        closure.prepare(c: &c, d11: &a, d12: &b, d22: &d, count: m)
        closure.contract(t11: &t11, t12: &t12, t22: &t22, e11: &x, e12: &y, zeta: zeta,
                         st11: &p11, st12: &p12, st22: &p22, count: m)
        var num = [0.0, 0.0, 0.0], den = [0.0, 0.0, 0.0]
        for i in 0..<m {
            let s = [se11[i] + 2 * zeta * sd11[i], se12[i] + 2 * zeta * sd12[i], se22[i] + 2 * zeta * sd22[i]]
            let p = [p11[i], p12[i], p22[i]]
            for k in 0..<3 { num[k] += (s[k] - p[k]) * (s[k] - p[k]); den[k] += s[k] * s[k] }
        }
        let comps = (0..<3).map { den[$0] > 0 ? num[$0] / den[$0] : 0 }
        return (comps, comps.reduce(0, +) / 3)
    }
}

extension KineticSolver {
    /// Samples of the current state at every `stride`-th grid point (row-major). O(n² n_θ log).
    public func closureSamples(stride: Int = 1) -> ClosureSamples {
        _ = diagnostics()   // moments, flow and the exact fourth moment
        var out = ClosureSamples()
        let v = velocity, f = fourth
        var i = 0
        let m = parameters.n * parameters.n
        while i < m {
            let a = d11.p[i], b = d12.p[i], d = d22.p[i], x = v.e11.p[i], y = v.e12.p[i]
            out.d11.append(a); out.d12.append(b); out.d22.append(d); out.e11.append(x); out.e12.append(y)
            out.sd11.append(f.s1111[i] * a + 2 * f.s1112[i] * b + f.s1122[i] * d)
            out.sd12.append(f.s1112[i] * a + 2 * f.s1122[i] * b + f.s1222[i] * d)
            out.sd22.append(f.s1122[i] * a + 2 * f.s1222[i] * b + f.s2222[i] * d)
            out.se11.append(f.s1111[i] * x + 2 * f.s1112[i] * y - f.s1122[i] * x)
            out.se12.append(f.s1112[i] * x + 2 * f.s1122[i] * y - f.s1222[i] * x)
            out.se22.append(f.s1122[i] * x + 2 * f.s1222[i] * y - f.s2222[i] * x)
            i += max(stride, 1)
        }
        return out
    }
}
