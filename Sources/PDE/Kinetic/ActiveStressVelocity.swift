import CFFTW

/// The Stokes velocity driven by the active / constraint stress
/// Σ = α D + β S:T − 2ζβ D·D (docs/PDE.md §2.2), solved spectrally on a periodic grid:
/// û = (1/|k|²)(I − k̂k̂)·(i k·Σ̂), û(0) = 0, dealiased by the 2/3 rule.
///
/// Σ depends on E = sym ∇u through S:T, so the solve is a fixed point (at most
/// `velocityMaxIterations`, stopping when max|ΔE| <= tol · max(1, max|E|)), warm-started from the
/// previous call's E. Each iteration costs 3 forward and 2 inverse 2-D FFTs (u and ∇u: 3 more at the end) plus one closure
/// contraction. Results (u, ∇u, E, S:T) stay in the public-to-module buffers below.
final class ActiveStressVelocity {
    let grid: SpectralGrid2D
    let ux: RealBuffer, uy: RealBuffer
    /// ∇u with g_ij = ∂u_i/∂x_j (g22 = −g11).
    let g11: RealBuffer, g12: RealBuffer, g21: RealBuffer
    let e11: RealBuffer, e12: RealBuffer
    let st11: RealBuffer, st12: RealBuffer, st22: RealBuffer
    private let t11: RealBuffer, t12: RealBuffer, t22: RealBuffer
    private let s11: RealBuffer, s12: RealBuffer, s22: RealBuffer
    private let s11h: ComplexBuffer, s12h: ComplexBuffer, s22h: ComplexBuffer
    private let uxh: ComplexBuffer, uyh: ComplexBuffer
    private let olde11: RealBuffer, olde12: RealBuffer
    /// Iterations of the last solve.
    private(set) var lastIterations = 0
    /// Final relative change of the last solve.
    private(set) var lastChange = 0.0

    init(grid: SpectralGrid2D) {
        self.grid = grid
        let m = grid.realCount, c = grid.complexCount
        ux = RealBuffer(m); uy = RealBuffer(m); g11 = RealBuffer(m); g12 = RealBuffer(m); g21 = RealBuffer(m)
        e11 = RealBuffer(m); e12 = RealBuffer(m); st11 = RealBuffer(m); st12 = RealBuffer(m); st22 = RealBuffer(m)
        t11 = RealBuffer(m); t12 = RealBuffer(m); t22 = RealBuffer(m)
        s11 = RealBuffer(m); s12 = RealBuffer(m); s22 = RealBuffer(m)
        olde11 = RealBuffer(m); olde12 = RealBuffer(m)
        s11h = ComplexBuffer(c); s12h = ComplexBuffer(c); s22h = ComplexBuffer(c)
        uxh = ComplexBuffer(c); uyh = ComplexBuffer(c)
    }

    /// Solves for u, ∇u, E and S:T given c, D (already passed to `closure.prepare`).
    func solve(d11: RealBuffer, d12: RealBuffer, d22: RealBuffer, closure: MomentClosure,
               parameters p: KineticParameters) {
        let m = grid.realCount
        let zeta = p.zeta, alpha = p.alpha, beta = p.beta
        var it = 0
        var change = Double.infinity
        while it < p.velocityMaxIterations {
            it += 1
            contractClosure(d11: d11, d12: d12, d22: d22, closure: closure, zeta: zeta)
            let a = d11.p, b = d12.p, d = d22.p
            for i in 0..<m {
                let dd11 = a[i] * a[i] + b[i] * b[i]
                let dd12 = b[i] * (a[i] + d[i])
                let dd22 = b[i] * b[i] + d[i] * d[i]
                s11.p[i] = alpha * a[i] + beta * st11.p[i] - 2 * zeta * beta * dd11
                s12.p[i] = alpha * b[i] + beta * st12.p[i] - 2 * zeta * beta * dd12
                s22.p[i] = alpha * d[i] + beta * st22.p[i] - 2 * zeta * beta * dd22
            }
            olde11.copy(from: e11); olde12.copy(from: e12)
            stokes(full: false)
            var dmax = 0.0, emax = 0.0
            for i in 0..<m {
                dmax = max(dmax, abs(e11.p[i] - olde11.p[i]), abs(e12.p[i] - olde12.p[i]))
                emax = max(emax, abs(e11.p[i]), abs(e12.p[i]))
            }
            change = dmax / max(1, emax)
            if change <= p.velocityTolerance || !change.isFinite { break }
        }
        // u and ∇u from the last solve's spectra; then S:T consistent with the final E.
        velocityAndGradient()
        lastIterations = it
        lastChange = change
        contractClosure(d11: d11, d12: d12, d22: d22, closure: closure, zeta: zeta)
    }

