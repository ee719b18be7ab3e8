import Foundation

/// The 2-D Bingham (quasi-equilibrium) closure Ψ_B = c exp(B:pp)/Z with ⟨pp⟩_B = D
/// (docs/PDE.md §2.4). In the eigen-frame of Q = D/c (largest eigenvalue μ₁ ∈ [1/2, 1])
/// S′1111 = 3/8 + (2μ₁−1)/2 + I₂(b)/(8 I₀(b)) with I₁(b)/I₀(b) = 2μ₁ − 1,
/// S′1122 = μ₁ − S′1111, S′2222 = μ₂ − S′1122; T is rotated into the frame, contracted and
/// rotated back.
///
/// Production evaluation uses a degree-100 Chebyshev series of S′1111 in ν = 4μ₁ − 3 (as
/// Weady's `bingham2d.m`), fitted once at the 101 Chebyshev points from the direct Bessel solve
/// (`directS1111`); tests check the fit against the direct solve. μ₁ outside [1/2, 1] (an
/// unphysical D) is clamped; c <= 0 gives S:T = 0. O(100) per point in `prepare`, O(1) in `contract`.
public final class BinghamClosure: MomentClosure {
    /// The closure's name as the CLI spells it.
    public let name = "bingham"
    /// Chebyshev coefficients of S′1111(ν), ν = 4μ₁ − 3.
    public let chebyshev: [Double]
    private var conc: [Double] = [], cs: [Double] = [], sn: [Double] = []
    private var a: [Double] = [], b: [Double] = [], cc: [Double] = []

    /// Fits the Chebyshev series (`degree` + 1 direct solves, about a millisecond).
    public init(degree: Int = 100) {
        let m = max(degree, 4) + 1
        var f = [Double](repeating: 0, count: m)
        for k in 0..<m {
            let x = cos(Double.pi * (Double(k) + 0.5) / Double(m))
            f[k] = BinghamClosure.directS1111(mu1: (x + 3) / 4)
        }
        var coef = [Double](repeating: 0, count: m)
        for j in 0..<m {
            var s = 0.0
            for k in 0..<m { s += f[k] * cos(Double.pi * Double(j) * (Double(k) + 0.5) / Double(m)) }
            coef[j] = (j == 0 ? 1.0 : 2.0) * s / Double(m)
        }
        chebyshev = coef
    }

    /// The Bingham parameter b with I₁(b)/I₀(b) = 2μ₁ − 1 (μ₁ in [1/2, 1); nan outside).
    public static func parameter(mu1: Double) -> Double { BesselRatios.inverseRatio(2 * mu1 - 1) }

    /// S′1111(μ₁) by the direct Bessel root solve; 3/8 at μ₁ = 1/2, 1 at μ₁ = 1, nan outside [1/2, 1].
    public static func directS1111(mu1: Double) -> Double {
        guard mu1 >= 0.5, mu1 <= 1 else { return .nan }
        if mu1 == 1 { return 1 }
        let r = 2 * mu1 - 1
        let bb = BesselRatios.inverseRatio(r)
        let (r10, r21) = BesselRatios.ratios(bb)
        return 0.375 + r / 2 + r10 * r21 / 8
    }

    /// S′1111(μ₁) from the Chebyshev series (Clenshaw); μ₁ clamped to [1/2, 1].
    public func s1111(mu1: Double) -> Double {
        let x = 4 * min(max(mu1, 0.5), 1) - 3
        return chebyshev.withUnsafeBufferPointer { c in
            var b1 = 0.0, b2 = 0.0
            let x2 = 2 * x
            var j = c.count - 1
            while j >= 1 {
                let t = x2 * b1 - b2 + c[j]
                b2 = b1; b1 = t
                j -= 1
            }
            return x * b1 - b2 + c[0]
        }
    }

    /// Per-step set-up from the moment fields (see `MomentClosure.prepare`).
    public func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, count: Int) {
        if conc.count != count {
            conc = .init(repeating: 0, count: count); cs = conc; sn = conc; a = conc; b = conc; cc = conc
        }
        conc.withUnsafeMutableBufferPointer { conc in
        cs.withUnsafeMutableBufferPointer { cs in
        sn.withUnsafeMutableBufferPointer { sn in
        a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
        cc.withUnsafeMutableBufferPointer { cc in
            for i in 0..<count {
                let ci = c[i]
                conc[i] = ci
                guard ci > 0 else { a[i] = 0; b[i] = 0; cc[i] = 0; cs[i] = 1; sn[i] = 0; continue }
                let q11 = d11[i] / ci, q12 = d12[i] / ci
                let h = ((q11 - 0.5) * (q11 - 0.5) + q12 * q12).squareRoot()
                let mu1 = min(0.5 + h, 1)
                // eigenvector angle ω = ½ atan2(2Q12, 2Q11 − 1) via half-angle formulas
                let r = 2 * h
                if r > 0 {
                    let cos2 = (2 * q11 - 1) / r, sin2 = 2 * q12 / r
                    let cw = ((1 + cos2) / 2).squareRoot()
                    if cw > 1e-8 { cs[i] = cw; sn[i] = sin2 / (2 * cw) } else { cs[i] = 0; sn[i] = 1 }
                } else { cs[i] = 1; sn[i] = 0 }
                let s = s1111(mu1: mu1)
                a[i] = s
                b[i] = mu1 - s
                cc[i] = (1 - mu1) - (mu1 - s)
            }
        }}}}}}
    }

    /// The closed contraction S:T on the grid (see `MomentClosure.contract`).
    public func contract(t11: UnsafePointer<Double>, t12: UnsafePointer<Double>, t22: UnsafePointer<Double>,
                         e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, zeta: Double,
                         st11: UnsafeMutablePointer<Double>, st12: UnsafeMutablePointer<Double>,
                         st22: UnsafeMutablePointer<Double>, count: Int) {
        cs.withUnsafeBufferPointer { cs in
        sn.withUnsafeBufferPointer { sn in
        a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
        cc.withUnsafeBufferPointer { cc in
        conc.withUnsafeBufferPointer { conc in
        for i in 0..<count {
            let c = cs[i], s = sn[i]
            let c2 = c * c, s2 = s * s, cs2 = c * s
            let x = t11[i], y = t12[i], z = t22[i]
            let p11 = c2 * x + 2 * cs2 * y + s2 * z
            let p22 = s2 * x - 2 * cs2 * y + c2 * z
            let p12 = cs2 * (z - x) + (c2 - s2) * y
            let q11 = a[i] * p11 + b[i] * p22
            let q22 = b[i] * p11 + cc[i] * p22
            let q12 = 2 * b[i] * p12
            let k = conc[i]
            st11[i] = k * (c2 * q11 - 2 * cs2 * q12 + s2 * q22)
            st22[i] = k * (s2 * q11 + 2 * cs2 * q12 + c2 * q22)
            st12[i] = k * (cs2 * (q11 - q22) + (c2 - s2) * q12)
        }
        }}}}}}
    }
}
