import SparseLA

/// Lower bound α_LB(μ) of the coercivity constant of `A(μ)` relative to the inner-product matrix
/// `X = A(μ_ref)`. With every `A_q` positive semidefinite and positive θ_q, the min-θ bound
/// `α_LB(μ) = min_q θ_q(μ)/θ_q(μ_ref)` holds exactly.
public enum CoercivityBound: Sendable, Equatable, Codable {
    /// A fixed constant.
    case constant(Double)
    /// min_q θ_q(μ)/θ_q(μ_ref).
    case minTheta
}

/// The online part of a reduced-basis Galerkin ROM for an affine problem: reduced operators
/// `V'A_qV` (N × N), reduced loads `V'f_q`, and the Gram matrix of the Riesz representers of the
/// residual terms in the X inner product, so that both the solve and the error indicator cost
/// O(Q N² + N³ + (Q_f + Q_a N)²), independent of the full size n.
public struct GalerkinROM: Sendable, Codable {
    /// θ_q.
    public let operatorCoefficients: [AffineCoefficient]
    /// φ_q.
    public let rhsCoefficients: [AffineCoefficient]
    /// Parameter box (as [lower, upper] pairs).
    public let parameterBounds: [[Double]]
    /// μ_ref of the inner product `X = A(μ_ref)`.
    public let referenceParameter: [Double]
    /// Coercivity bound rule.
    public let coercivity: CoercivityBound
    /// N.
    public let basisSize: Int
    /// `V'A_qV`, column-major N × N each.
    public let reducedOperators: [[Double]]
    /// `V'f_q`.
    public let reducedRHS: [[Double]]
    /// Gram matrix `G` (column-major, size K = Q_f + Q_a N) of the representers, ordered
    /// `[f_1 … f_Qf, A_1v_1 … A_1v_N, A_2v_1 …]`.
    public let residualGram: [Double]

    /// Creates a ROM from its parts (checked for consistent sizes).
    public init(operatorCoefficients: [AffineCoefficient], rhsCoefficients: [AffineCoefficient], parameterBounds: [[Double]],
                referenceParameter: [Double], coercivity: CoercivityBound, basisSize: Int, reducedOperators: [[Double]],
                reducedRHS: [[Double]], residualGram: [Double]) throws(ROMError) {
        let n = basisSize
        let k = rhsCoefficients.count + operatorCoefficients.count * n
        guard n >= 1, reducedOperators.count == operatorCoefficients.count, reducedOperators.allSatisfy({ $0.count == n * n }),
              reducedRHS.count == rhsCoefficients.count, reducedRHS.allSatisfy({ $0.count == n }),
              residualGram.count == k * k, referenceParameter.count == parameterBounds.count,
              parameterBounds.allSatisfy({ $0.count == 2 && $0[0] <= $0[1] }) else {
            throw ROMError("inconsistent ROM data for N = \(n)")
        }
        self.operatorCoefficients = operatorCoefficients
        self.rhsCoefficients = rhsCoefficients
        self.parameterBounds = parameterBounds
        self.referenceParameter = referenceParameter
        self.coercivity = coercivity
        self.basisSize = n
        self.reducedOperators = reducedOperators
        self.reducedRHS = reducedRHS
        self.residualGram = residualGram
    }

    /// Throws unless μ has the right length and lies in the box.
    public func check(_ mu: [Double]) throws(ROMError) {
        guard mu.count == parameterBounds.count else { throw ROMError("parameter has \(mu.count) components, expected \(parameterBounds.count)") }
        for (i, b) in parameterBounds.enumerated() where !(mu[i] >= b[0] && mu[i] <= b[1]) {
            throw ROMError("parameter \(i) = \(mu[i]) outside \(b[0])...\(b[1])")
        }
    }

