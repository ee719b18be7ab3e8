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
    private let fft: RealFFTPair                         // length L

    /// Builds the operator; O(L log L) setup plus FFTW planning (`planning`).
    public init(matrix: RieszCollocationMatrix, planning: FFTWPlanning = .measure) {
        self.matrix = matrix
        let N = matrix.size
        let L = fftFriendlySize(atLeast: max(2 * N - 1, 2))
        embeddingLength = L
        fft = RealFFTPair(length: L, planning: planning)
        let nc = fft.complexCount
        let real = fft.real
        // First column of the circulant: a_0..a_{N-1}, zeros, a_{N-1}..a_1.
        for k in 0..<L { real[k] = 0 }
        for k in 0..<N { real[k] = matrix.toeplitz[k] }
        if N > 1 { for k in 1..<N { real[L - k] = matrix.toeplitz[k] } }
        fft.forwardTransform()
        var s = [Double](repeating: 0, count: nc)
        for k in 0..<nc { s[k] = fft.complex[k].0 / Double(L) }   // symmetric column: real spectrum
        spectrum = s
    }

    /// y = Â x. O(L log L + p N), no allocation.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let N = matrix.size, L = embeddingLength
        precondition(x.count == N && y.count == N, "ToeplitzFFTOperator.apply: sizes \(x.count), \(y.count) for N = \(N)")
        let real = fft.real
        for k in 0..<N { real[k] = x[k] }
        for k in N..<L { real[k] = 0 }
        spectrum.withUnsafeBufferPointer { fft.multiplyInPlace(by: $0) }
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
