import Iterative
import SparseLA

/// Strang's circulant preconditioner for a symmetric Toeplitz matrix T(a): C has first column
/// c_k = a_k (k ≤ N/2), c_k = a_{N−k} (k > N/2); M⁻¹ r = F⁻¹ diag(1/λ) F r with real FFTs.
///
/// Eigenvalues λ_m = Σ c_k cos(2πmk/N) are real; any λ_m below 1e-14 · max λ (which can occur in
/// floating point because λ_0 is a small tail sum) is raised to that floor so M stays positive.
/// O(N log N) per application, plans reused, no allocation. Not thread-safe per instance.
public final class CirculantPreconditioner: Preconditioner {
    /// Length of `r` and `z`.
    public let size: Int
    /// Seconds spent building the preconditioner (0 when free).
    public let setupTime: Double
    /// Number of eigenvalues that were raised to the positivity floor.
    public let clampedEigenvalues: Int
    private let inverseEigenvalues: [Double]     // 1/(λ_m N)
    private let fft: RealFFTPair

    /// Builds the Strang preconditioner from Toeplitz coefficients a_0..a_{N−1} (N = toeplitz.count).
    public init(toeplitz a: [Double], planning: FFTWPlanning = .measure) {
        let N = a.count
        precondition(N >= 1, "CirculantPreconditioner: empty Toeplitz column")
        let watch = Stopwatch()
        size = N
        let pair = RealFFTPair(length: N, planning: planning)
        fft = pair
        let nc = pair.complexCount
        for k in 0..<N { pair.real[k] = k <= N / 2 ? a[k] : a[N - k] }
        pair.forwardTransform()
        var lam = (0..<nc).map { pair.complex[$0].0 }
        let floor = 1e-14 * (lam.map(abs).max() ?? 1)
        var clamped = 0
        for m in 0..<nc where lam[m] < floor {
            lam[m] = max(abs(lam[m]), floor)
            clamped += 1
        }
        clampedEigenvalues = clamped
        inverseEigenvalues = lam.map { 1 / ($0 * Double(N)) }
        setupTime = watch.elapsed
    }

    /// The Strang preconditioner for a structured Riesz matrix (its central Toeplitz part).
    public convenience init(matrix: RieszCollocationMatrix, planning: FFTWPlanning = .measure) {
        self.init(toeplitz: matrix.toeplitz, planning: planning)
    }

    /// z = M⁻¹ r, O(N log N).
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        precondition(r.count == size && z.count == size, "CirculantPreconditioner.apply: sizes \(r.count), \(z.count) for \(size)")
        let real = fft.real
        for k in 0..<size { real[k] = r[k] }
        inverseEigenvalues.withUnsafeBufferPointer { fft.multiplyInPlace(by: $0) }
        for k in 0..<size { z[k] = real[k] }
    }
}
