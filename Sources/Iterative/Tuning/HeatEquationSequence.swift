import Foundation
import SparseLA

/// The heat-equation setup of "Learning to Relax" (`h2d.m` + `Heat2D.m`; ITERATIVE.md §1.4):
/// u_t = κ(t)Δu + f on the unit square, zero Dirichlet boundary, 5-point Laplacian L/dx² on the
/// (nx−1)² interior points (dx = 1/nx), Crank–Nicolson steps of Δt:
/// A = I − ½κΔt L, b = (I + ½κΔt L)u + Δt f, κ and f evaluated at the half step.
/// κ(t) = max(0.1 sin 2πt, −10 sin 2πt) ∈ [0, 10]; f = 32·bump(x; centre 0.5 + (cos 16πt, sin 16πt)/4,
/// radius 0.125); u(0) = bump(x; (0.5, 0.5), 0.25), bump(x; c, r) = exp(1 − 1/(1 − min(1, |x−c|²/r²))).
/// Defaults: nx = 25 (n = 576), Δt = 1e-3, 5000 steps.
///
/// The context of a step is κ at the step's start time (as `h2d.m` passes to ChebCB), range [0, 10].
/// The state advances with the solution passed back to `next(previousSolution:)` (nil keeps u).
/// Each instance also carries the closed-form Young ω\* of A (β = 4s cos(π/nx)/(1 + 4s),
/// s = ½κΔt/dx²), meaningful for SOR. `Codable` (time step and u) for save/resume.
/// Each step costs O(n) to generate.
public struct HeatEquationSequence: InstanceSequence, Codable, Sendable {
    /// Grid intervals per side (n = (nx − 1)²).
    public let nx: Int
    /// Time step Δt.
    public let dt: Double
    /// Number of steps.
    public let steps: Int
    /// Steps produced so far.
    public private(set) var produced: Int = 0
    /// The current temperature field (row i·(nx−1) + j ↔ point (i+1, j+1)·dx).
    public private(set) var u: [Double]

    /// The range of the contexts it produces, when it produces contexts (ChebCB and the bins need it).
    public var contextRange: ClosedRange<Double>? { 0...10 }

    /// A simulation of `steps` steps.
    /// - Precondition: nx ≥ 2, dt > 0, steps ≥ 0.
    public init(nx: Int = 25, dt: Double = 1e-3, steps: Int = 5000) {
        precondition(nx >= 2 && dt > 0 && dt.isFinite && steps >= 0, "HeatEquationSequence: need nx ≥ 2, dt > 0, steps ≥ 0")
        self.nx = nx
        self.dt = dt
        self.steps = steps
        let m = nx - 1
        let h = 1 / Double(nx)
        var u0 = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0..<m {
                u0[i * m + j] = Self.bump(Double(i + 1) * h, Double(j + 1) * h, 0.5, 0.5, 0.25)
            }
        }
        self.u = u0
    }

    /// The diffusion coefficient κ(t) = max(0.1 sin 2πt, −10 sin 2πt).
    public static func coefficient(_ t: Double) -> Double {
        let s = sin(2 * Double.pi * t)
        return max(0.1 * s, -10 * s)
    }

    /// bump((x, y); (cx, cy), r).
    static func bump(_ x: Double, _ y: Double, _ cx: Double, _ cy: Double, _ r: Double) -> Double {
        let q = min(1, ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (r * r))
        return q >= 1 ? 0 : exp(1 - 1 / (1 - q))
    }

    /// Time at the start of the next step.
    public var time: Double { Double(produced) * dt }

    /// The next instance, or nil at the end. `previousSolution` is the solution of the instance
    /// returned by the previous call (nil on the first call); time-stepping sequences advance
    /// their state with it.
    public mutating func next(previousSolution: [Double]?) -> SequenceInstance? {
        if produced > 0, let p = previousSolution, p.count == u.count { u = p }
        guard produced < steps else { return nil }
        let m = nx - 1, n = m * m
        let h = 1 / Double(nx)
        let t = time
        let half = t + 0.5 * dt
        let kappa = Self.coefficient(half)
        let s = 0.5 * kappa * dt / (h * h)
        let lap = CSRMatrix.laplacian2D(m)             // 4 on the diagonal, −1 off: −L·dx²
        let a = lap.withValues(lap.values.map { ($0 == 4 ? 1 : 0) + s * $0 })
        // Only the diagonal holds 4 in the Laplacian, so the map above adds I exactly there.
        let lu = lap.multiplied(by: u)
        let cx = 0.5 + cos(16 * Double.pi * half) / 4, cy = 0.5 + sin(16 * Double.pi * half) / 4
        var b = [Double](repeating: 0, count: n)
        for i in 0..<m {
            for j in 0..<m {
                let k = i * m + j
                let f = 32 * Self.bump(Double(i + 1) * h, Double(j + 1) * h, cx, cy, 0.125)
                b[k] = u[k] - s * lu[k] + dt * f
            }
        }
        let beta = 4 * s * cos(Double.pi / Double(nx)) / (1 + 4 * s)
        let q = beta / (1 + (1 - beta * beta).squareRoot())
        produced += 1
        return SequenceInstance(matrix: a, rhs: b, context: Self.coefficient(t), youngOmega: 1 + q * q)
    }
}
