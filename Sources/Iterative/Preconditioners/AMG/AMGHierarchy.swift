import SparseLA
import CLAPACKE

/// One level of an AMG hierarchy.
public struct AMGLevel: Sendable {
    /// The operator on this level (level 0: the user's matrix).
    public let matrix: CSRMatrix
    /// `1 / a_ii`.
    public let inverseDiagonal: [Double]
    /// Prolongation to this level from the next coarser one (`nil` on the coarsest level).
    public let prolongation: CSRMatrix?
    /// Restriction `Pᵀ` (`nil` on the coarsest level).
    public let restriction: CSRMatrix?
    /// Aggregate of each node (`-1`: not aggregated); empty on the coarsest level.
    public let aggregates: [Int32]
}

/// The solver of the coarsest level: dense Cholesky (LAPACK `dpotrf`), or, when the coarse
/// operator is singular or indefinite (e.g. a pure Neumann problem), a symmetric pseudo-inverse
/// from `dsyev` with eigenvalues below 1e-12·max|λ| dropped (pyamg's default `pinv` coarse solver).
/// A coarsest level larger than `maxDenseSize` (coarsening stalled or `maxLevels` reached) is not
/// made dense (that could need absurd memory): it is relaxed by `relaxationSweeps` symmetric
/// Gauss-Seidel sweeps from zero instead, which keeps the V-cycle symmetric.
public struct AMGCoarseSolver: Sendable {
    /// Order.
    public let size: Int
    /// Whether the Cholesky factor is used.
    public let usesCholesky: Bool
    /// Whether the level is only relaxed (too large for a dense solve).
    public let usesRelaxation: Bool
    /// Column-major Cholesky factor (lower) or pseudo-inverse (empty when relaxing).
    let dense: [Double]
    /// The operator and inverse diagonal, kept only when relaxing.
    let matrix: CSRMatrix?
    let inverseDiagonal: [Double]
    /// Symmetric Gauss-Seidel sweeps when relaxing.
    public static let relaxationSweeps = 10

    /// Factors the (small, symmetric) matrix `a`, or prepares relaxation when `a.rows > maxDenseSize`.
    /// - Throws: `PreconditionerError.coarseSolveFailed` if LAPACK fails.
    public init(_ a: CSRMatrix, inverseDiagonal: [Double]? = nil, maxDenseSize: Int = 5000) throws(PreconditionerError) {
        let n = a.rows
        size = n
        if n > maxDenseSize {
            usesCholesky = false
            usesRelaxation = true
            dense = []
            matrix = a
            if let given = inverseDiagonal { self.inverseDiagonal = given } else {
                self.inverseDiagonal = try AMGHierarchy.inverseDiagonal(a, coarseRescue: true)
            }
            return
        }
        usesRelaxation = false
        matrix = nil
        self.inverseDiagonal = []
        var m = a.toDenseColumnMajor()
        if n == 0 { usesCholesky = true; dense = []; return }
        let lower = Int8(UInt8(ascii: "L"))
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, lower, clapack_int(n), &m, clapack_int(n))
        if info == 0 { usesCholesky = true; dense = m; return }
        // Pseudo-inverse via the symmetric eigen-decomposition.
        var v = a.toDenseColumnMajor()
        var w = [Double](repeating: 0, count: n)
        let infoEig = LAPACKE_dsyev(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), lower, clapack_int(n), &v, clapack_int(n), &w)
        guard infoEig == 0 else { throw .coarseSolveFailed(size: n, info: Int(infoEig)) }
        let cut = 1e-12 * (w.map(abs).max() ?? 0)
        var pinv = [Double](repeating: 0, count: n * n)
        for k in 0..<n where abs(w[k]) > cut {
            let s = 1 / w[k]
            for j in 0..<n {
                let vj = v[k * n + j] * s
                if vj == 0 { continue }
                for i in 0..<n { pinv[j * n + i] += v[k * n + i] * vj }
            }
        }
        usesCholesky = false
        dense = pinv
    }

    /// `x = A⁻¹ b` (or `A⁺ b`). `x` and `b` may be the same buffer only for the Cholesky path;
    /// callers pass distinct buffers. O(n²), no allocation.
    func solve(_ b: UnsafeBufferPointer<Double>, into x: UnsafeMutableBufferPointer<Double>) {
        let n = size
        if n == 0 { return }
        if usesRelaxation, let a = matrix {
            for i in 0..<n { x[i] = 0 }
            for _ in 0..<AMGCoarseSolver.relaxationSweeps {
                SmoothedAggregationAMG.gaussSeidel(a, inverseDiagonal, b: b, x: x, forward: true)
                SmoothedAggregationAMG.gaussSeidel(a, inverseDiagonal, b: b, x: x, forward: false)
            }
            return
        }
        dense.withUnsafeBufferPointer { d in
            if usesCholesky {
                // Forward L y = b, backward Lᵀ x = y, column-major lower factor.
                for i in 0..<n { x[i] = b[i] }
                for j in 0..<n {
                    let col = j * n
                    let xj = x[j] / d[col + j]
                    x[j] = xj
                    if xj != 0 { for i in (j + 1)..<n { x[i] -= d[col + i] * xj } }
                }
                var j = n - 1
                while j >= 0 {
                    let col = j * n
                    var s = x[j]
                    for i in (j + 1)..<n { s -= d[col + i] * x[i] }
                    x[j] = s / d[col + j]
                    j -= 1
                }
            } else {
                for i in 0..<n { x[i] = 0 }
                for j in 0..<n {
                    let bj = b[j]
                    if bj == 0 { continue }
                    let col = j * n
                    for i in 0..<n { x[i] += d[col + i] * bj }
                }
            }
        }
    }
}

