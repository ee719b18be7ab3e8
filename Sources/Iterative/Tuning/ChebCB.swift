import Foundation

/// ChebCB: the contextual bandit of "Learning to Relax" (`ChebCB.m`, ITERATIVE.md §1.3) for a
/// scalar context c ∈ [a, b]: a regression-oracle bandit with inverse-gap weighting whose per-arm
/// cost model is a degree-(m−1) Chebyshev expansion in z = 2(c − a)/(b − a) − 1.
///
/// predict: features T₀(z)…T_{m−1}(z); ŷ_i = θ_i·T(z); i\* = argmin ŷ (first on ties);
/// p_i = 1/(d + η(ŷ_i − ŷ_{i\*})) for i ≠ i\*, p_{i\*} = 1 − Σ others; sample ∝ p.
///
/// update(cost ℓ): K = max cost so far; L = (K − ℓ_min)/(b − a); N = 2 + 4(b − a)(L/K)(1 + log m);
/// scale = K·N. Each arm's θ is the minimum-norm least-squares fit of (ℓ − 1)/scale on its own
/// history (every arm when the scale changed, else only the played one); if any |θ_j| exceeds
/// ub = [1/N, 2(b − a)L/(scale·j)], the fit is redone under the box −ub ≤ θ ≤ ub.
/// α = (π + (2/π)log(2m + 1))/(2·scale·(m + 1))·(b − a)·L; R = Σ_s (pred_s − ℓ_s/scale)²;
/// η = 2t·√(d·t/(R − resnorm + 2α²t)), resnorm being the squared residual of the last box fit of
/// this update (0 if none), as in the reference code.
///
/// `minimumCostFromZero` reproduces the reference code's behaviour when the horizon T is given
/// (its cost history is preallocated with zeros, so the "minimum cost" is 0 until the last round):
/// then L = K/(b − a) and N = 2 + 4(1 + log m) is constant. The default (false) is the stated rule
/// with the observed minimum cost; both give the same means within seed noise on the paper's setups.
///
/// Implementation: each arm keeps its Gram matrix FᵀF, Fᵀ(ℓ − 1) and Σ(ℓ − 1)² (O(d m²) state, JSON
/// friendly), so a refit is O(m³) regardless of history length: the minimum-norm solution via a
/// symmetric eigendecomposition of FᵀF (eigenvalues below 1e-14·λ_max treated as zero), the box
/// fit by projected coordinate descent. Contexts outside [a, b] are clamped; a missing context
/// counts as a. Deterministic given `seed`.
public struct ChebCBPolicy: OmegaPolicy {
    /// The arms.
    public let grid: [Double]
    /// Number of Chebyshev features m (degree m − 1).
    public let features: Int
    /// Context range lower end a.
    public let lower: Double
    /// Context range upper end b.
    public let upper: Double
    /// See the type's documentation.
    public let minimumCostFromZero: Bool
    /// Current learning rate η (0 before the first update).
    public private(set) var eta: Double = 0
    /// Current scale K·N (0 before the first update).
    public private(set) var scale: Double = 0
    /// Rounds completed.
    public private(set) var rounds: Int = 0
    /// θ, d rows of m (row-major).
    public private(set) var theta: [Double]
    private var gram: [Double]          // d blocks of m×m
    private var moment: [Double]        // d blocks of m: Σ f (ℓ−1)
    private var sumSquares: [Double]    // d: Σ (ℓ−1)²
    private var counts: [Int]           // d
    private var maxCost: Double = -Double.infinity
    private var minCost: Double = Double.infinity
    private var sumPredSq = 0.0, sumPredCost = 0.0, sumCostSq = 0.0
    private var lastArm = 0
    private var lastFeature: [Double]
    private var lastPrediction = 0.0
    private var rng: SeededGenerator

    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    public var name: String { "chebcb" }

