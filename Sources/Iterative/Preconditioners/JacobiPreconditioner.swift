import SparseLA

/// Jacobi (diagonal) preconditioner `M = diag(A)`, `z = D⁻¹ r`.
///
/// Setup O(nnz) (one pass to find the diagonal), apply O(n). SPD whenever the diagonal is
/// positive, so it is usable in CG and MINRES.
public struct JacobiPreconditioner: Preconditioner {
    /// 1 / a_ii.
    public let inverseDiagonal: [Double]
    /// Length of `r` and `z`.
    public var size: Int { inverseDiagonal.count }
    /// Seconds spent building the preconditioner (0 when free).
    public let setupTime: Double

    /// Builds `D⁻¹` from `matrix`.
    /// - Throws: `PreconditionerError.notSquare` or `.zeroDiagonal(row:)` when a diagonal entry is
    ///   zero, missing or not finite.
    public init(_ matrix: CSRMatrix) throws(PreconditionerError) {
        let clock = Stopwatch()
        inverseDiagonal = try matrix.diagonalPositions().inverse
        setupTime = clock.elapsed
    }

    /// Builds the preconditioner from a given diagonal (all entries nonzero and finite).
    /// - Throws: `PreconditionerError.zeroDiagonal(row:)`.
    public init(diagonal: [Double]) throws(PreconditionerError) {
        var inv = [Double](repeating: 0, count: diagonal.count)
        for (i, d) in diagonal.enumerated() {
            inv[i] = 1 / d
            guard d != 0, inv[i].isFinite else { throw .zeroDiagonal(row: i) }
        }
        inverseDiagonal = inv
        setupTime = 0
    }

    /// `z = D⁻¹ r`.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        inverseDiagonal.withUnsafeBufferPointer { d in
            let dp = d.baseAddress, rp = r.baseAddress, zp = z.baseAddress
            guard let dp, let rp, let zp else { return }
            for i in 0..<d.count { zp[i] = dp[i] * rp[i] }
        }
    }
}
