import CFFTW
import Foundation

/// Pseudo-spectral solver of the 2-D kinetic theory of an active suspension
/// (docs/PDE.md §2.2, §2.5): Ψ(x, y, θ, t) on [0, L)² × [0, 2π), Fourier in all three directions,
///
///   ∂Ψ/∂t + ∇ₓ·(uΨ) + ∂θ(θ̇Ψ) = d_T ΔΨ + d_R ∂²θΨ,   θ̇ = p⊥·(∇u + 2ζD)·p,
///
/// with u the Stokes flow driven by Σ = αD + βS:E − 2ζβ(D·D − S:D) (S taken exactly from Ψ).
/// SBDF2 in time with the diffusion implicit, 2/3-rule dealiasing in x, y and θ, fluxes in
/// conservative form (so ⟨c⟩ is conserved to round-off). FFTW plans (3-D r2c/c2r on n × n × n_θ,
/// 2-D complex for the moments, 2-D r2c/c2r for the flow) are made once under `FFTWPlanLock`.
///
/// Cost per step: 4 three-dimensional real FFTs + 3 two-dimensional complex FFTs + the velocity
/// fixed point (8 two-dimensional real FFTs per iteration); memory about 12 n² n_θ doubles.
/// Not thread-safe (one instance per thread).
public final class KineticSolver {
    /// The parameters it was built with.
    public let parameters: KineticParameters
    /// Simulation time.
    public private(set) var time = 0.0
    /// Steps taken.
    public private(set) var stepCount = 0
    /// Time spent in FFT executions (3-D and 2-D).
    public let fftClock = FFTClock()

    let grid: SpectralGrid2D
    let velocity: ActiveStressVelocity
    let fourth = TabulatedFourthMoment()
    private let n: Int, nt: Int, mt: Int
    private let psiHat: ComplexBuffer, psiPrev: ComplexBuffer, bHat: ComplexBuffer, bPrev: ComplexBuffer
    private let linear: RealBuffer, mask: RealBuffer
    private let psi: RealBuffer, fx: RealBuffer, fy: RealBuffer, ft: RealBuffer
    private let fxh: ComplexBuffer, fyh: ComplexBuffer, fth: ComplexBuffer, scratch: ComplexBuffer
    private let slice: ComplexBuffer
    let c: RealBuffer, d11: RealBuffer, d12: RealBuffer, d22: RealBuffer
    private let cosT: [Double], sinT: [Double]
    private let kFull: [Double], mDeriv: [Double]
    private let r2c: fftw_plan, c2r: fftw_plan, slicePlan: fftw_plan
    private var fieldsCurrent = false

    /// Builds the solver with the random plane-wave perturbation of the isotropic state of
    /// docs/PDE.md §2.5 (seeded, reproducible), normalised to ⟨c⟩ = `meanConcentration`.
    /// Throws `KineticError` for invalid parameters.
    public convenience init(parameters: KineticParameters, seed: UInt64 = 1, amplitude: Double = 0.1,
                            planning: FFTWPlanning = .estimate) throws {
        try parameters.validate()
        let psi0 = KineticSolver.planeWaveInitialCondition(parameters: parameters, seed: seed, amplitude: amplitude)
        try self.init(parameters: parameters, psi: psi0, planning: planning)
    }