    /// A learner over `grid` for contexts in [lower, upper] with `features` Chebyshev terms
    /// (the paper uses 6).
    /// - Precondition: grid not empty; features ≥ 1; finite lower < upper.
    public init(grid: [Double] = OmegaGrid.paperDefault, features: Int = 6, lower: Double, upper: Double,
                minimumCostFromZero: Bool = false, seed: UInt64) {
        precondition(!grid.isEmpty, "ChebCBPolicy: empty grid")
        precondition(features >= 1, "ChebCBPolicy: need at least one feature")
        precondition(lower.isFinite && upper.isFinite && lower < upper, "ChebCBPolicy: need a finite range lower < upper")
        let d = grid.count, m = features
        self.grid = grid
        self.features = m
        self.lower = lower
        self.upper = upper
        self.minimumCostFromZero = minimumCostFromZero
        self.theta = [Double](repeating: 0, count: d * m)
        self.gram = [Double](repeating: 0, count: d * m * m)
        self.moment = [Double](repeating: 0, count: d * m)
        self.sumSquares = [Double](repeating: 0, count: d)
        self.counts = [Int](repeating: 0, count: d)
        self.lastFeature = [Double](repeating: 0, count: m)
        self.rng = SeededGenerator(seed: seed)
    }

    /// Chebyshev features T₀(z)…T_{m−1}(z) of a context (clamped to [a, b]).
    public func featureVector(context: Double?) -> [Double] {
        let c = min(max(context ?? lower, lower), upper)
        let z = 2 * (c - lower) / (upper - lower) - 1
        var f = [Double](repeating: 1, count: features)
        if features > 1 { f[1] = z }
        if features > 2 { for j in 2..<features { f[j] = 2 * z * f[j - 1] - f[j - 2] } }
        return f
    }

    /// Predicted normalised costs ŷ_i for a context.
    public func predictedCosts(context: Double?) -> [Double] {
        let f = featureVector(context: context)
        return (0..<grid.count).map { i in (0..<features).reduce(0.0) { $0 + theta[i * features + $1] * f[$1] } }
    }

    /// The sampling distribution for a context (inverse-gap weighting).
    public func probabilities(context: Double?) -> [Double] {
        let yhat = predictedCosts(context: context)
        let d = grid.count
        var best = 0
        for i in 1..<d where yhat[i] < yhat[best] { best = i }
        var p = [Double](repeating: 0, count: d)
        var others = 0.0
        for i in 0..<d where i != best {
            p[i] = 1 / (Double(d) + eta * (yhat[i] - yhat[best]))
            others += p[i]
        }
        p[best] = 1 - others
        return p
    }

    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    public mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double {
        let f = featureVector(context: instance.context)
        let p = probabilities(context: instance.context)
        lastArm = rng.categorical(p) ?? rng.index(below: grid.count)
        lastFeature = f
        lastPrediction = (0..<features).reduce(0.0) { $0 + theta[lastArm * features + $1] * f[$1] }
        return grid[lastArm]
    }

    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    public mutating func observe(cost: Double) {
        let m = features, d = grid.count
        rounds += 1
        let t = Double(rounds)
        maxCost = max(maxCost, cost)
        minCost = min(minCost, cost)
        let bma = upper - lower
        let K = maxCost
        let minimum = minimumCostFromZero ? min(0, minCost) : minCost
        let L = (K - minimum) / bma
        let N = K != 0 ? 2 + 4 * bma * L / K * (1 + Foundation.log(Double(m))) : 2
        let newScale = K * N
        let scaleChanged = newScale != scale
        scale = newScale
        // Sufficient statistics of the played arm.
        let a = lastArm
        let shifted = cost - 1
        for r in 0..<m {
            moment[a * m + r] += lastFeature[r] * shifted
            for c in 0..<m { gram[a * m * m + r * m + c] += lastFeature[r] * lastFeature[c] }
        }
        sumSquares[a] += shifted * shifted
        counts[a] += 1
        var ub = [Double](repeating: 0, count: m)
        ub[0] = 1 / N
        for j in 1..<max(m, 1) where j < m { ub[j] = 2 * bma * L / (scale * Double(j)) }
        var resnorm = 0.0
        if scale != 0 && scale.isFinite {
            for i in 0..<d where (scaleChanged || i == a) && counts[i] > 0 {
                let G = Array(gram[(i * m * m)..<((i + 1) * m * m)])
                let h = moment[(i * m)..<((i + 1) * m)].map { $0 / scale }
                var th = ChebCBPolicy.minimumNormSolve(G, h, m)
                if zip(th, ub).contains(where: { abs($0) > $1 }) {
                    let yy = sumSquares[i] / (scale * scale)
                    let (boxed, res) = ChebCBPolicy.boxLeastSquares(G, h, yy, ub, start: th, m)
                    th = boxed
                    resnorm = res
                }
                for j in 0..<m { theta[i * m + j] = th[j] }
            }
        }
        let alpha = (Double.pi + 2 / Double.pi * Foundation.log(2 * Double(m) + 1)) / (2 * scale * Double(m + 1)) * bma * L
        sumPredSq += lastPrediction * lastPrediction
        sumPredCost += lastPrediction * cost
        sumCostSq += cost * cost
        let R = sumPredSq - 2 * sumPredCost / scale + sumCostSq / (scale * scale)
        let denominator = R - resnorm + 2 * alpha * alpha * t
        let newEta = 2 * t * (Double(d) * t / denominator).squareRoot()
        if denominator > 0 && newEta.isFinite { eta = newEta }
    }

