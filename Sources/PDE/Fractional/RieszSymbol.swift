import Foundation

/// The symbol f_{p,α}(θ) = Σ_{j∈ℤ} |θ+2πj|^α (sin(θ/2+πj)/(θ/2+πj))^{p+1} of the Riesz collocation
/// matrices (PDE.md §1.5), evaluated in closed form with the Hurwitz zeta function
/// (s = p + 1 − α, a = θ/2π):
///
/// - odd p:  f = (2 sin(θ/2))^{p+1} (2π)^{−s} [ζ(s,a) + ζ(s,1−a)]
/// - even p: f = (2 sin(θ/2))^{p+1} (2π)^{−s} [E(a) + E(1−a)], E(a) = 2^{−s}[ζ(s,a/2) − ζ(s,(a+1)/2)]
///
/// Even and 2π-periodic in θ; f(0) = 0 and f(θ) ~ |θ|^α near 0. Relative accuracy ~1e-14.
/// O(1) per value. Preconditions: α ∈ (1, 2), p ≥ 2 (so s > 1).
public struct RieszSymbol: Sendable {
    /// Fractional order α.
    public let alpha: Double
    /// Spline degree p.
    public let degree: Int

    /// The symbol of degree `degree`, order `alpha`.
    public init(alpha: Double, degree: Int) {
        precondition(alpha > 1 && alpha < 2, "RieszSymbol: alpha = \(alpha) outside (1, 2)")
        precondition(degree >= 2, "RieszSymbol: degree \(degree) < 2")
        self.alpha = alpha
        self.degree = degree
    }

    /// The symbol of a discretisation.
    public init(_ problem: RieszCollocation) { self.init(alpha: problem.alpha, degree: problem.degree) }

    /// f_{p,α}(θ) for any real θ (reduced to [0, π] by periodicity and evenness).
    public func callAsFunction(_ theta: Double) -> Double {
        var t = theta.truncatingRemainder(dividingBy: 2 * Double.pi)
        if t < 0 { t += 2 * Double.pi }
        if t > Double.pi { t = 2 * Double.pi - t }
        if t == 0 { return 0 }
        let p = degree
        let s = Double(p + 1) - alpha
        let a = t / (2 * Double.pi)
        let pre = pow(2 * sin(t / 2), Double(p + 1)) * pow(2 * Double.pi, -s)
        if p % 2 == 1 {
            return pre * (hurwitzZeta(s, a) + hurwitzZeta(s, 1 - a))
        }
        func e(_ z: Double) -> Double { pow(2, -s) * (hurwitzZeta(s, z / 2) - hurwitzZeta(s, (z + 1) / 2)) }
        return pre * (e(a) + e(1 - a))
    }
}
