import SparseLA

/// A direction function that wraps another one (typically the DCDM network) between symmetric
/// Gauss–Seidel / SSOR smoothing sweeps with the true matrix: a two-level cycle in which the
/// inner proposer plays the coarse correction.
///
/// For the normalised residual `r` (all steps on the active unknowns):
/// ```
/// d  = S r                        (ν SSOR applications; pre-smoothing, from d = 0)
/// r₁ = r − A d
/// z  = f(r₁ / ‖r₁‖)               (the inner proposer, e.g. the network)
/// d ← d + α z,  α = zᵀr₁ / zᵀA z  (the optimal step along z in the A-norm)
/// r₂ = r₁ − α A z
/// d ← d + S r₂                    (ν SSOR applications; post-smoothing)
/// ```
/// The smoother knows the exact matrix, so it repairs what a mask-blind network gets wrong next to
/// walls and at high frequencies, while the network supplies the smooth, long-range part. With
/// ν = 0 this is the inner proposer scaled by α. The result is positively homogeneous in `r` when
/// the inner proposer is; it is not linear (α depends on `r`), which DCDM's A-orthogonalisation
/// and exact line search accept.
///
/// Cost per call: one inner proposal, 2ν SSOR applications (each ≈ 2 sparse mat-vecs' worth of
/// work) and 2ν + 1 mat-vecs; no allocation after `init`. Not thread-safe.
public final class SmoothedDirectionProposer<Inner: DirectionProposer>: DirectionProposer {
    /// The wrapped proposer (the coarse correction).
    public let inner: Inner
    /// The system matrix (symmetric, positive diagonal).
    public let matrix: CSRMatrix
    /// SSOR applications before and after the inner proposal (each a forward + backward sweep).
    public let sweeps: Int
    private let smoother: SSORPreconditioner
    private var r1: [Double], z: [Double], az: [Double], t: [Double]

    /// Length of `r` and `d`.
    public var size: Int { matrix.rows }

    /// Wraps `inner` for the system `matrix` with `sweeps` SSOR applications (relaxation `omega`,
    /// 1 = symmetric Gauss–Seidel) on each side.
    /// - Throws: `PreconditionerError` for a non-square matrix, a zero diagonal or ω ∉ (0, 2).
    /// - Precondition: `inner.size == matrix.rows`, `sweeps ≥ 0`.
    public init(inner: Inner, matrix: CSRMatrix, sweeps: Int = 1, omega: Double = 1) throws(PreconditionerError) {
        precondition(inner.size == matrix.rows, "SmoothedDirectionProposer: inner size \(inner.size) ≠ \(matrix.rows) rows")
        precondition(sweeps >= 0, "SmoothedDirectionProposer: negative sweep count \(sweeps)")
        smoother = try SSORPreconditioner(matrix, omega: omega)
        self.inner = inner
        self.matrix = matrix
        self.sweeps = sweeps
        let n = matrix.rows
        r1 = [Double](repeating: 0, count: n)
        z = r1; az = r1; t = r1
    }

    /// Writes the smoothed direction for the normalised residual `r` into `d`.
    public func propose(_ r: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) {
        let n = size
        guard n > 0 else { return }
        for i in 0..<n { d[i] = 0 }
        r1.withUnsafeMutableBufferPointer { rb in
            z.withUnsafeMutableBufferPointer { zb in
                az.withUnsafeMutableBufferPointer { ab in
                    t.withUnsafeMutableBufferPointer { tb in
                        for i in 0..<n { rb[i] = r[i] }
                        smooth(residual: rb, into: d, z: zb, az: ab)
                        // Coarse correction by the inner proposer, scaled by the A-optimal step.
                        var norm = 0.0
                        for i in 0..<n { norm += rb[i] * rb[i] }
                        norm = norm.squareRoot()
                        if norm > 0 {
                            let inv = 1 / norm
                            for i in 0..<n { tb[i] = rb[i] * inv }
                            inner.propose(UnsafeBufferPointer(tb), into: zb)
                            matrix.multiply(UnsafeBufferPointer(zb), into: ab)
                            var zr = 0.0, zAz = 0.0
                            for i in 0..<n { zr += zb[i] * rb[i]; zAz += zb[i] * ab[i] }
                            if zAz > 0 && zr.isFinite {
                                let alpha = zr / zAz
                                for i in 0..<n { d[i] += alpha * zb[i]; rb[i] -= alpha * ab[i] }
                            } else if !(zAz.isFinite && zr.isFinite) {
                                // Propagate a broken inner proposal so DCDM reports notFinite.
                                for i in 0..<n { d[i] = .nan }
                                return
                            }
                        }
                        smooth(residual: rb, into: d, z: zb, az: ab)
                    }
                }
            }
        }
    }

    /// `sweeps` times: `z = S r`, `d += z`, `r −= A z` (a smoothing step on `A d = r` from the
    /// current `d`; `r` is kept as the residual of `d`).
    private func smooth(residual rb: UnsafeMutableBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>,
                        z zb: UnsafeMutableBufferPointer<Double>, az ab: UnsafeMutableBufferPointer<Double>) {
        let n = size
        for _ in 0..<sweeps {
            smoother.apply(UnsafeBufferPointer(rb), into: zb)
            matrix.multiply(UnsafeBufferPointer(zb), into: ab)
            for i in 0..<n { d[i] += zb[i]; rb[i] -= ab[i] }
        }
    }
}
