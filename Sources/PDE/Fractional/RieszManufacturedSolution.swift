import Foundation

/// The manufactured test problem of PDE.md §1.7: u(x) = x²(1−x)² eˣ on (0, 1), u ≡ 0 outside, and
/// s = −∂^α u/∂|x|^α = c_α (D_L^α u + D_R^α u), summed from the Taylor series of u about 0 and about 1
/// term by term with the power rule D_L^α x^k = k!/Γ(k+1−α) x^{k−α} (70 terms, converged to
/// rounding). O(70) per point. Precondition: α ∈ (1, 2).
public struct RieszManufacturedSolution: Sendable {
    /// Fractional order α.
    public let alpha: Double
    private let left: [Double]    // coefficient of x^{k−α} in D_L u
    private let right: [Double]   // coefficient of (1−x)^{k−α} in D_R u
    private let c: Double

    /// Series coefficients for order `alpha`.
    public init(alpha: Double) {
        precondition(alpha > 1 && alpha < 2, "RieszManufacturedSolution: alpha = \(alpha) outside (1, 2)")
        self.alpha = alpha
        let terms = 70
        var invFact = [Double](repeating: 1, count: terms + 1)     // 1/m!
        for m in 1...terms { invFact[m] = invFact[m - 1] / Double(m) }
        func inv(_ m: Int) -> Double { m < 0 ? 0 : invFact[m] }
        var l = [Double](repeating: 0, count: terms + 1)
        var r = [Double](repeating: 0, count: terms + 1)
        var ratio = 1 / tgamma(2 - alpha)          // k!/Γ(k+1−α) at k = 1
        let e = exp(1.0)
        for k in 2...terms {
            ratio *= Double(k) / (Double(k) - alpha)
            let uk = inv(k - 2) - 2 * inv(k - 3) + inv(k - 4)
            let sg: (Int) -> Double = { $0 % 2 == 0 ? 1 : -1 }
            let vk = e * (sg(k - 2) * inv(k - 2) - 2 * sg(k - 3) * inv(k - 3) + sg(k - 4) * inv(k - 4))
            l[k] = uk * ratio
            r[k] = vk * ratio
        }
        left = l
        right = r
        c = 1 / (2 * cos(Double.pi * alpha / 2))
    }

    /// u(x) = x²(1−x)² eˣ on [0, 1], 0 outside.
    public func solution(_ x: Double) -> Double {
        guard x > 0, x < 1 else { return 0 }
        return x * x * (1 - x) * (1 - x) * exp(x)
    }

    /// s(x) = c_α (D_L^α u + D_R^α u)(x) for x ∈ (0, 1).
    public func rightHandSide(_ x: Double) -> Double {
        guard x > 0, x < 1 else { return .nan }
        func series(_ coef: [Double], _ y: Double) -> Double {
            // Σ coef[k] y^{k−α}, Horner in y then times y^{−α}
            var s = 0.0
            for k in stride(from: coef.count - 1, through: 0, by: -1) { s = s * y + coef[k] }
            return s * pow(y, -alpha)
        }
        return c * (series(left, x) + series(right, 1 - x))
    }
}