    /// T = E + 2ζD (traceless E: E₂₂ = −E₁₁) from the current E, then S:T = closure.contract(T).
    private func contractClosure(d11: RealBuffer, d12: RealBuffer, d22: RealBuffer, closure: MomentClosure, zeta: Double) {
        let m = grid.realCount
        let a = d11.p, b = d12.p, d = d22.p
        for i in 0..<m {
            t11.p[i] = e11.p[i] + 2 * zeta * a[i]
            t12.p[i] = e12.p[i] + 2 * zeta * b[i]
            t22.p[i] = -e11.p[i] + 2 * zeta * d[i]
        }
        closure.contract(t11: t11.p, t12: t12.p, t22: t22.p, e11: e11.p, e12: e12.p, zeta: zeta,
                         st11: st11.p, st12: st12.p, st22: st22.p, count: m)
    }

    /// Spectral u from the physical stress s11, s12, s22, and the physical E (2 inverse FFTs).
    private func stokes(full: Bool) {
        grid.forward(s11, s11h); grid.forward(s12, s12h); grid.forward(s22, s22h)
        let n = grid.n, nc = grid.nc
        grid.kx.withUnsafeBufferPointer { kx in
        grid.ky.withUnsafeBufferPointer { ky in
            for i in 0..<n {
                for j in 0..<nc {
                    let q = i * nc + j
                    let k2 = grid.k2.p[q]
                    if k2 == 0 || grid.mask.p[q] == 0 { uxh.p[q] = (0, 0); uyh.p[q] = (0, 0); continue }
                    let a = kx[i], b = ky[j]
                    // f = i k·Σ
                    let fxr = -(a * s11h.p[q].1 + b * s12h.p[q].1), fxi = a * s11h.p[q].0 + b * s12h.p[q].0
                    let fyr = -(a * s12h.p[q].1 + b * s22h.p[q].1), fyi = a * s12h.p[q].0 + b * s22h.p[q].0
                    let kk = a * a + b * b
                    let inv = 1 / k2
                    let pr = kk > 0 ? (a * fxr + b * fyr) / kk : 0, pi = kk > 0 ? (a * fxi + b * fyi) / kk : 0
                    uxh.p[q] = ((fxr - a * pr) * inv, (fxi - a * pi) * inv)
                    uyh.p[q] = ((fyr - b * pr) * inv, (fyi - b * pi) * inv)
                }
            }
            // E11 = ∂x ux, E12 = (∂y ux + ∂x uy)/2, with ∂ = i k.
            grid.inverse(into: e11) { s in
                for i in 0..<n { for j in 0..<nc { let q = i * nc + j; s[q] = (-kx[i] * uxh.p[q].1, kx[i] * uxh.p[q].0) } }
            }
            grid.inverse(into: e12) { s in
                for i in 0..<n {
                    for j in 0..<nc {
                        let q = i * nc + j
                        s[q] = (-0.5 * (ky[j] * uxh.p[q].1 + kx[i] * uyh.p[q].1), 0.5 * (ky[j] * uxh.p[q].0 + kx[i] * uyh.p[q].0))
                    }
                }
            }
        }}
    }

    /// u and ∇u (g11 = E11, g12 = E12 − ω/2, g21 = E12 + ω/2, ω = ∂x uy − ∂y ux) from the stored
    /// spectra: 3 inverse FFTs.
    private func velocityAndGradient() {
        let n = grid.n, nc = grid.nc, m = grid.realCount
        grid.inverse(uxh, ux)
        grid.inverse(uyh, uy)
        grid.kx.withUnsafeBufferPointer { kx in
        grid.ky.withUnsafeBufferPointer { ky in
            grid.inverse(into: g21) { s in   // ω, temporarily in g21
                for i in 0..<n {
                    for j in 0..<nc {
                        let q = i * nc + j
                        s[q] = (-(kx[i] * uyh.p[q].1 - ky[j] * uxh.p[q].1), kx[i] * uyh.p[q].0 - ky[j] * uxh.p[q].0)
                    }
                }
            }
        }}
        for i in 0..<m {
            let w = g21.p[i]
            g11.p[i] = e11.p[i]
            g12.p[i] = e12.p[i] - 0.5 * w
            g21.p[i] = e12.p[i] + 0.5 * w
        }
    }
}
