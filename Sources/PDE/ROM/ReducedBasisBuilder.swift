import SparseLA

/// Offline stage of a reduced-basis ROM for an `AffineLinearProblem`: holds the full operators,
/// the inner-product matrix `X = A(μ_ref)` and its Cholesky factor, an X-orthonormal basis, and
/// the Riesz representers `X⁻¹f_q`, `X⁻¹A_qv_j` with their Gram matrix, all updated
/// incrementally when the basis grows. Memory O((Q_f + Q_a N)·n); `enrich` costs one sparse
/// solve per operator term plus O(K·n) dot products (K = Q_f + Q_a N).
public final class ReducedBasisBuilder {
    /// The full-order problem.
    public let problem: AffineLinearProblem
    /// μ_ref of the inner product.
    public let referenceParameter: [Double]
    /// X = A(μ_ref).
    public let innerProductMatrix: CSRMatrix
    /// The X-orthonormal basis.
    public private(set) var basis: ReducedBasis
    private let xFactor: CholeskyFactorization
    private var functionals: [[Double]] = []      // g_k: f_q or A_q v_j
    private var representers: [[Double]] = []     // X⁻¹ g_k
    private var gram: [[Double]] = []             // gram[i][j] = <rep_i, rep_j>_X = rep_iᵀ g_j, j ≤ i
    private var rhsIds: [Int] = []
    private var operatorIds: [[Int]]              // [q][j]
    private var reducedEntries: [[[Double]]]      // [q][j][i] = v_iᵀ A_q v_j, grown with the basis
    private var reducedLoads: [[Double]]          // [q][j] = v_jᵀ f_q

    /// Factors `X = A(μ_ref)` and computes the load representers. Throws for μ_ref outside the
    /// box or a failed factorization.
    public init(problem: AffineLinearProblem, referenceParameter: [Double]) throws(ROMError) {
        try problem.check(referenceParameter)
        self.problem = problem
        self.referenceParameter = referenceParameter
        innerProductMatrix = problem.matrix(referenceParameter)
        do { xFactor = try CholeskyFactorization(innerProductMatrix, symmetryTolerance: nil) } catch {
            throw ROMError("factorization of the inner-product matrix failed: \(error)")
        }
        basis = try ReducedBasis(dimension: problem.size, innerProduct: InnerProduct(matrix: innerProductMatrix))
        operatorIds = Array(repeating: [], count: problem.operators.count)
        reducedEntries = Array(repeating: [], count: problem.operators.count)
        reducedLoads = Array(repeating: [], count: problem.rightHandSides.count)
        for f in problem.rightHandSides { rhsIds.append(try addRepresenter(f)) }
    }

    private func addRepresenter(_ g: [Double]) throws(ROMError) -> Int {
        let r: [Double]
        do { r = try xFactor.solve(g) } catch { throw ROMError("representer solve failed: \(error)") }
        functionals.append(g)
        representers.append(r)
        var row = [Double](repeating: 0, count: representers.count)
        for i in 0..<representers.count { row[i] = DenseVector.dot(representers[i], g) }
        gram.append(row)
        return representers.count - 1
    }

    /// Adds a snapshot to the basis (Gram–Schmidt twice in X) and updates the representers.
    /// Returns false when the snapshot is already in the span (nothing added).
    @discardableResult
    public func enrich(with snapshot: [Double]) throws(ROMError) -> Bool {
        guard try basis.enrich(snapshot) else { return false }
        let v = basis.vectors[basis.count - 1]
        let n = basis.count
        for (q, a) in problem.operators.enumerated() {
            operatorIds[q].append(try addRepresenter(a.multiplied(by: v)))
            // new column j = n-1 (v_iᵀ A_q v_new) and new row entries (v_newᵀ A_q v_j), O(N·n)
            let avNew = functionals[operatorIds[q][n - 1]]
            var column = basis.vectors.map { DenseVector.dot($0, avNew) }
            for j in 0..<(n - 1) { reducedEntries[q][j].append(DenseVector.dot(v, functionals[operatorIds[q][j]])) }
            column[n - 1] = DenseVector.dot(v, avNew)
            reducedEntries[q].append(column)
        }
        for (q, f) in problem.rightHandSides.enumerated() { reducedLoads[q].append(DenseVector.dot(v, f)) }
        return true
    }

    /// The online ROM for the current basis (reduced operators are kept up to date by `enrich`,
    /// so this is O(Q_a N² + K²) copying, independent of n).
    public func rom() throws(ROMError) -> GalerkinROM {
        let n = basis.count
        guard n >= 1 else { throw ROMError("the basis is empty; enrich it first") }
        var ops: [[Double]] = []
        for q in 0..<problem.operators.count {
            var m = [Double](repeating: 0, count: n * n)
            for j in 0..<n { for i in 0..<n { m[j * n + i] = reducedEntries[q][j][i] } }
            ops.append(m)
        }
        let rhs = reducedLoads
        var order = rhsIds
        for q in 0..<problem.operators.count { order += operatorIds[q] }
        let k = order.count
        var g = [Double](repeating: 0, count: k * k)
        for j in 0..<k {
            for i in 0..<k {
                let a = order[i], b = order[j]
                g[j * k + i] = a >= b ? gram[a][b] : gram[b][a]
            }
        }
        return try GalerkinROM(operatorCoefficients: problem.operatorCoefficients, rhsCoefficients: problem.rhsCoefficients,
                               parameterBounds: problem.parameterRanges.map { [$0.lowerBound, $0.upperBound] },
                               referenceParameter: referenceParameter, coercivity: .minTheta, basisSize: n,
                               reducedOperators: ops, reducedRHS: rhs, residualGram: g)
    }

    /// One step of a greedy run.
    public struct GreedyStep: Sendable {
        /// Basis size before the step's enrichment.
        public var basisSize: Int
        /// Largest relative indicator ‖r‖_{X'}/(α_LB ‖u_N‖_X) over the training set.
        public var maxIndicator: Double
        /// Where it was attained.
        public var parameter: [Double]
    }

    /// Weak greedy: starting from `initial`, repeatedly evaluates the relative X-norm indicator
    /// on the training set, stops when its maximum is below `tolerance` (or the basis reaches
    /// `maxBasis`, or a snapshot adds nothing), otherwise solves the full problem at the worst
    /// parameter and enriches. Returns the history (the last step is the final check).
    /// Cost per step: one sparse Cholesky + |training| online solves.
    public func greedy(training: [[Double]], tolerance: Double, maxBasis: Int, initial: [Double]) throws(ROMError) -> [GreedyStep] {
        guard !training.isEmpty else { throw ROMError("greedy: empty training set") }
        guard tolerance > 0, maxBasis >= 1 else { throw ROMError("greedy: need tolerance > 0 and maxBasis >= 1") }
        for mu in training { try problem.check(mu) }
        if basis.count == 0 { try enrich(with: try problem.solve(initial)) }
        var history: [GreedyStep] = []
        while true {
            let r = try rom()
            var worst = -1.0, arg = training[0]
            for mu in training {
                let e = try r.solveWithEstimate(mu)
                let rel = e.xBound / max(e.solutionXNorm, .leastNormalMagnitude)
                if rel > worst { worst = rel; arg = mu }
            }
            history.append(GreedyStep(basisSize: basis.count, maxIndicator: worst, parameter: arg))
            if worst < tolerance || basis.count >= maxBasis { break }
            if try !enrich(with: try problem.solve(arg)) { break }
        }
        return history
    }
}
