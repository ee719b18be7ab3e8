import Foundation
#if canImport(Glibc)
import Glibc
#endif

#if arch(x86_64) || arch(i386)
/// Extended precision used where the truncated-power sum cancels (64-bit mantissa on x86).
@usableFromInline typealias ExtendedReal = Float80
@inline(__always) func extendedPow(_ x: ExtendedReal, _ y: ExtendedReal) -> ExtendedReal { powl(x, y) }
@inline(__always) func extendedGamma(_ x: ExtendedReal) -> ExtendedReal { tgammal(x) }
#else
@usableFromInline typealias ExtendedReal = Double
@inline(__always) func extendedPow(_ x: ExtendedReal, _ y: ExtendedReal) -> ExtendedReal { pow(x, y) }
@inline(__always) func extendedGamma(_ x: ExtendedReal) -> ExtendedReal { tgamma(x) }
#endif

/// The left Riemann–Liouville derivative D_L^α B(x) (lower terminal at or left of the support) of one
/// B-spline B of degree p with arbitrary (possibly repeated) knots, computed stably everywhere.
///
/// Two routes (PDE.md §1.4):
/// - **near** (x inside the support or less than half a knot span beyond it): the exact
///   truncated-power/jump expansion `Σ_b Σ_r d_{b,r} r!/Γ(r+1−α) (x−b)_+^{r−α}`, summed in extended
///   precision (Float80 on x86) because its terms cancel;
/// - **far** (x ≥ support end + 1): the Marchaud form `1/Γ(−α) ∫ B(t) (x−t)^{−1−α} dt`, a positive
///   integrand, with 16-point Gauss–Legendre per knot span.
///
/// Coordinates are *local*: knots are shifted so the first one is 0. Cost: O(p²) near,
/// O(16 (p+1)) `pow` calls far. Relative accuracy ~1e-14 or better against 50-digit mpmath
/// (see `FractionalBSplineDerivativeTests`).
public struct FractionalBSplineDerivative: Sendable {
    /// Fractional order α ∈ (1, 2).
    public let alpha: Double
    /// Local knots (first knot 0), p + 2 of them.
    public let knots: [Double]
    /// Right end of the support (last local knot).
    public var supportEnd: Double { knots[knots.count - 1] }
    /// Degree p = knots.count − 2.
    public var degree: Int { knots.count - 2 }

    private let breakpoints: [ExtendedReal]
    /// jumps[q][r] = coefficient of (x − breakpoints[q])_+^r, premultiplied by r!/Γ(r+1−α).
    private let scaledJumps: [[ExtendedReal]]
    /// Far-field quadrature: nodes t_k and weights w_k B(t_k) / Γ(−α).
    private let farNodes: [Double]
    private let farWeights: [Double]
    /// Spans of the support with B's polynomial in powers of (t − lo), for the graded quadrature.
    private let pieces: [(lo: Double, hi: Double, c: [Double])]
    private let invGammaMinusAlpha: Double
    /// Moment expansion for x ≫ support: centre c, half-width, and binom(m+α, m) · ∫B(t)(t−c)^m dt / Γ(−α).
    private let center: Double
    private let halfWidth: Double
    private let momentCoefficients: [Double]
    private let gauss: GaussLegendre

