import Foundation

/// Domain averages of one state of the active suspension (kinetic or moment model).
public struct ActiveFluidDiagnostics: Sendable, Equatable {
    /// Simulation time.
    public var time: Double
    /// Mean concentration ⟨c⟩ (conserved).
    public var meanConcentration: Double
    /// Mean scalar order parameter ⟨s⟩, s = 2μ₁ − 1 = 2|D − cI/2| / c (0 isotropic, 1 aligned).
    public var orderParameter: Double
    /// Mean speed ⟨|u|⟩.
    public var meanSpeed: Double
    /// Root-mean-square velocity ⟨|u|²⟩^{1/2}.
    public var uRMS: Double
    /// Kinetic energy ½⟨|u|²⟩.
    public var kineticEnergy: Double { 0.5 * uRMS * uRMS }
    /// Fixed-point iterations of the last velocity solve.
    public var velocityIterations: Int
}

/// Averages over `count` points of c, s(c, D), |u|. O(count).
func summarizeFields(time: Double, c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                     ux: UnsafePointer<Double>, uy: UnsafePointer<Double>, count: Int,
                     iterations: Int) -> ActiveFluidDiagnostics {
    var sc = 0.0, ss = 0.0, su = 0.0, su2 = 0.0
    for i in 0..<count {
        let ci = c[i]
        sc += ci
        if ci > 0 {
            let q11 = d11[i] - 0.5 * ci, q12 = d12[i]
            ss += 2 * (q11 * q11 + q12 * q12).squareRoot() / ci
        }
        let u2 = ux[i] * ux[i] + uy[i] * uy[i]
        su += u2.squareRoot(); su2 += u2
    }
    let m = Double(count)
    return ActiveFluidDiagnostics(time: time, meanConcentration: sc / m, orderParameter: ss / m,
                                  meanSpeed: su / m, uRMS: (su2 / m).squareRoot(), velocityIterations: iterations)
}

/// Copies of the c, D and u fields (`count` values each): what both solvers' `momentFields()` return.
func copyMomentFields(count m: Int, c: RealBuffer, d11: RealBuffer, d12: RealBuffer, d22: RealBuffer,
                      velocity: ActiveStressVelocity)
    -> (c: [Double], d11: [Double], d12: [Double], d22: [Double], ux: [Double], uy: [Double]) {
    func a(_ b: RealBuffer) -> [Double] { Array(UnsafeBufferPointer(start: b.p, count: m)) }
    return (a(c), a(d11), a(d12), a(d22), a(velocity.ux), a(velocity.uy))
}

/// Radial velocity power spectrum E(k_j) = ½ Σ_{|k| in shell j} |û(k)|² / n⁴ (shells of width 2π/L,
/// j = 0 ... n/2), so Σ_j E_j = ½⟨|u|²⟩. O(n² log n) (two forward FFTs).
func radialVelocitySpectrum(grid: SpectralGrid2D, ux: RealBuffer, uy: RealBuffer) -> [Double] {
    let a = ComplexBuffer(grid.complexCount), b = ComplexBuffer(grid.complexCount)
    grid.forward(ux, a); grid.forward(uy, b)
    let n = grid.n, nc = grid.nc
    var shells = [Double](repeating: 0, count: n / 2 + 1)
    let norm = 1 / Double(n * n) / Double(n * n)
    for i in 0..<n {
        let ki = i <= n / 2 ? i : i - n
        for j in 0..<nc {
            let q = i * nc + j
            let w = (j == 0 || (n % 2 == 0 && j == n / 2)) ? 1.0 : 2.0   // r2c stores half the plane
            let e = w * (a.p[q].0 * a.p[q].0 + a.p[q].1 * a.p[q].1 + b.p[q].0 * b.p[q].0 + b.p[q].1 * b.p[q].1)
            let shell = Int((Double(ki * ki + j * j)).squareRoot().rounded())
            if shell < shells.count { shells[shell] += 0.5 * e * norm }
        }
    }
    return shells
}

/// SplitMix64: a small reproducible generator for initial conditions.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
