/// An orthonormal reduced basis `V = [v_1 … v_N]` in a chosen inner product, grown one vector at
/// a time by Gram–Schmidt with reorthogonalisation ("twice is enough", Kahan/Parlett), so the
/// basis stays orthonormal to round-off even for nearly dependent snapshots.
/// Memory N·n doubles; `enrich` costs O(N·(n + nnz(M))).
public struct ReducedBasis: Sendable {
    /// Length of each basis vector.
    public let dimension: Int
    /// The inner product in which the vectors are orthonormal.
    public let innerProduct: InnerProduct
    /// The basis vectors.
    public private(set) var vectors: [[Double]] = []

    /// An empty basis for vectors of length `dimension`.
    public init(dimension: Int, innerProduct: InnerProduct = .euclidean) throws(ROMError) {
        guard dimension >= 1 else { throw ROMError("basis dimension \(dimension) must be >= 1") }
        if let m = innerProduct.matrix, m.rows != dimension || m.columns != dimension {
            throw ROMError("inner-product matrix is \(m.rows)×\(m.columns), vectors have length \(dimension)")
        }
        self.dimension = dimension
        self.innerProduct = innerProduct
    }

    /// Number of basis vectors N.
    public var count: Int { vectors.count }

    /// Orthogonalises `u` against the basis twice and appends it normalised. Returns `false`
    /// (basis unchanged) when what is left after orthogonalisation is below
    /// `dependenceTolerance · ‖u‖` (u already in the span). Throws for a wrong length or NaN.
    @discardableResult
    public mutating func enrich(_ u: [Double], dependenceTolerance: Double = 1e-10) throws(ROMError) -> Bool {
        guard u.count == dimension else { throw ROMError("enrich: vector has \(u.count) entries, expected \(dimension)") }
        guard u.allSatisfy({ $0.isFinite }) else { throw ROMError("enrich: vector has a non-finite entry") }
        let original = innerProduct.norm(u)
        guard original > 0 else { return false }
        var w = u
        for _ in 0..<2 {
            let mw = innerProduct.apply(w)
            for v in vectors {
                var c = 0.0
                for i in 0..<dimension { c += v[i] * mw[i] }
                for i in 0..<dimension { w[i] -= c * v[i] }
            }
        }
        let r = innerProduct.norm(w)
        guard r > dependenceTolerance * original else { return false }
        let inv = 1 / r
        for i in 0..<dimension { w[i] *= inv }
        vectors.append(w)
        return true
    }

    /// Coefficients `c_j = <v_j, u>` of the orthogonal projection of `u` (O(N·n + nnz(M))).
    public func coefficients(of u: [Double]) -> [Double] {
        precondition(u.count == dimension, "coefficients: length mismatch")
        let mu = innerProduct.apply(u)
        return vectors.map { v in var c = 0.0; for i in 0..<dimension { c += v[i] * mu[i] }; return c }
    }

    /// `V c` for the first `c.count` basis vectors (O(N·n)).
    public func expand(_ c: [Double]) -> [Double] {
        precondition(c.count <= count, "expand: \(c.count) coefficients for \(count) vectors")
        var u = [Double](repeating: 0, count: dimension)
        for (j, cj) in c.enumerated() where cj != 0 {
            let v = vectors[j]
            for i in 0..<dimension { u[i] += cj * v[i] }
        }
        return u
    }

    /// The basis truncated to its first `n` vectors.
    public func prefix(_ n: Int) -> ReducedBasis {
        var b = self
        b.vectors = Array(vectors.prefix(n))
        return b
    }

    /// A basis from vectors assumed orthonormal (used when loading a saved ROM).
    public init(dimension: Int, innerProduct: InnerProduct, orthonormalVectors: [[Double]]) throws(ROMError) {
        try self.init(dimension: dimension, innerProduct: innerProduct)
        guard orthonormalVectors.allSatisfy({ $0.count == dimension }) else { throw ROMError("basis vectors must have length \(dimension)") }
        vectors = orthonormalVectors
    }
}
