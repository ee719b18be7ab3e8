import CFFTW
import Iterative
import SparseLA

/// The τ (sine-transform) preconditioner built from the symbol: M = S diag(f_{p,α}(θ_k)) S with
/// θ_k = (k+1)π/(N+1) and S the orthonormal DST-I, so M⁻¹ r = S diag(1/f(θ_k)) S r.
///
/// Applied with two FFTW `RODFT00` transforms (plan made once, reused): O(N log N) per application,
/// no allocation. Sizes with 2(N+1) a power of two are fastest. `scale` divides the symbol, so the
/// preconditioner matches `scale · Â` (use 1 for Â, h^{−α} for the physical matrix).
/// Not safe to apply from two threads at once (shared scratch buffers).
public final class TauPreconditioner: Preconditioner {
    /// Length of `r` and `z`.
    public let size: Int
    /// Seconds spent building the preconditioner (0 when free).
    public let setupTime: Double
    private let inverseEigenvalues: [Double]     // 1/(scale f(θ_k) · 2(N+1))
    private let bufA: UnsafeMutablePointer<Double>
    private let bufB: UnsafeMutablePointer<Double>
    private let plan: fftw_plan

    /// Builds M⁻¹ for an N×N matrix with symbol `symbol`. Precondition: N ≥ 1.
    public init(size N: Int, symbol: RieszSymbol, scale: Double = 1, planning: FFTWPlanning = .measure) {
        precondition(N >= 1, "TauPreconditioner: size \(N)")
        let watch = Stopwatch()
        size = N
        let a = fftw_alloc_real(N)!, b = fftw_alloc_real(N)!
        bufA = a
        bufB = b
        plan = FFTWPlanLock.withLock { fftw_plan_r2r_1d(Int32(N), a, b, FFTW_RODFT00, planning.flags)! }
        let norm = 2 * Double(N + 1)
        inverseEigenvalues = (0..<N).map { k in
            1 / (scale * symbol(Double(k + 1) * Double.pi / Double(N + 1)) * norm)
        }
        setupTime = watch.elapsed
    }

    /// The preconditioner for a discretisation's Â (scale 1).
    public convenience init(problem: RieszCollocation, planning: FFTWPlanning = .measure) {
        self.init(size: problem.size, symbol: RieszSymbol(problem), planning: planning)
    }

    deinit {
        FFTWPlanLock.withLock { fftw_destroy_plan(plan) }
        fftw_free(bufA)
        fftw_free(bufB)
    }

    /// z = M⁻¹ r, O(N log N).
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        precondition(r.count == size && z.count == size, "TauPreconditioner.apply: sizes \(r.count), \(z.count) for \(size)")
        for k in 0..<size { bufA[k] = r[k] }
        fftw_execute_r2r(plan, bufA, bufB)
        inverseEigenvalues.withUnsafeBufferPointer { w in
            for k in 0..<size { bufB[k] *= w[k] }
        }
        fftw_execute_r2r(plan, bufB, bufA)
        for k in 0..<size { z[k] = bufA[k] }
    }
}
