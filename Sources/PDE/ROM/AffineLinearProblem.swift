import SparseLA

/// A parameter function θ(μ) of an affine decomposition, kept symbolic so a trained ROM can be
/// saved and evaluated without code: a constant or one parameter component.
public enum AffineCoefficient: Sendable, Equatable, Codable {
    /// θ(μ) = c.
    case constant(Double)
    /// θ(μ) = μ[i].
    case parameter(Int)

    /// θ(μ). Precondition: `μ` has the parameter's index.
    public func value(_ mu: [Double]) -> Double {
        switch self {
        case .constant(let c): return c
        case .parameter(let i): return mu[i]
        }
    }
}

/// A parametric linear system with affine dependence
/// `A(μ) = Σ_q θ_q(μ) A_q`, `f(μ) = Σ_q φ_q(μ) f_q`, every `A(μ)` SPD for μ in the box
/// `parameterRanges` (each `A_q` symmetric positive semidefinite). All `A_q` share one sparsity
/// pattern, so `A(μ)` is a values-only sum, O(Q·nnz).
public struct AffineLinearProblem: Sendable {
    /// The operator terms `A_q` (n × n, identical patterns).
    public let operators: [CSRMatrix]
    /// θ_q.
    public let operatorCoefficients: [AffineCoefficient]
    /// The load terms `f_q` (length n).
    public let rightHandSides: [[Double]]
    /// φ_q.
    public let rhsCoefficients: [AffineCoefficient]
    /// Admissible range of each parameter component.
    public let parameterRanges: [ClosedRange<Double>]

    /// Validates sizes, patterns, coefficient indices and finiteness; throws `ROMError` otherwise.
    public init(operators: [CSRMatrix], operatorCoefficients: [AffineCoefficient], rightHandSides: [[Double]],
                rhsCoefficients: [AffineCoefficient], parameterRanges: [ClosedRange<Double>]) throws(ROMError) {
        guard let a0 = operators.first, operators.count == operatorCoefficients.count else {
            throw ROMError("need at least one operator and one coefficient per operator")
        }
        guard !rightHandSides.isEmpty, rightHandSides.count == rhsCoefficients.count else {
            throw ROMError("need at least one right-hand side and one coefficient per right-hand side")
        }
        guard a0.isSquare else { throw ROMError("operators must be square, got \(a0.rows)×\(a0.columns)") }
        for (q, a) in operators.enumerated() {
            guard a.rows == a0.rows, a.rowPointers == a0.rowPointers, a.columnIndices == a0.columnIndices else {
                throw ROMError("operator \(q) does not share the sparsity pattern of operator 0")
            }
            guard a.values.allSatisfy({ $0.isFinite }) else { throw ROMError("operator \(q) has a non-finite value") }
        }
        for (q, f) in rightHandSides.enumerated() {
            guard f.count == a0.rows else { throw ROMError("right-hand side \(q) has \(f.count) entries, expected \(a0.rows)") }
        }
        for c in operatorCoefficients + rhsCoefficients {
            if case .parameter(let i) = c, i < 0 || i >= parameterRanges.count {
                throw ROMError("coefficient refers to parameter \(i) of \(parameterRanges.count)")
            }
        }
        self.operators = operators
        self.operatorCoefficients = operatorCoefficients
        self.rightHandSides = rightHandSides
        self.rhsCoefficients = rhsCoefficients
        self.parameterRanges = parameterRanges
    }

    /// Number of unknowns n.
    public var size: Int { operators[0].rows }
    /// Number of parameter components.
    public var parameterCount: Int { parameterRanges.count }

    /// Throws unless `mu` has the right length and lies in the parameter box.
    public func check(_ mu: [Double]) throws(ROMError) {
        guard mu.count == parameterCount else { throw ROMError("parameter has \(mu.count) components, expected \(parameterCount)") }
        for (i, r) in parameterRanges.enumerated() where !(r.contains(mu[i])) {
            throw ROMError("parameter \(i) = \(mu[i]) outside \(r.lowerBound)...\(r.upperBound)")
        }
    }

    /// `A(μ)` (values-only sum, O(Q·nnz)).
    public func matrix(_ mu: [Double]) -> CSRMatrix {
        var v = [Double](repeating: 0, count: operators[0].nnz)
        for (q, a) in operators.enumerated() {
            let t = operatorCoefficients[q].value(mu)
            a.values.withUnsafeBufferPointer { av in for k in 0..<v.count { v[k] += t * av[k] } }
        }
        return operators[0].withValues(v)
    }

    /// `f(μ)`.
    public func rhs(_ mu: [Double]) -> [Double] {
        var f = [Double](repeating: 0, count: size)
        for (q, g) in rightHandSides.enumerated() { DenseVector.axpy(rhsCoefficients[q].value(mu), g, &f) }
        return f
    }

    /// Full-order solve `A(μ) u = f(μ)` by sparse Cholesky (CHOLMOD). Throws for a parameter
    /// outside the box or a factorization failure.
    public func solve(_ mu: [Double]) throws(ROMError) -> [Double] {
        try check(mu)
        do {
            let f = try CholeskyFactorization(matrix(mu), symmetryTolerance: nil)
            return try f.solve(rhs(mu))
        } catch {
            throw ROMError("full-order Cholesky solve failed: \(error)")
        }
    }
}
