import Foundation

/// Gauss–Legendre quadrature rule on [−1, 1], computed by Newton iteration on P_m.
///
/// Exact for polynomials of degree ≤ 2m − 1; nodes and weights accurate to a few ulps.
/// O(m²) to build. Precondition: 1 ≤ m ≤ 200.
public struct GaussLegendre: Sendable {
    /// Nodes in increasing order.
    public let nodes: [Double]
    /// Weights (sum to 2).
    public let weights: [Double]

    /// Builds the m-point rule.
    public init(points m: Int) {
        precondition(m >= 1 && m <= 200, "GaussLegendre: points = \(m) outside 1...200")
        var x = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        for i in 0..<((m + 1) / 2) {
            var z = cos(Double.pi * (Double(i) + 0.75) / (Double(m) + 0.5))
            var dp = 0.0
            for _ in 0..<100 {
                var p0 = 1.0, p1 = 0.0
                for j in 1...m {
                    let p2 = p1
                    p1 = p0
                    p0 = ((2 * Double(j) - 1) * z * p1 - (Double(j) - 1) * p2) / Double(j)
                }
                dp = Double(m) * (z * p0 - p1) / (z * z - 1)
                let dz = p0 / dp
                z -= dz
                if abs(dz) < 1e-16 { break }
            }
            // recompute derivative at the converged node
            var p0 = 1.0, p1 = 0.0
            for j in 1...m {
                let p2 = p1
                p1 = p0
                p0 = ((2 * Double(j) - 1) * z * p1 - (Double(j) - 1) * p2) / Double(j)
            }
            dp = Double(m) * (z * p0 - p1) / (z * z - 1)
            x[i] = -z
            x[m - 1 - i] = z
            w[i] = 2 / ((1 - z * z) * dp * dp)
            w[m - 1 - i] = w[i]
        }
        nodes = x
        weights = w
    }
}