    /// Reduced coefficients `c` with `(Σ θ_q V'A_qV) c = Σ φ_q V'f_q` (dense LU). O(Q N² + N³).
    public func solve(_ mu: [Double]) throws(ROMError) -> [Double] {
        try check(mu)
        let n = basisSize
        var a = [Double](repeating: 0, count: n * n)
        for (q, aq) in reducedOperators.enumerated() {
            let t = operatorCoefficients[q].value(mu)
            for k in 0..<(n * n) { a[k] += t * aq[k] }
        }
        var f = [Double](repeating: 0, count: n)
        for (q, fq) in reducedRHS.enumerated() {
            let t = rhsCoefficients[q].value(mu)
            for k in 0..<n { f[k] += t * fq[k] }
        }
        return try DenseLAPACK.solve(a, n: n, rhs: f)
    }

    /// Dual norm `‖f(μ) − A(μ)Vc‖_{X'}` from the Gram matrix: `sqrt(wᵀGw)` with
    /// `w = [φ(μ); −θ_q(μ) c_j]`. O((Q_f + Q_a N)²). Round-off limits it to about 1e-8 of ‖f‖_{X'}.
    public func residualDualNorm(_ mu: [Double], coefficients c: [Double]) -> Double {
        precondition(c.count == basisSize, "residualDualNorm: \(c.count) coefficients for N = \(basisSize)")
        let qf = rhsCoefficients.count
        let k = qf + operatorCoefficients.count * basisSize
        var w = [Double](repeating: 0, count: k)
        for q in 0..<qf { w[q] = rhsCoefficients[q].value(mu) }
        for (q, th) in operatorCoefficients.enumerated() {
            let t = th.value(mu)
            for j in 0..<basisSize { w[qf + q * basisSize + j] = -t * c[j] }
        }
        var s = 0.0
        residualGram.withUnsafeBufferPointer { g in
            for j in 0..<k {
                var gj = 0.0
                for i in 0..<k { gj += g[j * k + i] * w[i] }
                s += w[j] * gj
            }
        }
        return max(s, 0).squareRoot()
    }

    /// α_LB(μ).
    public func coercivityLowerBound(_ mu: [Double]) -> Double {
        switch coercivity {
        case .constant(let c): return c
        case .minTheta:
            var m = Double.infinity
            for th in operatorCoefficients { m = min(m, th.value(mu) / th.value(referenceParameter)) }
            return m
        }
    }

    /// Online solve plus error indicators. `energyBound = ‖r‖_{X'}/√α_LB` bounds the error in the
    /// energy norm of A(μ); `xBound = ‖r‖_{X'}/α_LB` bounds it in the X norm; `solutionXNorm = ‖c‖`
    /// (V is X-orthonormal) for relative indicators.
    public func solveWithEstimate(_ mu: [Double]) throws(ROMError)
        -> (coefficients: [Double], residual: Double, energyBound: Double, xBound: Double, solutionXNorm: Double) {
        let c = try solve(mu)
        let r = residualDualNorm(mu, coefficients: c)
        let a = coercivityLowerBound(mu)
        return (c, r, r / a.squareRoot(), r / a, DenseVector.norm2(c))
    }

    /// The nested ROM of the first `n ≤ N` basis vectors (greedy and POD bases are hierarchical).
    public func truncated(to n: Int) throws(ROMError) -> GalerkinROM {
        guard n >= 1, n <= basisSize else { throw ROMError("truncated: \(n) outside 1...\(basisSize)") }
        let N = basisSize
        let ops = reducedOperators.map { a in (0..<(n * n)).map { a[($0 / n) * N + $0 % n] } }
        let rhs = reducedRHS.map { Array($0.prefix(n)) }
        let qf = rhsCoefficients.count
        var index: [Int] = Array(0..<qf)
        for q in 0..<operatorCoefficients.count { for j in 0..<n { index.append(qf + q * N + j) } }
        let K = qf + operatorCoefficients.count * N
        let k = index.count
        var g = [Double](repeating: 0, count: k * k)
        for j in 0..<k { for i in 0..<k { g[j * k + i] = residualGram[index[j] * K + index[i]] } }
        return try GalerkinROM(operatorCoefficients: operatorCoefficients, rhsCoefficients: rhsCoefficients, parameterBounds: parameterBounds,
                               referenceParameter: referenceParameter, coercivity: coercivity, basisSize: n, reducedOperators: ops,
                               reducedRHS: rhs, residualGram: g)
    }
}
