import Foundation

/// The discretisation of `−∂^α u/∂|x|^α = s` on (0, 1) with homogeneous Dirichlet data by degree-`p`
/// B-spline collocation (PDE.md §1.3): open uniform knots with `n` intervals (h = 1/n), maximal
/// smoothness, first and last B-spline dropped, Greville collocation points minus 0 and 1.
///
/// Unknowns and collocation points are indexed `0..<size` with `size = n + p − 2`. Everything is
/// expressed in *scaled* coordinates X = x/h ∈ [0, n], where the knots are integers; the physical
/// matrix is `A = h^{−α} Â`, and this module works with Â (see `RieszCollocationMatrix`).
public struct RieszCollocation: Sendable, Equatable {
    /// Fractional order α ∈ (1, 2).
    public let alpha: Double
    /// Spline degree p ≥ 2 (p = 1 is rejected: D^α of a hat function is infinite at its knots,
    /// which are the Greville points).
    public let degree: Int
    /// Number of knot intervals n ≥ 2.
    public let intervals: Int

    /// Validates the parameters. Throws `FractionalError` when α ∉ (1, 2) (or not finite),
    /// p < 2 or p > 20, n < 2, or n > 50 000 000 (absurd sizes).
    public init(alpha: Double, degree: Int, intervals: Int) throws {
        guard alpha.isFinite, alpha > 1, alpha < 2 else {
            throw FractionalError("alpha = \(alpha) is outside the open interval (1, 2)")
        }
        guard degree >= 2 else {
            throw FractionalError("degree p = \(degree) < 2: for p = 1 the collocation entries D^alpha B(xi) are infinite at the knots (PDE.md §1.3)")
        }
        guard degree <= 20 else { throw FractionalError("degree p = \(degree) > 20 is not supported") }
        guard intervals >= 2 else { throw FractionalError("n = \(intervals) intervals: need at least 2") }
        guard intervals <= 50_000_000 else { throw FractionalError("n = \(intervals) intervals is absurdly large") }
        self.alpha = alpha
        self.degree = degree
        self.intervals = intervals
    }

    /// Number of unknowns N = n + p − 2.
    public var size: Int { intervals + degree - 2 }
    /// Mesh width h = 1/n.
    public var h: Double { 1 / Double(intervals) }
    /// Riesz constant c_α = 1 / (2 cos(π α / 2)) (negative on (1, 2)).
    public var rieszConstant: Double { 1 / (2 * cos(Double.pi * alpha / 2)) }
    /// Physical matrix scale: A = `scale` · Â with `scale` = h^{−α}.
    public var scale: Double { pow(Double(intervals), alpha) }

    /// Knot `m` (0-based, m ∈ 0...n+2p) of the open uniform knot vector in scaled units.
    @inlinable public func knot(_ m: Int) -> Double {
        Double(min(max(m - degree, 0), intervals))
    }

    /// Local knots t[b], …, t[b+p+1] of B-spline `b` (0-based over all n+p splines), scaled units.
    public func localKnots(ofSpline b: Int) -> [Double] {
        (0...(degree + 1)).map { knot(b + $0) }
    }

    /// Greville abscissa of B-spline `b` (0-based over all n+p splines), scaled units.
    public func greville(ofSpline b: Int) -> Double {
        var s = 0.0
        for m in (b + 1)...(b + degree) { s += knot(m) }
        return s / Double(degree)
    }

    /// Collocation point of row `i` ∈ 0..<size in scaled units (Greville abscissa of spline i+1).
    public func collocationPoint(_ i: Int) -> Double { greville(ofSpline: i + 1) }

    /// Collocation points in physical units x ∈ (0, 1).
    public var collocationPoints: [Double] { (0..<size).map { collocationPoint($0) * h } }

    /// Rows whose collocation point is a regular (half-)integer point: the Toeplitz rows.
    public var interiorRows: ClosedRange<Int>? {
        let lo = degree - 2, hi = intervals - 1
        return lo <= hi ? lo...hi : nil
    }

    /// Columns whose B-spline is a cardinal (uniform-knot) B-spline: the Toeplitz columns.
    public var interiorColumns: ClosedRange<Int>? {
        let lo = degree - 1, hi = intervals - 2
        return lo <= hi ? lo...hi : nil
    }

    /// Evaluates the spline Σ_j coefficients[j] B_{j+1}(x) at physical `x` ∈ [0, 1] (0 outside).
    /// O(p²) per point (Cox–de Boor). Precondition: `coefficients.count == size`.
    public func evaluateSpline(coefficients: [Double], at x: Double) -> Double {
        precondition(coefficients.count == size, "evaluateSpline: \(coefficients.count) coefficients, need \(size)")
        guard x >= 0, x <= 1 else { return 0 }
        let p = degree
        let X = x * Double(intervals)
        // span m: knot(m) <= X < knot(m+1), m ∈ p ... n+p-1
        var m = p + min(Int(X.rounded(.down)), intervals - 1)
        if m < p { m = p }
        var basis = [Double](repeating: 0, count: p + 1)
        var left = [Double](repeating: 0, count: p + 1)
        var right = [Double](repeating: 0, count: p + 1)
        basis[0] = 1
        for j in 1...p {
            left[j] = X - knot(m + 1 - j)
            right[j] = knot(m + j) - X
            var saved = 0.0
            for r in 0..<j {
                let temp = basis[r] / (right[r + 1] + left[j - r])
                basis[r] = saved + right[r + 1] * temp
                saved = left[j - r] * temp
            }
            basis[j] = saved
        }
        var s = 0.0
        for r in 0...p {
            let b = m - p + r            // spline index over all n+p
            let j = b - 1                // unknown index
            if j >= 0 && j < size { s += coefficients[j] * basis[r] }
        }
        return s
    }
}
