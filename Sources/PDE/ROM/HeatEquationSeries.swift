import Foundation
import SparseLA

/// Full-order time series for the time-series ROM: the heat equation `u_t = Δu + s(x, y)` on the
/// unit square with u = 0 on the boundary, 5-point finite differences on an m × m interior grid
/// (`CSRMatrix.laplacian2D(m)/h²`, h = 1/(m+1)) and implicit Euler with step dt:
/// `(I + dt L) u_{k+1} = u_k + dt s`, one CHOLMOD factorization reused every step.
/// Initial state: an off-centre Gaussian bump; source: a smaller Gaussian elsewhere.
public enum HeatEquationSeries {
    /// Simulates `steps` steps and returns the `steps + 1` states and the seconds spent per step
    /// (solve only, not the factorization). Throws for m < 2, dt ≤ 0, steps < 1 or a failed
    /// factorization.
    public static func simulate(gridSize m: Int, dt: Double, steps: Int, sourceStrength: Double = 10) throws(ROMError) -> (states: [[Double]], secondsPerStep: Double) {
        guard m >= 2, dt > 0, dt.isFinite, steps >= 1 else { throw ROMError("heat: need m >= 2, dt > 0, steps >= 1") }
        let h = 1 / Double(m + 1)
        let lap = CSRMatrix.laplacian2D(m)
        let a = lap.adding(CSRMatrix.identity(m * m), alpha: dt / (h * h), beta: 1)
        let factor: CholeskyFactorization
        do { factor = try CholeskyFactorization(a, symmetryTolerance: nil) } catch { throw ROMError("heat: factorization failed: \(error)") }
        var u = [Double](repeating: 0, count: m * m), s = u
        for j in 0..<m {
            for i in 0..<m {
                let x = Double(i + 1) * h, y = Double(j + 1) * h
                u[j * m + i] = exp(-((x - 0.3) * (x - 0.3) + (y - 0.6) * (y - 0.6)) / 0.01)
                s[j * m + i] = sourceStrength * exp(-((x - 0.7) * (x - 0.7) + (y - 0.3) * (y - 0.3)) / 0.005)
            }
        }
        var states = [u]
        states.reserveCapacity(steps + 1)
        var b = u
        let w = Stopwatch()
        for _ in 0..<steps {
            for i in 0..<(m * m) { b[i] = u[i] + dt * s[i] }
            do { u = try factor.solve(b) } catch { throw ROMError("heat: solve failed: \(error)") }
            states.append(u)
        }
        return (states, w.elapsed / Double(steps))
    }
}