    /// Builds the evaluator for the B-spline with the given knots (any offset; they are shifted to
    /// start at 0). Preconditions: 3 ≤ knots.count ≤ 22, knots non-decreasing, support length > 0,
    /// α ∈ (1, 2).
    public init(knots rawKnots: [Double], alpha: Double) {
        precondition(rawKnots.count >= 3 && rawKnots.count <= 22, "FractionalBSplineDerivative: \(rawKnots.count) knots")
        precondition(alpha > 1 && alpha < 2, "FractionalBSplineDerivative: alpha = \(alpha) outside (1, 2)")
        let u = rawKnots.map { $0 - rawKnots[0] }
        for i in 1..<u.count { precondition(u[i] >= u[i - 1], "FractionalBSplineDerivative: knots decrease at \(i)") }
        precondition(u[u.count - 1] > 0, "FractionalBSplineDerivative: support has zero length")
        self.alpha = alpha
        self.knots = u
        let p = u.count - 2

        // Polynomial of B on every nonzero span, monomial coefficients in local x.
        var spanPolys: [(lo: Double, hi: Double, c: [ExtendedReal])] = []
        for s in 0...p where u[s] < u[s + 1] {
            var table = [[ExtendedReal]](repeating: [ExtendedReal](repeating: 0, count: p + 1), count: p + 1)
            table[s][0] = 1
            if p >= 1 {
                for k in 1...p {
                    for i in 0...(p - k) {
                        var next = [ExtendedReal](repeating: 0, count: p + 1)
                        let d1 = ExtendedReal(u[i + k]) - ExtendedReal(u[i])
                        if d1 != 0 {
                            // (x − u_i)/d1 · N_{i,k−1}
                            let a = ExtendedReal(u[i])
                            for m in 0..<p where table[i][m] != 0 {
                                next[m + 1] += table[i][m] / d1
                                next[m] -= a * table[i][m] / d1
                            }
                        }
                        let d2 = ExtendedReal(u[i + k + 1]) - ExtendedReal(u[i + 1])
                        if d2 != 0 {
                            let b = ExtendedReal(u[i + k + 1])
                            for m in 0..<p where table[i + 1][m] != 0 {
                                next[m] += b * table[i + 1][m] / d2
                                next[m + 1] -= table[i + 1][m] / d2
                            }
                        }
                        table[i] = next
                    }
                }
            }
            spanPolys.append((u[s], u[s + 1], table[0]))
        }

        // Jumps at each distinct breakpoint, as Taylor coefficients about it.
        var distinct: [Double] = []
        for v in u where distinct.last != v { distinct.append(v) }
        var g = [ExtendedReal](repeating: 0, count: p + 1)      // r!/Γ(r+1−α)
        let a80 = ExtendedReal(alpha)
        g[0] = (1 - a80) / extendedGamma(2 - a80)
        if p >= 1 { g[1] = 1 / extendedGamma(2 - a80) }
        if p >= 2 { for r in 2...p { g[r] = g[r - 1] * ExtendedReal(r) / (ExtendedReal(r) - a80) } }
        var bps: [ExtendedReal] = []
        var jumps: [[ExtendedReal]] = []
        for b in distinct {
            let left = spanPolys.first(where: { $0.hi == b })?.c ?? [ExtendedReal](repeating: 0, count: p + 1)
            let right = spanPolys.first(where: { $0.lo == b })?.c ?? [ExtendedReal](repeating: 0, count: p + 1)
            let diff = (0...p).map { right[$0] - left[$0] }
            let bb = ExtendedReal(b)
            let shifted = taylorShift(diff, to: bb)
            let d = (0...p).map { shifted[$0] * g[$0] }
            bps.append(bb)
            jumps.append(d)
        }
        breakpoints = bps
        scaledJumps = jumps

        // Marchaud quadrature data.
        let gl = GaussLegendre(points: 16)
        let invGamma = Double(a80 * (a80 - 1) / extendedGamma(2 - a80))   // 1/Γ(−α) > 0
        invGammaMinusAlpha = invGamma
        gauss = gl
        pieces = spanPolys.map { piece in
            (piece.lo, piece.hi, taylorShift(piece.c, to: ExtendedReal(piece.lo)).map { Double($0) })
        }
        var nodes: [Double] = []
        var weights: [Double] = []
        for piece in spanPolys {
            let half = (piece.hi - piece.lo) / 2, mid = (piece.hi + piece.lo) / 2
            for k in 0..<gl.nodes.count {
                let t = mid + half * gl.nodes[k]
                let local = ExtendedReal(half * gl.nodes[k] + half)
                var bt: ExtendedReal = 0
                let shifted = taylorShift(piece.c, to: ExtendedReal(piece.lo))
                for m in stride(from: p, through: 0, by: -1) { bt = bt * local + shifted[m] }
                nodes.append(t)
                weights.append(half * gl.weights[k] * Double(bt) * invGamma)
            }
        }
        farNodes = nodes
        farWeights = weights
        // Moments (exact with the 16-point rule while p + m ≤ 31).
        let c = u[u.count - 1] / 2
        center = c
        halfWidth = c
        let terms = 20
        if p + terms - 1 <= 31 {
            var coef = [Double](repeating: 0, count: terms)
            var binom = 1.0
            for m in 0..<terms {
                if m > 0 { binom *= (Double(m) + alpha) / Double(m) }
                var mom = 0.0
                for k in 0..<nodes.count { mom += weights[k] * pow(nodes[k] - c, Double(m)) }
                coef[m] = binom * mom
            }
            momentCoefficients = coef
        } else {
            momentCoefficients = []
        }
    }

