import CFFTW
import Foundation

/// The D-tensor (second-moment) model of the active suspension (docs/PDE.md §2.3) with a
/// pluggable closure for S:T, on the same periodic pseudo-spectral grid and SBDF2 scheme as
/// `KineticSolver`. Unknowns: c and the traceless Q = D − cI/2 (Q11, Q12):
///
///   ∂c/∂t + ∇·(uc) = d_T Δc
///   ∂D/∂t + ∇·(uD) − (∇u·D + D·∇uᵀ) + 2S:T − 4ζD·D = d_T ΔD − 4d_R (D − cI/2)
///
/// (traceless part for Q; the diffusion and the d_R relaxation are implicit; fluxes conservative,
/// so ⟨c⟩ is conserved to round-off). Cost per step: 3 inverse + 8 forward 2-D FFTs and the
/// velocity fixed point. Not thread-safe.
public final class MomentSolver {
    /// Parameters (nTheta is unused).
    public let parameters: KineticParameters
    /// The closure for S:T.
    public let closure: MomentClosure
    /// Simulation time.
    public private(set) var time = 0.0
    /// Steps taken.
    public private(set) var stepCount = 0
    /// FFT time.
    public let fftClock = FFTClock()

    let grid: SpectralGrid2D
    let velocity: ActiveStressVelocity
    private let n: Int
    private let xh: [ComplexBuffer], xPrev: [ComplexBuffer], bh: [ComplexBuffer], bPrev: [ComplexBuffer]
    private let lin: [RealBuffer]
    let c: RealBuffer, q11: RealBuffer, q12: RealBuffer, d11: RealBuffer, d12: RealBuffer, d22: RealBuffer
    private let work: RealBuffer, workh: ComplexBuffer, fluxX: ComplexBuffer, fluxY: ComplexBuffer
    private let loc11: RealBuffer, loc12: RealBuffer
    /// Strain of the solve before the last one (Eⁿ⁻²) and the extrapolated E* (strain-predicting closures).
    private let ePrev11: RealBuffer, ePrev12: RealBuffer, ePred11: RealBuffer, ePred12: RealBuffer
    private var velocitySolves = 0
    private var fieldsCurrent = false

    /// Builds the model from physical fields c, D11, D12, D22 (n² values each, row-major, x index
    /// first); they are dealiased. Throws `KineticError` for invalid parameters, wrong counts or
    /// non-finite values.
    public init(parameters: KineticParameters, closure: MomentClosure, c c0: [Double], d11 a: [Double],
                d12 b: [Double], d22 d: [Double], planning: FFTWPlanning = .estimate) throws {
        try parameters.validate()
        let n = parameters.n, m = n * n
        for (name, f) in [("c", c0), ("d11", a), ("d12", b), ("d22", d)] {
            guard f.count == m else { throw KineticError("\(name) has \(f.count) values, expected n² = \(m)") }
            guard f.allSatisfy(\.isFinite) else { throw KineticError("\(name) has non-finite values") }
        }
        self.parameters = parameters
        self.closure = closure
        self.n = n
        grid = SpectralGrid2D(n: n, length: parameters.length, planning: planning, clock: fftClock)
        velocity = ActiveStressVelocity(grid: grid)
        let cc = grid.complexCount
        xh = (0..<3).map { _ in ComplexBuffer(cc) }; xPrev = (0..<3).map { _ in ComplexBuffer(cc) }
        bh = (0..<3).map { _ in ComplexBuffer(cc) }; bPrev = (0..<3).map { _ in ComplexBuffer(cc) }
        lin = (0..<3).map { _ in RealBuffer(cc) }
        for q in 0..<cc {
            let k2 = grid.k2.p[q]
            lin[0].p[q] = -parameters.dT * k2
            lin[1].p[q] = -parameters.dT * k2 - 4 * parameters.dR
            lin[2].p[q] = lin[1].p[q]
        }
        c = RealBuffer(m); q11 = RealBuffer(m); q12 = RealBuffer(m)
        d11 = RealBuffer(m); d12 = RealBuffer(m); d22 = RealBuffer(m)
        work = RealBuffer(m); workh = ComplexBuffer(cc); fluxX = ComplexBuffer(cc); fluxY = ComplexBuffer(cc)
        loc11 = RealBuffer(m); loc12 = RealBuffer(m)
        ePrev11 = RealBuffer(m); ePrev12 = RealBuffer(m); ePred11 = RealBuffer(m); ePred12 = RealBuffer(m)
        for i in 0..<m { work.p[i] = c0[i] }
        grid.forward(work, xh[0])
        for i in 0..<m { work.p[i] = 0.5 * (a[i] - d[i]) }
        grid.forward(work, xh[1])
        for i in 0..<m { work.p[i] = b[i] }
        grid.forward(work, xh[2])
        for f in 0..<3 {
            for q in 0..<cc { xh[f].p[q].0 *= grid.mask.p[q]; xh[f].p[q].1 *= grid.mask.p[q] }
            xPrev[f].copy(from: xh[f])
        }
        fftClock.reset()
    }

    /// Starts from the current moments of a kinetic solver (same parameters and grid).
    public convenience init(parameters: KineticParameters, closure: MomentClosure, from kinetic: KineticSolver,
                            planning: FFTWPlanning = .estimate) throws {
        let f = kinetic.momentFields()
        try self.init(parameters: parameters, closure: closure, c: f.c, d11: f.d11, d12: f.d12, d22: f.d22,
                      planning: planning)
    }

    /// Mean concentration (the k = 0 coefficient of c / n²). O(1).
    public var meanConcentration: Double { xh[0].p[0].0 / Double(n * n) }

