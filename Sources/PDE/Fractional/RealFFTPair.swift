import CFFTW

/// One real FFT pair of length L (r2c forward, c2r backward) with its FFTW buffers and plans,
/// made once under `FFTWPlanLock` and freed in `deinit`. The circulant operators of this folder
/// (Toeplitz embedding, Strang preconditioner) use it to multiply by a real diagonal in Fourier
/// space. Uses its own buffers, so one instance must not be used from two threads at once.
final class RealFFTPair {
    /// Transform length L.
    let length: Int
    /// Number of complex coefficients, L/2 + 1.
    var complexCount: Int { length / 2 + 1 }
    /// L doubles: the input of `forwardTransform` and the output of `multiplyInPlace`.
    let real: UnsafeMutablePointer<Double>
    /// L/2 + 1 complex values: the output of `forwardTransform`.
    let complex: UnsafeMutablePointer<fftw_complex>
    private let forward: fftw_plan
    private let backward: fftw_plan

    /// Allocates the buffers and plans (`planning` may overwrite the buffers: fill them after).
    init(length: Int, planning: FFTWPlanning) {
        precondition(length >= 1, "RealFFTPair: length \(length)")
        self.length = length
        let re = fftw_alloc_real(length)!, co = fftw_alloc_complex(length / 2 + 1)!
        real = re
        complex = co
        (forward, backward) = FFTWPlanLock.withLock {
            (fftw_plan_dft_r2c_1d(Int32(length), re, co, planning.flags)!,
             fftw_plan_dft_c2r_1d(Int32(length), co, re, planning.flags)!)
        }
    }

    deinit {
        FFTWPlanLock.withLock {
            fftw_destroy_plan(forward)
            fftw_destroy_plan(backward)
        }
        fftw_free(real)
        fftw_free(complex)
    }

    /// complex ← r2c(real) (unnormalised). O(L log L).
    func forwardTransform() { fftw_execute(forward) }

    /// real ← c2r(diag(w) · r2c(real)) for a real diagonal `w` of `complexCount` entries
    /// (unnormalised: fold 1/L into `w`). O(L log L), no allocation.
    func multiplyInPlace(by w: UnsafeBufferPointer<Double>) {
        fftw_execute(forward)
        for k in 0..<w.count {
            complex[k].0 *= w[k]
            complex[k].1 *= w[k]
        }
        fftw_execute(backward)
    }
}
