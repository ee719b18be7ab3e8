/// Estimates of ‖A⁻¹‖₁ and the 1-norm condition number κ₁(A) = ‖A‖₁‖A⁻¹‖₁ from any solver.
///
/// Hager's method as refined by Higham (the algorithm behind LAPACK's `dlacon`): a few solves with
/// A and Aᵀ climb to a vertex of the unit 1-ball where ‖A⁻¹x‖₁ is (locally) maximal. The result
/// is a lower bound on ‖A⁻¹‖₁ that is almost always within a factor of 3 of it. Cost: typically
/// 4-5 solves with each of A and Aᵀ, never more than `2 * maxSweeps + 1` of each.
public enum ConditionEstimator {
    /// Lower-bound estimate of ‖A⁻¹‖₁ for an `n x n` matrix.
    /// - Parameters:
    ///   - n: the order of A (length of the vectors passed to the solves).
    ///   - maxSweeps: cap on the estimator's iterations (each costs one solve with A and one with Aᵀ).
    ///   - solve: returns `A⁻¹ v`.
    ///   - solveTransposed: returns `A⁻ᵀ v` (pass `solve` again for symmetric A).
    public static func inverseOneNorm(n: Int, maxSweeps: Int = 5,
                                      solve: ([Double]) throws -> [Double],
                                      solveTransposed: ([Double]) throws -> [Double]) rethrows -> Double {
        guard n > 0 else { return 0 }
        var x = [Double](repeating: 1 / Double(n), count: n)
        var estimate = 0.0
        var lastIndex = -1
        for _ in 0..<maxSweeps {
            let y = try solve(x)
            let norm = y.reduce(0) { $0 + abs($1) }
            if !norm.isFinite { return .infinity }
            if norm <= estimate { break }
            estimate = norm
            let signs = y.map { $0 >= 0 ? 1.0 : -1.0 }
            let z = try solveTransposed(signs)
            var j = 0
            var best = -1.0
            for (i, v) in z.enumerated() where abs(v) > best { best = abs(v); j = i }
            // Converged when the gradient points at the vertex we already used.
            let zx = zip(z, x).reduce(0) { $0 + $1.0 * $1.1 }
            if best <= zx || j == lastIndex { break }
            lastIndex = j
            x = [Double](repeating: 0, count: n)
            x[j] = 1
        }
        // Higham's extra test vector guards against the rare bad cases of the basic iteration.
        var alt = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let sign: Double = i % 2 == 0 ? 1 : -1
            alt[i] = sign * (1 + Double(i) / Double(max(n - 1, 1)))
        }
        let w = try solve(alt)
        let altEstimate = 2 * w.reduce(0) { $0 + abs($1) } / (3 * Double(n))
        return max(estimate, altEstimate)
    }

    /// Estimate of κ₁(A) = ‖A‖₁ ‖A⁻¹‖₁ (a lower bound, usually within 3x).
    public static func conditionOneNorm(_ a: CSRMatrix, maxSweeps: Int = 5,
                                        solve: ([Double]) throws -> [Double],
                                        solveTransposed: ([Double]) throws -> [Double]) rethrows -> Double {
        try a.norm1 * inverseOneNorm(n: a.rows, maxSweeps: maxSweeps, solve: solve, solveTransposed: solveTransposed)
    }
}