/// A smoothed-aggregation AMG hierarchy: operators `A_0 … A_L`, prolongators `P_l`, restrictions
/// `R_l = P_lᵀ`, Galerkin coarse operators `A_{l+1} = R_l A_l P_l`, and a dense coarsest solver.
///
/// Setup per level: symmetric strength (θ), standard aggregation, tentative prolongator from the
/// near-null-space vector (constants on the finest level), Jacobi smoothing with ω = (4/3)/ρ(D⁻¹A)
/// (Lanczos estimate), `R A P` by two Gustavson sparse products. Coarsening stops when a level has
/// at most `maxCoarse` rows, `maxLevels` is reached, or aggregation no longer reduces the size.
public struct AMGHierarchy: Sendable {
    /// Levels, finest first.
    public let levels: [AMGLevel]
    /// The direct solver of the coarsest level.
    public let coarseSolver: AMGCoarseSolver
    /// The options used.
    public let options: AMGOptions

    /// Builds the hierarchy of the symmetric matrix `matrix` (positive diagonal required).
    ///
    /// - Parameters:
    ///   - matrix: the symmetric operator (CSR, positive diagonal).
    ///   - options: strength threshold, smoother, coarsening limits (see `AMGOptions`).
    ///   - nearNullSpace: the vector the coarse spaces must represent (default all ones,
    ///     right for Poisson-like operators).
    /// - Throws: `PreconditionerError.notSquare`, `.zeroDiagonal(row:)` (zero or absent
    ///   diagonal), `.nonPositivePivot(row:)` (negative diagonal), `.notFinite(row:)`,
    ///   `.coarseSolveFailed`.
    public init(_ matrix: CSRMatrix, options: AMGOptions = AMGOptions(), nearNullSpace: [Double]? = nil) throws(PreconditionerError) {
        guard matrix.rows == matrix.columns else { throw .notSquare(rows: matrix.rows, columns: matrix.columns) }
        self.options = options
        var b = nearNullSpace ?? [Double](repeating: 1, count: matrix.rows)
        precondition(b.count == matrix.rows, "AMGHierarchy: near-null-space vector has \(b.count) entries, matrix \(matrix.rows) rows")
        var levels: [AMGLevel] = []
        var a = matrix
        var invDiag = try AMGHierarchy.inverseDiagonal(a)
        if options.improveCandidatesSweeps > 0 && a.rows > options.maxCoarse {
            AMGHierarchy.improve(&b, matrix: a, inverseDiagonal: invDiag, sweeps: options.improveCandidatesSweeps)
        }
        while a.rows > options.maxCoarse && levels.count + 1 < max(1, options.maxLevels) {
            let graph = AMGAggregation.strengthGraph(a, theta: options.strengthThreshold)
            let (aggregates, count) = AMGAggregation.standardAggregation(n: a.rows, rowPointers: graph.rowPointers, columns: graph.columns)
            if count == 0 || count >= a.rows { break }
            let (t, bc) = AMGProlongation.tentative(aggregates: aggregates, count: count, nearNullSpace: b)
            let rho = AMGProlongation.spectralRadiusEstimate(a, inverseDiagonal: invDiag, steps: options.powerIterations)
            let p = AMGProlongation.smoothed(matrix: a, inverseDiagonal: invDiag, tentative: t,
                                             omega: options.prolongationOmega, spectralRadius: rho)
            let r = p.transposed()
            let coarse = SparseProduct.galerkin(restriction: r, matrix: a, prolongation: p)
            levels.append(AMGLevel(matrix: a, inverseDiagonal: invDiag, prolongation: p, restriction: r, aggregates: aggregates))
            a = coarse
            b = bc
            invDiag = try AMGHierarchy.inverseDiagonal(a, coarseRescue: true)
        }
        levels.append(AMGLevel(matrix: a, inverseDiagonal: invDiag, prolongation: nil, restriction: nil, aggregates: []))
        self.levels = levels
        self.coarseSolver = try AMGCoarseSolver(a, inverseDiagonal: invDiag, maxDenseSize: max(options.maxCoarse, options.maxDenseCoarse))
    }

