import SparseLA

/// An approximate inverse `z = M⁻¹ r`.
///
/// Preconditioners are built once from a matrix by their initializer (so setup cost is visible,
/// measured in `setupTime`, and reusable across solves) and then applied many times.
public protocol Preconditioner {
    /// Length of `r` and `z`.
    var size: Int { get }
    /// Computes `z = M⁻¹ r`. `r` and `z` never overlap.
    func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>)
    /// Seconds spent building the preconditioner (0 when free).
    var setupTime: Double { get }
}

extension Preconditioner {
    /// Seconds spent building the preconditioner (0 when free).
    public var setupTime: Double { 0 }

    /// `z = M⁻¹ r` on arrays (convenience).
    public func apply(_ r: [Double], into z: inout [Double]) {
        precondition(r.count == size, "apply: r has \(r.count) entries, preconditioner has size \(size)")
        if z.count != size { z = [Double](repeating: 0, count: size) }
        r.withUnsafeBufferPointer { rp in z.withUnsafeMutableBufferPointer { zp in apply(rp, into: zp) } }
    }
}

/// `M = I`: no preconditioning.
public struct IdentityPreconditioner: Preconditioner {
    /// Length of `r` and `z`.
    public let size: Int
    /// The identity of dimension `size`.
    public init(size: Int) { self.size = size }
    /// Computes `z = M⁻¹ r`. `r` and `z` never overlap.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        for i in 0..<size { z[i] = r[i] }
    }
}

/// A preconditioner given by a closure `z = M⁻¹ r`.
public struct ClosurePreconditioner: Preconditioner {
    /// Length of `r` and `z`.
    public let size: Int
    private let body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    /// Wraps `body(r, z)`, which must write `z = M⁻¹ r` (both of length `size`, never overlapping).
    public init(size: Int, _ body: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        self.size = size
        self.body = body
    }
    /// Computes `z = M⁻¹ r`. `r` and `z` never overlap.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) { body(r, z) }
}
