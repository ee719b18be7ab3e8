import CFFTW
import Iterative

/// y = Â x for the Riesz collocation matrix in O(N log N): the symmetric Toeplitz part by circulant
/// embedding (one real FFT pair of length L ≥ 2N − 1 with small prime factors) plus the O(p N)
/// boundary correction.
///
/// FFTW plans and buffers are created once (under `FFTWPlanLock`) and reused by every `apply`;
/// `deinit` frees them. `apply` uses internal scratch buffers, so one instance must not be applied
/// from two threads at once (make one operator per thread).
public final class ToeplitzFFTOperator: LinearOperator {
    /// The structured matrix applied.
    public let matrix: RieszCollocationMatrix
    /// Circulant embedding length L.
    public let embeddingLength: Int
    /// Length of `y`.
    public var rows: Int { matrix.size }
    /// Length of `x`.
    public var columns: Int { matrix.size }

    private let spectrum: [Double]                       // eigenvalues of the embedding / L, L/2+1 of them
    private let real: UnsafeMutablePointer<Double>       // L doubles
    private let complex: UnsafeMutablePointer<fftw_complex> // L/2+1 complex
    private let forward: fftw_plan
    private let backward: fftw_plan

    /// Builds the operator; O(L log L) setup plus FFTW planning (`planning`).
    public init(matrix: RieszCollocationMatrix, planning: FFTWPlanning = .measure) {
        self.matrix = matrix
        let N = matrix.size
        let L = fftFriendlySize(atLeast: max(2 * N - 1, 2))
        embeddingLength = L
        let nc = L / 2 + 1
        let re = fftw_alloc_real(L)!
        let co = fftw_alloc_complex(nc)!
        real = re
        complex = co
        let (f, b) = FFTWPlanLock.withLock {
            (fftw_plan_dft_r2c_1d(Int32(L), re, co, planning.flags),
             fftw_plan_dft_c2r_1d(Int32(L), co, re, planning.flags))
        }
        forward = f!
        backward = b!
        // First column of the circulant: a_0..a_{N-1}, zeros, a_{N-1}..a_1.
        for k in 0..<L { real[k] = 0 }
        for k in 0..<N { real[k] = matrix.toeplitz[k] }
        if N > 1 { for k in 1..<N { real[L - k] = matrix.toeplitz[k] } }
        fftw_execute(forward)
        var s = [Double](repeating: 0, count: nc)
        for k in 0..<nc { s[k] = complex[k].0 / Double(L) }   // symmetric column: real spectrum
        spectrum = s
    }

    deinit {
        FFTWPlanLock.withLock {
            fftw_destroy_plan(forward)
            fftw_destroy_plan(backward)
        }
        fftw_free(real)
        fftw_free(complex)
    }

    /// y = Â x. O(L log L + p N), no allocation.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let N = matrix.size, L = embeddingLength
        precondition(x.count == N && y.count == N, "ToeplitzFFTOperator.apply: sizes \(x.count), \(y.count) for N = \(N)")
        for k in 0..<N { real[k] = x[k] }
        for k in N..<L { real[k] = 0 }
        fftw_execute(forward)
        spectrum.withUnsafeBufferPointer { s in
            for k in 0..<s.count {
                complex[k].0 *= s[k]
                complex[k].1 *= s[k]
            }
        }
        fftw_execute(backward)
        for k in 0..<N { y[k] = real[k] }
        matrix.boundaryColumnCorrections.withUnsafeBufferPointer { c in
            for (q, j) in matrix.boundaryColumnIndices.enumerated() {
                let xj = x[j]
                if xj == 0 { continue }
                let base = q * N
                for i in 0..<N { y[i] += c[base + i] * xj }
            }
        }
        matrix.boundaryRows.withUnsafeBufferPointer { r in
            for (q, i) in matrix.boundaryRowIndices.enumerated() {
                let base = q * N
                var s = 0.0
                for j in 0..<N { s += r[base + j] * x[j] }
                y[i] = s
            }
        }
    }
}