    /// Builds the solver from a physical Ψ (n·n·n_θ values, index (ix·n + iy)·n_θ + iθ, θ = 2π iθ/n_θ),
    /// which is dealiased. Throws `KineticError` for invalid parameters, a wrong count or non-finite values.
    public init(parameters: KineticParameters, psi psi0: [Double], planning: FFTWPlanning = .estimate) throws {
        try parameters.validate()
        let n = parameters.n, nt = parameters.nTheta, mt = nt / 2 + 1
        guard psi0.count == n * n * nt else {
            throw KineticError("psi has \(psi0.count) values, expected n² nTheta = \(n * n * nt)")
        }
        guard psi0.allSatisfy(\.isFinite) else { throw KineticError("psi has non-finite values") }
        self.parameters = parameters
        self.n = n; self.nt = nt; self.mt = mt
        grid = SpectralGrid2D(n: n, length: parameters.length, planning: planning, clock: fftClock)
        velocity = ActiveStressVelocity(grid: grid)
        let cc = n * n * mt, rc = n * n * nt
        psiHat = ComplexBuffer(cc); psiPrev = ComplexBuffer(cc); bHat = ComplexBuffer(cc); bPrev = ComplexBuffer(cc)
        fxh = ComplexBuffer(cc); fyh = ComplexBuffer(cc); fth = ComplexBuffer(cc); scratch = ComplexBuffer(cc)
        linear = RealBuffer(cc); mask = RealBuffer(cc)
        psi = RealBuffer(rc); fx = RealBuffer(rc); fy = RealBuffer(rc); ft = RealBuffer(rc)
        slice = ComplexBuffer(n * n)
        c = RealBuffer(n * n); d11 = RealBuffer(n * n); d12 = RealBuffer(n * n); d22 = RealBuffer(n * n)
        cosT = (0..<nt).map { cos(2 * Double.pi * Double($0) / Double(nt)) }
        sinT = (0..<nt).map { sin(2 * Double.pi * Double($0) / Double(nt)) }
        kFull = grid.kx
        mDeriv = (0..<mt).map { $0 == nt / 2 ? 0 : Double($0) }
        let dk = 2 * Double.pi / parameters.length
        let cut = n / 3, mcut = nt / 3
        for i in 0..<n {
            let a = i <= n / 2 ? i : i - n
            for j in 0..<n {
                let b = j <= n / 2 ? j : j - n
                for m in 0..<mt {
                    let q = (i * n + j) * mt + m
                    let k2 = dk * dk * Double(a * a + b * b)
                    linear.p[q] = -parameters.dT * k2 - parameters.dR * Double(m * m)
                    mask.p[q] = (abs(a) <= cut && abs(b) <= cut && m <= mcut) ? 1 : 0
                }
            }
        }
        let flags = planning.flags
        let (a1, a2, a3, a4, a5) = (fx.p, fxh.p, scratch.p, psi.p, slice.p)
        let (p1, p2, p3) = FFTWPlanLock.withLock {
            (fftw_plan_dft_r2c_3d(Int32(n), Int32(n), Int32(nt), a1, a2, flags)!,
             fftw_plan_dft_c2r_3d(Int32(n), Int32(n), Int32(nt), a3, a4, flags)!,
             fftw_plan_dft_2d(Int32(n), Int32(n), a5, a5, FFTW_BACKWARD, flags)!)
        }
        r2c = p1; c2r = p2; slicePlan = p3
        psi0.withUnsafeBufferPointer { src in fx.p.update(from: src.baseAddress!, count: rc) }
        fftClock.time { fftw_execute_dft_r2c(r2c, fx.p, psiHat.p) }
        for q in 0..<cc { psiHat.p[q].0 *= mask.p[q]; psiHat.p[q].1 *= mask.p[q] }
        psiPrev.copy(from: psiHat)
        fftClock.reset()
    }

    deinit {
        FFTWPlanLock.withLock {
            fftw_destroy_plan(r2c); fftw_destroy_plan(c2r); fftw_destroy_plan(slicePlan)
        }
    }