    // MARK: small dense kernels (m ≤ ~10)

    /// Minimum-norm solution of the normal equations G θ = h (G = FᵀF symmetric PSD, h = Fᵀy),
    /// i.e. pinv(F) y, via a cyclic Jacobi eigendecomposition of G.
    static func minimumNormSolve(_ G: [Double], _ h: [Double], _ m: Int) -> [Double] {
        var a = G
        var v = [Double](repeating: 0, count: m * m)
        for i in 0..<m { v[i * m + i] = 1 }
        for _ in 0..<60 {
            var off = 0.0
            for p in 0..<m { for q in (p + 1)..<max(m, p + 1) where q < m { off += a[p * m + q] * a[p * m + q] } }
            if off < 1e-30 * (1 + (0..<m).reduce(0.0) { $0 + a[$1 * m + $1] * a[$1 * m + $1] }) { break }
            for p in 0..<m {
                for q in (p + 1)..<max(m, p + 1) where q < m {
                    let apq = a[p * m + q]
                    if apq == 0 { continue }
                    let theta = (a[q * m + q] - a[p * m + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<m {   // columns p, q of A
                        let akp = a[k * m + p], akq = a[k * m + q]
                        a[k * m + p] = c * akp - s * akq
                        a[k * m + q] = s * akp + c * akq
                    }
                    for k in 0..<m {   // rows p, q of A
                        let apk = a[p * m + k], aqk = a[q * m + k]
                        a[p * m + k] = c * apk - s * aqk
                        a[q * m + k] = s * apk + c * aqk
                    }
                    for k in 0..<m {
                        let vkp = v[k * m + p], vkq = v[k * m + q]
                        v[k * m + p] = c * vkp - s * vkq
                        v[k * m + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let lambdaMax = (0..<m).map { a[$0 * m + $0] }.max() ?? 0
        var x = [Double](repeating: 0, count: m)
        guard lambdaMax > 0 else { return x }
        for k in 0..<m {
            let lambda = a[k * m + k]
            if lambda <= 1e-14 * lambdaMax { continue }
            var coef = 0.0
            for r in 0..<m { coef += v[r * m + k] * h[r] }
            coef /= lambda
            for r in 0..<m { x[r] += coef * v[r * m + k] }
        }
        return x
    }

    /// min ‖Fθ − y‖² subject to −ub ≤ θ ≤ ub, from G = FᵀF, h = Fᵀy, yy = yᵀy, by projected
    /// coordinate descent (convex, so it converges); returns θ and the squared residual.
    static func boxLeastSquares(_ G: [Double], _ h: [Double], _ yy: Double, _ ub: [Double], start: [Double],
                                _ m: Int) -> ([Double], Double) {
        var x = (0..<m).map { min(max(start[$0], -ub[$0]), ub[$0]) }
        for _ in 0..<2000 {
            var change = 0.0, size = 0.0
            for j in 0..<m {
                let gjj = G[j * m + j]
                let old = x[j]
                var new: Double
                if gjj > 0 {
                    var s = h[j]
                    for k in 0..<m where k != j { s -= G[j * m + k] * x[k] }
                    new = s / gjj
                } else {
                    new = 0
                }
                new = min(max(new, -ub[j]), ub[j])
                x[j] = new
                change = max(change, abs(new - old))
                size = max(size, abs(new))
            }
            if change <= 1e-13 * (size + 1e-300) { break }
        }
        var quad = 0.0, lin = 0.0
        for r in 0..<m {
            lin += x[r] * h[r]
            for c in 0..<m { quad += x[r] * G[r * m + c] * x[c] }
        }
        return (x, max(quad - 2 * lin + yy, 0))
    }
}
