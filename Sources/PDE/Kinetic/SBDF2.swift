import CFFTW

/// One semi-implicit BDF2 (SBDF2) update of spectral coefficients with a diagonal implicit
/// operator L̂ (docs/PDE.md §2.5):
/// x̂ⁿ⁺¹ = [4x̂ⁿ − x̂ⁿ⁻¹ + 2dt(2B̂ⁿ − B̂ⁿ⁻¹)] / (3 − 2dt L̂).
/// With `first` it takes the first-order IMEX Euler step x̂¹ = (x̂⁰ + dt B̂⁰)/(1 − dt L̂) (so the
/// scheme stays second order globally). Shifts the history in place: xPrev ← x, x ← new,
/// bPrev ← b. O(count), no allocation.
func sbdf2Update(x: UnsafeMutablePointer<fftw_complex>, xPrev: UnsafeMutablePointer<fftw_complex>,
                 b: UnsafePointer<fftw_complex>, bPrev: UnsafeMutablePointer<fftw_complex>,
                 linear: UnsafePointer<Double>, count: Int, dt: Double, first: Bool) {
    if first {
        for q in 0..<count {
            let k = 1 / (1 - dt * linear[q])
            let nr = (x[q].0 + dt * b[q].0) * k, ni = (x[q].1 + dt * b[q].1) * k
            xPrev[q] = x[q]; x[q] = (nr, ni); bPrev[q] = b[q]
        }
    } else {
        for q in 0..<count {
            let k = 1 / (3 - 2 * dt * linear[q])
            let nr = (4 * x[q].0 - xPrev[q].0 + 2 * dt * (2 * b[q].0 - bPrev[q].0)) * k
            let ni = (4 * x[q].1 - xPrev[q].1 + 2 * dt * (2 * b[q].1 - bPrev[q].1)) * k
            xPrev[q] = x[q]; x[q] = (nr, ni); bPrev[q] = b[q]
        }
    }
}
