/// A direction function for the deep conjugate direction method (`DeepConjugateDirection`).
///
/// Maps the *normalised* residual `r / ‖r‖₂` to a search direction `d ≈ c · A⁻¹ r` for some unknown
/// scale `c` (the method's exact line search absorbs the scale). A trained network
/// (`NetworkDirectionProposer`), a fixed preconditioner (`PreconditionerDirectionProposer`) or the
/// identity (which turns DCDM into CG) all conform.
///
/// Implementations may be nonlinear and need not be symmetric; they must write all `size`
/// entries of `d` and must not retain the buffers. `r` and `d` never overlap.
public protocol DirectionProposer {
    /// Length of `r` and `d`.
    var size: Int { get }
    /// Writes the proposed direction for the normalised residual `r` into `d`.
    func propose(_ r: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>)
}

/// `d = r`: DCDM with this proposer is conjugate gradients (up to rounding).
public struct IdentityDirectionProposer: DirectionProposer {
    /// Length of `r` and `d`.
    public let size: Int
    /// A proposer for vectors of length `size`.
    public init(size: Int) { self.size = size }
    /// Writes the proposed direction for the normalised residual `r` into `d`.
    public func propose(_ r: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<size { d[i] = r[i] }
    }
}

/// `d = M⁻¹ r` for a preconditioner `M`: DCDM with an SPD `M` reproduces PCG (up to rounding);
/// with an exact inverse it converges in one iteration.
public struct PreconditionerDirectionProposer: DirectionProposer {
    /// The wrapped preconditioner.
    public let preconditioner: any Preconditioner
    /// Length of `r` and `d`.
    public var size: Int { preconditioner.size }
    /// Wraps `preconditioner`.
    public init(_ preconditioner: any Preconditioner) { self.preconditioner = preconditioner }
    /// Writes the proposed direction for the normalised residual `r` into `d`.
    public func propose(_ r: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) {
        preconditioner.apply(r, into: d)
    }
}

/// A proposer given by a closure `body(r, d)` that writes all of `d`.
public struct ClosureDirectionProposer: DirectionProposer {
    /// Length of `r` and `d`.
    public let size: Int
    private let body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    /// Wraps `body`, which must write all `size` entries of `d`.
    public init(size: Int, _ body: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        self.size = size
        self.body = body
    }
    /// Writes the proposed direction for the normalised residual `r` into `d`.
    public func propose(_ r: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) { body(r, d) }
}
