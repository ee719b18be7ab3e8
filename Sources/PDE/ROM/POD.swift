/// How to compute the POD.
public enum PODMethod: String, Sendable, Codable, CaseIterable {
    /// Thin SVD of the snapshot matrix (`dgesdd`): accurate down to σ ≈ ε·σ_1; Euclidean only.
    case svd
    /// Method of snapshots: eigen-decomposition of the correlation `C = Sᵀ M S` (`dsyev`);
    /// modes `ψ_k = S w_k / σ_k`. Any inner product; accuracy limited to σ ≳ √ε·σ_1.
    case methodOfSnapshots
}

/// Result of a POD: the kept modes (orthonormal in the inner product) and all singular values.
public struct PODResult: Sendable {
    /// Orthonormal modes (re-orthonormalised by Gram–Schmidt twice), as a basis.
    public let basis: ReducedBasis
    /// All singular values of the snapshot set in the inner product, descending.
    public let singularValues: [Double]
    /// Fraction of the energy `Σ σ²` left out by the truncation.
    public let discardedEnergyFraction: Double
}

/// Proper orthogonal decomposition of a snapshot set.
public enum POD {
    /// Computes the POD of `snapshots` in `innerProduct`, truncated by `truncation`.
    /// Cost: SVD O(n·m²); method of snapshots O(m·nnz(M) + n·m² + m³).
    /// Throws for an empty set, `.svd` with a non-Euclidean inner product, or LAPACK failure.
    public static func compute(_ snapshots: SnapshotMatrix, innerProduct: InnerProduct = .euclidean,
                               method: PODMethod = .svd, truncation: PODTruncation = PODTruncation()) throws(ROMError) -> PODResult {
        let n = snapshots.length, m = snapshots.count
        guard m >= 1 else { throw ROMError("POD: no snapshots") }
        var sigma: [Double]
        var candidates: [[Double]] = []
        switch method {
        case .svd:
            guard innerProduct.matrix == nil else {
                throw ROMError("POD: the SVD path is Euclidean; use .methodOfSnapshots with an inner-product matrix")
            }
            let (u, s, _) = try DenseLAPACK.thinSVD(snapshots.columnMajor(), rows: n, cols: m)
            sigma = s
            let r = truncation.rank(of: s)
            for k in 0..<r { candidates.append(Array(u[(k * n)..<((k + 1) * n)])) }
        case .methodOfSnapshots:
            let cols = snapshots.columns
            let mc = cols.map { innerProduct.apply($0) }
            var c = [Double](repeating: 0, count: m * m)
            for i in 0..<m {
                for j in i..<m {
                    var d = 0.0
                    let a = cols[i], b = mc[j]
                    for t in 0..<n { d += a[t] * b[t] }
                    c[j * m + i] = d; c[i * m + j] = d
                }
            }
            let (lam, w) = try DenseLAPACK.symmetricEigen(c, n: m)
            sigma = lam.reversed().map { max($0, 0).squareRoot() }   // negative round-off cut
            let r = truncation.rank(of: sigma)
            for k in 0..<r {
                let col = m - 1 - k
                var psi = [Double](repeating: 0, count: n)
                for i in 0..<m {
                    let wi = w[col * m + i] / sigma[k]
                    let u = cols[i]
                    for t in 0..<n { psi[t] += wi * u[t] }
                }
                candidates.append(psi)
            }
        }
        var basis = try ReducedBasis(dimension: n, innerProduct: innerProduct)
        for v in candidates { try basis.enrich(v, dependenceTolerance: 1e-8) }
        let total = sigma.reduce(0) { $0 + $1 * $1 }
        let kept = sigma.prefix(basis.count).reduce(0) { $0 + $1 * $1 }
        return PODResult(basis: basis, singularValues: sigma, discardedEnergyFraction: total > 0 ? max(total - kept, 0) / total : 0)
    }
}