    private func computeFields() {
        if fieldsCurrent { return }
        let m = n * n
        grid.inverse(xh[0], c); grid.inverse(xh[1], q11); grid.inverse(xh[2], q12)
        for i in 0..<m {
            d11.p[i] = q11.p[i] + 0.5 * c.p[i]
            d22.p[i] = -q11.p[i] + 0.5 * c.p[i]
            d12.p[i] = q12.p[i]
        }
        if closure.usesPredictedStrain {
            // E* = 2Eⁿ⁻¹ − Eⁿ⁻² (second order); Eⁿ⁻¹ alone at the second solve; at the first, one
            // solve with E* = 0 gives the strain for a second, predicted one.
            let e11 = velocity.e11.p, e12 = velocity.e12.p
            for i in 0..<m {
                ePred11.p[i] = velocitySolves >= 2 ? 2 * e11[i] - ePrev11.p[i] : e11[i]
                ePred12.p[i] = velocitySolves >= 2 ? 2 * e12[i] - ePrev12.p[i] : e12[i]
            }
            ePrev11.copy(from: velocity.e11); ePrev12.copy(from: velocity.e12)
            closure.prepare(c: c.p, d11: d11.p, d12: d12.p, d22: d22.p, predictedE11: ePred11.p,
                            predictedE12: ePred12.p, count: m)
            velocity.solve(d11: d11, d12: d12, d22: d22, closure: closure, parameters: parameters)
            if velocitySolves == 0 {
                closure.prepare(c: c.p, d11: d11.p, d12: d12.p, d22: d22.p, predictedE11: velocity.e11.p,
                                predictedE12: velocity.e12.p, count: m)
                velocity.solve(d11: d11, d12: d12, d22: d22, closure: closure, parameters: parameters)
            }
        } else {
            closure.prepare(c: c.p, d11: d11.p, d12: d12.p, d22: d22.p, count: m)
            velocity.solve(d11: d11, d12: d12, d22: d22, closure: closure, parameters: parameters)
        }
        velocitySolves += 1
        fieldsCurrent = true
    }

    /// Diagnostics of the current state. O(n² log n) plus the velocity solve.
    public func diagnostics() -> ActiveFluidDiagnostics {
        computeFields()
        return summarizeFields(time: time, c: c.p, d11: d11.p, d12: d12.p, ux: velocity.ux.p, uy: velocity.uy.p,
                               count: n * n, iterations: velocity.lastIterations)
    }

    /// Radial velocity power spectrum of the current state, n/2 + 1 shells.
    public func velocitySpectrum() -> [Double] {
        computeFields()
        return radialVelocitySpectrum(grid: grid, ux: velocity.ux, uy: velocity.uy)
    }

    /// Current c, D and u fields (n² values each).
    public func momentFields() -> (c: [Double], d11: [Double], d12: [Double], d22: [Double], ux: [Double], uy: [Double]) {
        computeFields()
        return copyMomentFields(count: n * n, c: c, d11: d11, d12: d12, d22: d22, velocity: velocity)
    }

    /// Advances one SBDF2 step (IMEX Euler for the first). No allocation.
    public func step() {
        computeFields()
        let m = n * n, nc = grid.nc, cc = grid.complexCount
        let v = velocity, zeta = parameters.zeta
        for i in 0..<m {
            let a = d11.p[i], b = d12.p[i], d = d22.p[i]
            let g11 = v.g11.p[i], g12 = v.g12.p[i], g21 = v.g21.p[i], g22 = -g11
            let gd11 = g11 * a + g12 * b, gd12 = g11 * b + g12 * d
            let gd21 = g21 * a + g22 * b, gd22 = g21 * b + g22 * d
            let r11 = 2 * gd11 - 2 * v.st11.p[i] + 4 * zeta * (a * a + b * b)
            let r22 = 2 * gd22 - 2 * v.st22.p[i] + 4 * zeta * (b * b + d * d)
            let r12 = gd12 + gd21 - 2 * v.st12.p[i] + 4 * zeta * b * (a + d)
            loc11.p[i] = 0.5 * (r11 - r22)
            loc12.p[i] = r12
        }
        let fields = [c, q11, q12]
        let locals: [RealBuffer?] = [nil, loc11, loc12]
        for f in 0..<3 {
            let x = fields[f]
            for i in 0..<m { work.p[i] = v.ux.p[i] * x.p[i] }
            grid.forward(work, fluxX)
            for i in 0..<m { work.p[i] = v.uy.p[i] * x.p[i] }
            grid.forward(work, fluxY)
            if let l = locals[f] { grid.forward(l, workh) }
            let hasLocal = locals[f] != nil
            let out = bh[f]
            grid.kx.withUnsafeBufferPointer { kx in
            grid.ky.withUnsafeBufferPointer { ky in
                for i in 0..<n {
                    for j in 0..<nc {
                        let q = i * nc + j
                        let re = kx[i] * fluxX.p[q].0 + ky[j] * fluxY.p[q].0
                        let im = kx[i] * fluxX.p[q].1 + ky[j] * fluxY.p[q].1
                        var br = im, bi = -re
                        if hasLocal { br += workh.p[q].0; bi += workh.p[q].1 }
                        let mk = grid.mask.p[q]
                        out.p[q] = (br * mk, bi * mk)
                    }
                }
            }}
        }
        for f in 0..<3 {
            sbdf2Update(x: xh[f].p, xPrev: xPrev[f].p, b: bh[f].p, bPrev: bPrev[f].p, linear: lin[f].p,
                        count: cc, dt: parameters.dt, first: stepCount == 0)
        }
        stepCount += 1
        time += parameters.dt
        fieldsCurrent = false
    }

    /// Takes `steps` steps.
    public func run(steps: Int) { for _ in 0..<max(steps, 0) { step() } }
}
