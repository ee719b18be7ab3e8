import Foundation

/// Nonintrusive ROM of a discrete time series `x_0, x_1, …` (any solver's snapshots): POD basis V
/// of the training window, reduced coordinates `a_k = Vᵀx_k`, and a linear reduced dynamics
/// `a_{k+1} = A_r a_k (+ c_r)` fitted by least squares (operator inference). Without the offset
/// c_r this is projected DMD: `A_r = Vᵀ X₂ X₁⁺ V`, whose eigenvalues are the DMD eigenvalues.
/// Fitting costs O(n m²) (SVD) + O(m r²); each predicted step O(r²) plus O(n r) to reconstruct.
public struct TimeSeriesROM: Sendable {
    /// The POD basis (Euclidean).
    public let basis: ReducedBasis
    /// A_r, column-major r × r.
    public let reducedOperator: [Double]
    /// c_r (zeros when fitted without offset).
    public let offset: [Double]
    /// Singular values of the training snapshots.
    public let singularValues: [Double]

    /// r.
    public var rank: Int { basis.count }

    /// Creates a ROM from its parts (loading); throws for inconsistent sizes.
    public init(basis: ReducedBasis, reducedOperator: [Double], offset: [Double], singularValues: [Double]) throws(ROMError) {
        guard basis.count >= 1, reducedOperator.count == basis.count * basis.count, offset.count == basis.count else {
            throw ROMError("TimeSeriesROM: inconsistent sizes for rank \(basis.count)")
        }
        self.basis = basis; self.reducedOperator = reducedOperator; self.offset = offset; self.singularValues = singularValues
    }

    /// Fits the ROM to the consecutive snapshots `training` (m ≥ 3 of them). The rank is chosen by
    /// `truncation` and further capped so the least-squares problem is overdetermined
    /// (r + offset ≤ m − 1). Throws for too few snapshots or a rank-deficient fit.
    public static func fit(_ training: SnapshotMatrix, truncation: PODTruncation, withOffset: Bool) throws(ROMError) -> TimeSeriesROM {
        let m = training.count
        guard m >= 3 else { throw ROMError("time-series ROM needs at least 3 snapshots, got \(m)") }
        var t = truncation
        t.maxModes = min(t.maxModes, m - 1 - (withOffset ? 1 : 0))
        guard t.maxModes >= 1 else { throw ROMError("too few snapshots for an offset model") }
        let pod = try POD.compute(training, method: .svd, truncation: t)
        let r = pod.basis.count
        guard r >= 1 else { throw ROMError("snapshots are all zero") }
        let a = training.columns.map { pod.basis.coefficients(of: $0) }
        let p = r + (withOffset ? 1 : 0)
        // rows k = 0..<m-1: [a_kᵀ, 1] · [A_rᵀ; c_rᵀ] = a_{k+1}ᵀ
        let rows = m - 1
        var z = [Double](repeating: 0, count: rows * p), y = [Double](repeating: 0, count: rows * r)
        for k in 0..<rows {
            for i in 0..<r { z[i * rows + k] = a[k][i]; y[i * rows + k] = a[k + 1][i] }
            if withOffset { z[r * rows + k] = 1 }
        }
        let x = try DenseLAPACK.leastSquares(z, rows: rows, cols: p, rhs: y, nrhs: r)   // p × r: x[i + p*j] = (A_r)_{j i}
        var ar = [Double](repeating: 0, count: r * r), c = [Double](repeating: 0, count: r)
        for j in 0..<r {
            for i in 0..<r { ar[i * r + j] = x[j * p + i] }
            if withOffset { c[j] = x[j * p + r] }
        }
        return try TimeSeriesROM(basis: pod.basis, reducedOperator: ar, offset: c, singularValues: pod.singularValues)
    }

    /// Reduced trajectory `a_0 = Vᵀx_0, a_1, …, a_steps` (steps + 1 entries). O(steps · r²).
    public func predict(from x0: [Double], steps: Int) -> [[Double]] {
        predictReduced(from: basis.coefficients(of: x0), steps: steps)
    }

    /// Reduced trajectory from reduced initial coordinates.
    public func predictReduced(from a0: [Double], steps: Int) -> [[Double]] {
        precondition(a0.count == rank && steps >= 0, "predictReduced: bad sizes")
        var out = [a0]
        out.reserveCapacity(steps + 1)
        var a = a0
        var next = [Double](repeating: 0, count: rank)
        for _ in 0..<steps {
            for i in 0..<rank {
                var s = offset[i]
                for j in 0..<rank { s += reducedOperator[j * rank + i] * a[j] }
                next[i] = s
            }
            swap(&a, &next)
            out.append(a)
        }
        return out
    }

    /// Full-size state `V a`.
    public func reconstruct(_ a: [Double]) -> [Double] { basis.expand(a) }

    /// Eigenvalues of A_r (DMD eigenvalues; modulus > 1 means a growing mode).
    public func eigenvalues() throws(ROMError) -> [(re: Double, im: Double)] {
        try DenseLAPACK.eigenvalues(reducedOperator, n: rank)
    }
}