    /// D_L^α B at local coordinate `x` (0 for x ≤ 0). Not finite only where the expansion itself is
    /// singular (x at a knot where B is not C¹, e.g. the knots of a p = 1 hat).
    public func value(at x: Double) -> Double {
        if x <= 0 { return 0 }
        if !momentCoefficients.isEmpty && x - center >= 10 * halfWidth { return momentValue(at: x) }
        if x >= supportEnd + 1 { return farValue(at: x) }
        if x >= supportEnd + 0.5 { return gradedFarValue(at: x) }
        return nearValue(at: x)
    }

    /// The truncated-power expansion in extended precision (valid for every x > 0; loses accuracy
    /// far from the support, where `value` switches to the Marchaud form).
    public func nearValue(at x: Double) -> Double {
        let xe = ExtendedReal(x)
        let a80 = ExtendedReal(alpha)
        var s: ExtendedReal = 0
        for q in 0..<breakpoints.count {
            let y = xe - breakpoints[q]
            if y <= 0 { break }
            let d = scaledJumps[q]
            let base = extendedPow(y, -a80)   // y^{−α}
            var yr: ExtendedReal = 1
            for r in 0..<d.count {
                if d[r] != 0 { s += d[r] * yr * base }
                yr *= y
            }
        }
        return Double(s)
    }

    /// The Marchaud integral form (valid for x ≥ supportEnd + 1; positive integrand, no cancellation).
    public func farValue(at x: Double) -> Double {
        let e = -1 - alpha
        var s = 0.0
        farNodes.withUnsafeBufferPointer { t in
            farWeights.withUnsafeBufferPointer { w in
                for k in 0..<t.count { s += w[k] * pow(x - t[k], e) }
            }
        }
        return s
    }

    /// Far field by the moment (multipole) expansion of the Marchaud integral about the support's
    /// centre c: (x−c)^{−1−α} Σ_{m<20} binom(m+α, m) M_m (x−c)^{−m}; used for x − c ≥ 10 · half-width,
    /// where the truncation error is below 1e-18 relative. O(20) flops and one `pow`.
    public func momentValue(at x: Double) -> Double {
        precondition(!momentCoefficients.isEmpty, "momentValue: degree too high for the moment expansion")
        let d = x - center
        let q = 1 / d
        var s = 0.0
        for m in stride(from: momentCoefficients.count - 1, through: 0, by: -1) { s = s * q + momentCoefficients[m] }
        return s * pow(d, -1 - alpha)
    }

    /// Marchaud form with geometric splitting of the spans near x (valid for x > supportEnd).
    public func gradedFarValue(at x: Double) -> Double {
        let e = -1 - alpha
        var s = 0.0
        for piece in pieces {
            var hi = piece.hi
            while hi > piece.lo {
                let d = x - hi
                let lo = max(piece.lo, hi - d)
                let half = (hi - lo) / 2
                for k in 0..<gauss.nodes.count {
                    let t = lo + half * (gauss.nodes[k] + 1)
                    let local = t - piece.lo
                    var bt = 0.0
                    for m in stride(from: piece.c.count - 1, through: 0, by: -1) { bt = bt * local + piece.c[m] }
                    s += half * gauss.weights[k] * bt * pow(x - t, e)
                }
                hi = lo
            }
        }
        return s * invGammaMinusAlpha
    }
}

/// Coefficients of the polynomial Σ c_m x^m in powers of (x − b) (repeated synthetic division).
func taylorShift(_ c: [ExtendedReal], to b: ExtendedReal) -> [ExtendedReal] {
    var diff = c
    let p = c.count - 1
    var out = [ExtendedReal](repeating: 0, count: c.count)
    for r in 0...p {
        var acc: ExtendedReal = 0
        var q = [ExtendedReal](repeating: 0, count: c.count)
        for m in stride(from: p - r, through: 0, by: -1) {
            acc = acc * b + diff[m]
            if m > 0 { q[m - 1] = acc }
        }
        out[r] = acc
        diff = q
    }
    return out
}
