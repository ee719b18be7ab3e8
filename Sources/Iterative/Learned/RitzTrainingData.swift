import SparseLA
import CBLAS
import CLAPACKE

/// Training right-hand sides from Ritz vectors of the training matrix (ITERATIVE.md §2.5,
/// `datasetcreate.py`, scaled down): Lanczos from `b₀ = A·N(0, I)` with full
/// reorthogonalisation, Ritz vectors of the tridiagonal matrix, Ritz values < 1e-8 dropped; each
/// sample is `Σ c_j q_j` normalised, `c_j ~ N(0,1)`, with the first `m/2 + θ` coefficients (lowest
/// Ritz values) multiplied by 9.
public enum RitzTrainingData {
    /// Why data generation failed.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// Arguments out of range.
        case invalidArguments(String)
        /// LAPACK `dstev` failed (its info code).
        case eigensolverFailed(Int)
        /// A one-line human-readable description (`CustomStringConvertible`).
        public var description: String {
            switch self {
            case .invalidArguments(let s): return "Ritz data: \(s)"
            case .eigensolverFailed(let i): return "Ritz data: LAPACKE_dstev failed (info \(i))"
            }
        }
    }

    /// Generates `samples` unit-norm right-hand sides.
    /// - Parameters:
    ///   - matrix: SPD training matrix (n × n).
    ///   - lanczosSteps: m (≤ n; the paper uses 10 000). Memory: 2·m·n doubles.
    ///   - samples: how many right-hand sides to generate (≥ 1).
    ///   - theta: the paper's θ (500 for m = 10 000); default m/20.
    ///   - seed: seed of the random starting vector and the random combinations (reproducible).
    /// - Throws: `.invalidArguments` (m < 2, m > n, samples < 1), `.eigensolverFailed`.
    /// - Complexity: O(m²·n) for the reorthogonalised Lanczos and the Ritz vectors, O(samples·m·n).
    public static func generate(matrix: CSRMatrix, lanczosSteps: Int, samples: Int, theta: Int? = nil,
                                seed: UInt64 = 1) throws(Failure) -> [[Double]] {
        let n = matrix.rows
        let m = lanczosSteps
        guard m >= 2, m <= n else { throw .invalidArguments("lanczosSteps \(m) must be in 2...\(n)") }
        guard samples >= 1, samples <= 1 << 20 else { throw .invalidArguments("samples \(samples) must be in 1...\(1 << 20)") }
        var rng = SplitMix64(seed: seed)
        var v = [Double](repeating: 0, count: m * n)
        var alpha = [Double](repeating: 0, count: m), beta = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: n)
        var steps = m
        var start = (0..<n).map { _ in rng.nextGaussian() }
        start = matrix.applied(to: start)
        let s0 = DenseVector.norm2(start)
        v.withUnsafeMutableBufferPointer { vb in
            let V = vb.baseAddress!
            for i in 0..<n { V[i] = start[i] / s0 }
            w.withUnsafeMutableBufferPointer { wb in
                let W = wb.baseAddress!
                for j in 0..<m {
                    let vj = V + j * n
                    matrix.multiply(UnsafeBufferPointer(start: vj, count: n), into: wb)
                    alpha[j] = Vec.dot(vj, W, n)
                    // Full reorthogonalisation (twice is enough).
                    for _ in 0..<2 {
                        for i in 0...j {
                            let c = Vec.dot(V + i * n, W, n)
                            Vec.axpy(-c, V + i * n, W, n)
                        }
                    }
                    let bn = Vec.norm(W, n)
                    if j + 1 < m {
                        if bn < 1e-12 { steps = j + 1; break }
                        beta[j] = bn
                        let next = V + (j + 1) * n
                        for i in 0..<n { next[i] = W[i] / bn }
                    }
                }
            }
        }
        // Eigen-decomposition of the tridiagonal T (ascending Ritz values).
        var d = Array(alpha[0..<steps]), e = Array(beta[0..<max(1, steps)])
        var z = [Double](repeating: 0, count: steps * steps)
        let info = LAPACKE_dstev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), clapack_int(steps), &d, &e, &z, clapack_int(steps))
        guard info == 0 else { throw .eigensolverFailed(Int(info)) }
        // Ritz vectors as rows: R = Zᵀ V (Z column-major = Zᵀ row-major).
        var ritz = [Double](repeating: 0, count: steps * n)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(steps), Int32(n), Int32(steps), 1,
                    z, Int32(steps), v, Int32(n), 0, &ritz, Int32(n))
        let keep = (0..<steps).filter { d[$0] >= 1e-8 }
        let k = keep.count
        guard k >= 1 else { throw .invalidArguments("no Ritz value above 1e-8") }
        let boosted = min(k, k / 2 + (theta ?? max(1, m / 20)))
        var out: [[Double]] = []
        out.reserveCapacity(samples)
        var coef = [Double](repeating: 0, count: k)
        var b = [Double](repeating: 0, count: n)
        for _ in 0..<samples {
            for j in 0..<k { coef[j] = rng.nextGaussian() * (j < boosted ? 9 : 1) }
            for i in 0..<n { b[i] = 0 }
            ritz.withUnsafeBufferPointer { rb in
                b.withUnsafeMutableBufferPointer { bb in
                    for (jj, j) in keep.enumerated() { Vec.axpy(coef[jj], rb.baseAddress! + j * n, bb.baseAddress!, n) }
                }
            }
            let nb = DenseVector.norm2(b)
            out.append(b.map { $0 / nb })
        }
        return out
    }
}
