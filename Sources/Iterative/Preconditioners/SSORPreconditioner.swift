import SparseLA

/// Symmetric SOR preconditioner
/// `M = (D + ωL) D⁻¹ (D + ωU) / (ω(2 − ω))`, applied as
/// `z = ω(2 − ω) (D + ωU)⁻¹ D (D + ωL)⁻¹ r`: a forward triangular sweep, a diagonal scaling and a
/// backward sweep (the result of one SSOR iteration from z = 0).
///
/// For symmetric `A` with positive diagonal and 0 < ω < 2, `M` is SPD, so it can precondition CG
/// and MINRES. (Paper 1's `ssor_pcg.m` uses the transposed order, backward sweep first; for
/// symmetric `A` both are SPD and give similar iteration counts.)
/// Setup O(nnz) (finds the diagonal); apply O(nnz), allocation free.
public struct SSORPreconditioner: Preconditioner {
    /// The relaxation factor ω ∈ (0, 2).
    public let omega: Double
    /// Seconds spent building the preconditioner (0 when free).
    public let setupTime: Double
    private let sweeps: RelaxationSweeps

    /// Length of `r` and `z`.
    public var size: Int { sweeps.size }

    /// Builds the preconditioner.
    /// - Throws: `PreconditionerError.invalidOmega` unless 0 < ω < 2; `.notSquare`;
    ///   `.zeroDiagonal(row:)` for a zero, missing or non-finite diagonal entry.
    public init(_ matrix: CSRMatrix, omega: Double = 1) throws(PreconditionerError) {
        guard omega > 0 && omega < 2 else { throw .invalidOmega(omega) }
        let clock = Stopwatch()
        self.omega = omega
        self.sweeps = try RelaxationSweeps(matrix)
        self.setupTime = clock.elapsed
    }

    /// `z = M⁻¹ r`.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        let n = size
        guard n > 0, let rb = r.baseAddress, let zb = z.baseAddress else { return }
        let w = omega
        let scale = w * (2 - w)
        sweeps.withPointers { rp, ci, va, d, dp in
            // Forward: (D + ωL) y = r; store w_i = a_ii·y_i·(ω(2−ω)) ... kept as y, scaled below.
            for i in 0..<n {
                var s = 0.0
                for k in rp[i]..<dp[i] { s += va[k] * zb[Int(ci[k])] }
                zb[i] = (rb[i] - w * s) * d[i]
            }
            // D y, then backward: (D + ωU) z = D y (in place; entries j > i are already final).
            var i = n - 1
            while i >= 0 {
                var s = 0.0
                for k in (dp[i] + 1)..<rp[i + 1] { s += va[k] * zb[Int(ci[k])] }
                let dy = zb[i] / d[i]
                zb[i] = (dy - w * s) * d[i]
                i -= 1
            }
            for j in 0..<n { zb[j] *= scale }
        }
    }
}