    /// Relaxes `A b = 0` from `b` with symmetric Gauss-Seidel (pyamg's candidate improvement).
    static func improve(_ b: inout [Double], matrix a: CSRMatrix, inverseDiagonal: [Double], sweeps: Int) {
        let zero = [Double](repeating: 0, count: a.rows)
        zero.withUnsafeBufferPointer { z in
            b.withUnsafeMutableBufferPointer { x in
                for _ in 0..<sweeps {
                    SmoothedAggregationAMG.gaussSeidel(a, inverseDiagonal, b: z, x: x, forward: true)
                    SmoothedAggregationAMG.gaussSeidel(a, inverseDiagonal, b: z, x: x, forward: false)
                }
            }
        }
    }

    /// `1/a_ii`, validating the diagonal. On coarse levels (`coarseRescue`) a zero diagonal (an
    /// empty aggregate column) gets 0 so the smoother leaves that unknown alone.
    static func inverseDiagonal(_ a: CSRMatrix, coarseRescue: Bool = false) throws(PreconditionerError) -> [Double] {
        var d = [Double](repeating: 0, count: a.rows)
        for i in 0..<a.rows {
            var found = false
            for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
                let v = a.values[k]
                guard v.isFinite else { throw .notFinite(row: i) }
                if Int(a.columnIndices[k]) == i { found = true; d[i] = v }
            }
            if coarseRescue && (!found || d[i] == 0) { d[i] = 0; continue }
            guard found, d[i] != 0 else { throw .zeroDiagonal(row: i) }
            guard d[i] > 0 else { throw .nonPositivePivot(row: i) }
            d[i] = 1 / d[i]
        }
        return d
    }

    /// Number of levels (including the finest and the coarsest).
    public var levelCount: Int { levels.count }

    /// Rows of each level, finest first.
    public var levelSizes: [Int] { levels.map { $0.matrix.rows } }

    /// Stored entries of each level operator, finest first.
    public var levelNonzeros: [Int] { levels.map { $0.matrix.nnz } }

    /// Operator complexity Σ nnz(A_l) / nnz(A_0) (pyamg's definition).
    public var operatorComplexity: Double {
        let nz = levelNonzeros
        return Double(nz.reduce(0, +)) / Double(max(1, nz[0]))
    }

    /// Grid complexity Σ n_l / n_0.
    public var gridComplexity: Double {
        let s = levelSizes
        return Double(s.reduce(0, +)) / Double(max(1, s[0]))
    }

    /// A multi-line human-readable summary (levels, sizes, nonzeros, complexities).
    public var summary: String {
        var s = "AMG hierarchy: \(levelCount) levels, operator complexity \(operatorComplexity), grid complexity \(gridComplexity)\n"
        for (l, level) in levels.enumerated() {
            s += "  level \(l): \(level.matrix.rows) rows, \(level.matrix.nnz) nonzeros\n"
        }
        s += "  coarse solver: \(coarseSolver.usesRelaxation ? "symmetric Gauss-Seidel (too large for a dense solve)" : (coarseSolver.usesCholesky ? "dense Cholesky" : "dense pseudo-inverse"))"
        return s
    }
}
