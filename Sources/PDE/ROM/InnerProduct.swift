import SparseLA

/// The inner product `<x, y>_M = xᵀ M y` used by POD and Gram–Schmidt: Euclidean (`M = I`) or a
/// sparse SPD matrix (FE mass or stiffness). O(nnz(M)) per evaluation; sizes are checked with
/// preconditions by the callers (`ReducedBasis`, `POD`), which validate their input first.
public struct InnerProduct: Sendable {
    /// The SPD matrix `M`, or `nil` for the Euclidean product.
    public let matrix: CSRMatrix?

    /// Euclidean inner product.
    public static let euclidean = InnerProduct(matrix: nil)

    /// Inner product with the SPD matrix `m` (not checked for definiteness; a semidefinite `m`
    /// shows up as a rejected, "dependent" vector in Gram–Schmidt).
    public init(matrix: CSRMatrix?) { self.matrix = matrix }

    /// `M x` (a copy of `x` for the Euclidean product).
    public func apply(_ x: [Double]) -> [Double] {
        guard let m = matrix else { return x }
        return m.multiplied(by: x)
    }

    /// `xᵀ M y`.
    public func dot(_ x: [Double], _ y: [Double]) -> Double {
        guard let m = matrix else { return DenseVector.dot(x, y) }
        return DenseVector.dot(x, m.multiplied(by: y))
    }

    /// `sqrt(xᵀ M x)` (0 for a negative round-off value).
    public func norm(_ x: [Double]) -> Double {
        guard matrix != nil else { return DenseVector.norm2(x) }
        return max(dot(x, x), 0).squareRoot()
    }
}
