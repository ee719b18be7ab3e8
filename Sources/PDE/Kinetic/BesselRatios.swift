import Foundation

/// Ratios of modified Bessel functions of the first kind, I₁(b)/I₀(b) and I₂(b)/I₁(b), for b >= 0,
/// by Miller's backward recurrence r_{n−1} = 1 / (2n/b + r_n) on r_n = I_{n+1}/I_n (stable for
/// every b; overflow-free because only ratios appear). About b + 60 + 8√b terms: O(b) time.
/// Relative accuracy about 1e-15. b < 1e-8 uses the series b/2 and b/4. Non-finite or negative
/// b returns (nan, nan).
public enum BesselRatios {
    /// (I₁(b)/I₀(b), I₂(b)/I₁(b)).
    public static func ratios(_ b: Double) -> (r10: Double, r21: Double) {
        guard b.isFinite, b >= 0 else { return (.nan, .nan) }
        if b < 1e-8 { return (b / 2, b / 4) }
        let nStart = Int(b) + 60 + Int(8 * b.squareRoot())
        var r = 0.0
        var r21 = 0.0
        var k = nStart
        while k >= 1 {
            r = 1 / (2 * Double(k) / b + r)   // r = I_k / I_{k-1}
            if k == 2 { r21 = r }
            k -= 1
        }
        return (r, r21)
    }

    /// Solves I₁(b)/I₀(b) = r for b >= 0 (r in [0, 1)); safeguarded Newton from the start
    /// r(4 − 3r) / (2(1 − r)), which is exact to first order at both ends. Returns nan for r
    /// outside [0, 1). Converges to |Δb| <= 1e-15 max(1, b) in under ~8 iterations.
    public static func inverseRatio(_ r: Double) -> Double {
        guard r.isFinite, r >= 0, r < 1 else { return .nan }
        if r == 0 { return 0 }
        var lo = 0.0, hi = Double.infinity
        var b = r * (4 - 3 * r) / (2 * (1 - r))
        for _ in 0..<100 {
            let (f0, _) = ratios(b)
            let f = f0 - r
            if f > 0 { hi = min(hi, b) } else { lo = max(lo, b) }
            let df = b < 1e-8 ? 0.5 : 1 - f0 / b - f0 * f0
            var next = b - f / df
            if !(next > lo && next < hi) || !next.isFinite {
                next = hi.isFinite ? 0.5 * (lo + hi) : 2 * max(b, 1)
            }
            if abs(next - b) <= 1e-15 * max(1, b) { return next }
            b = next
        }
        return b
    }
}