    /// Ψ = 1 + Σ_{i<8} A(r₀−½) cos(2πk₁x/L + r₁) cos(2πk₂y/L + r₂) cos(2θ + r₃)^{i+1}, k₁, k₂ random
    /// in 1 ... min(8, n/3), scaled to ⟨∫Ψ dθ⟩ = meanConcentration (docs/PDE.md §2.5; A = 0.1 there).
    public static func planeWaveInitialCondition(parameters p: KineticParameters, seed: UInt64,
                                                 amplitude: Double = 0.1) -> [Double] {
        let n = p.n, nt = p.nTheta
        var rng = SplitMix64(state: seed)
        var psi = [Double](repeating: 1, count: n * n * nt)
        let kmax = max(1, min(8, n / 3))
        for i in 0..<8 {
            let a = amplitude * (rng.uniform() - 0.5)
            let k1 = 1 + Int(rng.uniform() * Double(kmax)), k2 = 1 + Int(rng.uniform() * Double(kmax))
            let r1 = 2 * Double.pi * rng.uniform(), r2 = 2 * Double.pi * rng.uniform(), r3 = 2 * Double.pi * rng.uniform()
            for ix in 0..<n {
                let fxv = cos(2 * Double.pi * Double(k1 * ix) / Double(n) + r1)
                for iy in 0..<n {
                    let fyv = cos(2 * Double.pi * Double(k2 * iy) / Double(n) + r2)
                    for l in 0..<nt {
                        let th = 2 * Double.pi * Double(l) / Double(nt)
                        psi[(ix * n + iy) * nt + l] += a * fxv * fyv * pow(cos(2 * th + r3), Double(i + 1))
                    }
                }
            }
        }
        let total = psi.reduce(0, +) * (2 * Double.pi / Double(nt)) / Double(n * n)
        let s = p.meanConcentration / total
        return psi.map { $0 * s }
    }

    /// Mean concentration ⟨c⟩ = Ψ̂(0, 0, 0) · 2π / (n² n_θ) (the conserved quantity). O(1).
    public var meanConcentration: Double { psiHat.p[0].0 * 2 * Double.pi / Double(n * n * nt) }

    /// Physical c, D, S (fourth moments) at the current time from the angular modes 0, 2, 4.
    private func computeMoments() {
        let m2 = n * n
        let scale = 2 * Double.pi / Double(n * n * nt)
        func mode(_ m: Int, _ body: (Int, Double, Double) -> Void) {
            for q in 0..<m2 { slice.p[q] = psiHat.p[q * mt + m] }
            fftClock.time { fftw_execute_dft(slicePlan, slice.p, slice.p) }
            for q in 0..<m2 { body(q, slice.p[q].0 * scale, -slice.p[q].1 * scale) }
        }
        if fourth.s1111.count != m2 {
            let z = [Double](repeating: 0, count: m2)
            fourth.s1111 = z; fourth.s1112 = z; fourth.s1122 = z; fourth.s1222 = z; fourth.s2222 = z
        }
        mode(0) { q, re, _ in c.p[q] = re }
        mode(2) { q, cm, sm in
            d11.p[q] = 0.5 * (c.p[q] + cm); d22.p[q] = 0.5 * (c.p[q] - cm); d12.p[q] = 0.5 * sm
            fourth.s1111[q] = (3 * c.p[q] + 4 * cm) / 8
            fourth.s1112[q] = 2 * sm / 8
        }
        mode(4) { q, cm, sm in
            fourth.s1111[q] += cm / 8
            fourth.s1112[q] += sm / 8
            let s1122 = d11.p[q] - fourth.s1111[q]
            fourth.s1122[q] = s1122
            fourth.s1222[q] = d12.p[q] - fourth.s1112[q]
            fourth.s2222[q] = d22.p[q] - s1122
        }
    }

    private func computeFields() {
        if fieldsCurrent { return }
        computeMoments()
        velocity.solve(d11: d11, d12: d12, d22: d22, closure: fourth, parameters: parameters)
        fieldsCurrent = true
    }

    /// Diagnostics of the current state (computes the moments and the flow if not yet done). O(n² n_θ).
    public func diagnostics() -> ActiveFluidDiagnostics {
        computeFields()
        return summarizeFields(time: time, c: c.p, d11: d11.p, d12: d12.p, ux: velocity.ux.p, uy: velocity.uy.p,
                               count: n * n, iterations: velocity.lastIterations)
    }

    /// Radial velocity power spectrum of the current state (see `ActiveFluidDiagnostics`), n/2 + 1 shells.
    public func velocitySpectrum() -> [Double] {
        computeFields()
        return radialVelocitySpectrum(grid: grid, ux: velocity.ux, uy: velocity.uy)
    }

    /// Current c, D and u fields (n² values each, row-major, x index first).
    public func momentFields() -> (c: [Double], d11: [Double], d12: [Double], d22: [Double], ux: [Double], uy: [Double]) {
        computeFields()
        return copyMomentFields(count: n * n, c: c, d11: d11, d12: d12, d22: d22, velocity: velocity)
    }

    /// The current physical Ψ (n² n_θ values, same layout as the initialiser).
    public func distribution() -> [Double] {
        let cc = n * n * mt, rc = n * n * nt
        scratch.copy(from: psiHat)
        fftClock.time { fftw_execute_dft_c2r(c2r, scratch.p, psi.p) }
        let s = 1 / Double(n * n * nt)
        _ = cc
        return (0..<rc).map { psi.p[$0] * s }
    }

    /// Advances one SBDF2 step (IMEX Euler for the first). O(n² n_θ log(n² n_θ)), no allocation.
    public func step() {
        computeFields()
        let rc = n * n * nt, cc = n * n * mt
        scratch.copy(from: psiHat)
        fftClock.time { fftw_execute_dft_c2r(c2r, scratch.p, psi.p) }
        let s = 1 / Double(rc)
        let zeta = parameters.zeta
        let u = velocity
        cosT.withUnsafeBufferPointer { cs in
        sinT.withUnsafeBufferPointer { sn in
            for q in 0..<(n * n) {
                let ux = u.ux.p[q], uy = u.uy.p[q]
                let G11 = u.g11.p[q] + 2 * zeta * d11.p[q], G12 = u.g12.p[q] + 2 * zeta * d12.p[q]
                let G21 = u.g21.p[q] + 2 * zeta * d12.p[q], G22 = -u.g11.p[q] + 2 * zeta * d22.p[q]
                let base = q * nt
                for l in 0..<nt {
                    let v = psi.p[base + l] * s
                    let c = cs[l], sv = sn[l]
                    let thetaDot = G21 * c * c - G12 * sv * sv + (G22 - G11) * c * sv
                    fx.p[base + l] = ux * v
                    fy.p[base + l] = uy * v
                    ft.p[base + l] = thetaDot * v
                }
            }
        }}
        fftClock.time { fftw_execute_dft_r2c(r2c, fx.p, fxh.p) }
        fftClock.time { fftw_execute_dft_r2c(r2c, fy.p, fyh.p) }
        fftClock.time { fftw_execute_dft_r2c(r2c, ft.p, fth.p) }
        kFull.withUnsafeBufferPointer { k in
        mDeriv.withUnsafeBufferPointer { md in
            for i in 0..<n {
                let a = k[i]
                for j in 0..<n {
                    let b = k[j]
                    let base = (i * n + j) * mt
                    for m in 0..<mt {
                        let q = base + m
                        let w = md[m]
                        // B = −i (kx F̂x + ky F̂y + m F̂θ)
                        let re = a * fxh.p[q].0 + b * fyh.p[q].0 + w * fth.p[q].0
                        let im = a * fxh.p[q].1 + b * fyh.p[q].1 + w * fth.p[q].1
                        let mk = mask.p[q]
                        bHat.p[q] = (im * mk, -re * mk)
                    }
                }
            }
        }}
        sbdf2Update(x: psiHat.p, xPrev: psiPrev.p, b: bHat.p, bPrev: bPrev.p, linear: linear.p, count: cc,
                    dt: parameters.dt, first: stepCount == 0)
        stepCount += 1
        time += parameters.dt
        fieldsCurrent = false
    }

    /// Takes `steps` steps.
    public func run(steps: Int) { for _ in 0..<max(steps, 0) { step() } }
}
