import CSuiteSparse

/// Sparse LU factorization P R A Q = L U of a square matrix with UMFPACK (multifrontal,
/// 64-bit `umfpack_dl_*` interface), R a row scaling.
///
/// Factor once, solve many: `init` runs the symbolic analysis (`umfpack_dl_symbolic`: strategy and
/// fill-reducing column ordering) and the numeric factorization (`umfpack_dl_numeric`, threshold
/// partial pivoting); `solve` is two triangular solves plus UMFPACK's default iterative refinement
/// (up to 2 steps) using caller-owned workspaces (`umfpack_dl_wsolve`, no allocation per solve);
/// `refactor(values:)` repeats only the numeric step with the stored symbolic object.
///
/// The CSR input is converted once to CSC (O(nnz)); A itself is factored (not Aᵀ), so the
/// reported ordering, rcond and singular column refer to A. UMFPACK printing is off (PRL = 0).
/// Owns the Symbolic/Numeric objects and frees them in `deinit`. Not thread-safe.
public final class LUFactorization: DirectFactorization {
    /// Order of the matrix.
    public let dimension: Int
    /// Statistics of the latest factorization (`reciprocalCondition` is UMFPACK's
    /// `Info[UMFPACK_RCOND]` = min|Uᵢᵢ| / max|Uᵢᵢ|).
    public private(set) var info: FactorizationInfo
    /// Rows of the matrix.
    public var rhsLength: Int { dimension }
    /// Columns of the matrix.
    public var solutionLength: Int { dimension }

    private let pattern: SparsityPattern
    private let csc: OwnedCSC
    private let control: UnsafeMutablePointer<Double>
    private let umfInfo: UnsafeMutablePointer<Double>
    private let workIndex: UnsafeMutablePointer<Int>
    private let work: UnsafeMutablePointer<Double>
    private var symbolic: UnsafeMutableRawPointer? = nil
    private var numeric: UnsafeMutableRawPointer? = nil

    /// Analyzes and factors the square matrix `a`.
    /// - Parameters:
    ///   - a: the square matrix to factor.
    ///   - ordering: `.automatic` (UMFPACK default: AMD/COLAMD, METIS if better),
    ///     `.natural`, `.amd` (UMFPACK picks AMD(A+Aᵀ) or COLAMD(A) by its strategy), `.colamd`
    ///     (forces the unsymmetric strategy) or `.metis`; `.nesdis` throws `.invalidInput`.
    /// - Throws: `.notSquare`, `.invalidInput` (empty, non-finite), `.singular(column:)` (original
    ///   column of the first zero pivot of U), `.outOfMemory`, `.libraryError`.
    public init(_ a: CSRMatrix, ordering: FillOrdering = .automatic) throws(FactorizationError) {
        dimension = a.rows
        pattern = SparsityPattern(a)
        info = FactorizationInfo(library: "UMFPACK LU", rows: a.rows, columns: a.columns, matrixNonzeros: a.nnz)
        let n = max(a.rows, 1)
        control = .allocate(capacity: Int(UMFPACK_CONTROL))
        umfInfo = .allocate(capacity: Int(UMFPACK_INFO))
        workIndex = .allocate(capacity: n)
        work = .allocate(capacity: 5 * n)
        guard a.isSquare else {
            csc = OwnedCSC(CSRMatrix.identity(0), transpose: true)
            throw .notSquare(rows: a.rows, columns: a.columns)
        }
        csc = OwnedCSC(a, transpose: false)
        try SuiteSparseBridge.checkUsable(a)

        SuiteSparseBridge.silence()
        umfpack_dl_defaults(control)
        control[Int(UMFPACK_PRL)] = 0
        switch ordering {
        case .automatic: break
        case .natural: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_NONE)
        case .amd: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_AMD)
        case .colamd:
            control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_AMD)
            control[Int(UMFPACK_STRATEGY)] = Double(UMFPACK_STRATEGY_UNSYMMETRIC)
        case .metis: control[Int(UMFPACK_ORDERING)] = Double(UMFPACK_ORDERING_METIS)
        case .nesdis: throw .invalidInput("UMFPACK does not offer the NESDIS ordering")
        }

        let clock = Stopwatch()
        let status = umfpack_dl_symbolic(a.rows, a.columns, csc.columnPointers, csc.rowIndices, csc.values,
                                         &symbolic, control, umfInfo)
        info.analysisSeconds = clock.elapsed
        guard status == UMFPACK_OK else { throw Self.statusError(status) }
        info.ordering = Self.orderingName(used: umfInfo[Int(UMFPACK_ORDERING_USED)],
                                          strategy: umfInfo[Int(UMFPACK_STRATEGY_USED)])
        try numericFactor()
    }

    deinit {
        if numeric != nil { umfpack_dl_free_numeric(&numeric) }
        if symbolic != nil { umfpack_dl_free_symbolic(&symbolic) }
        control.deallocate()
        umfInfo.deallocate()
        workIndex.deallocate()
        work.deallocate()
    }

    private func numericFactor() throws(FactorizationError) {
        if numeric != nil { umfpack_dl_free_numeric(&numeric) }
        let clock = Stopwatch()
        let status = umfpack_dl_numeric(csc.columnPointers, csc.rowIndices, csc.values, symbolic, &numeric,
                                        control, umfInfo)
        info.factorSeconds = clock.elapsed
        info.numericFactorizations += 1
        if status == UMFPACK_WARNING_singular_matrix {
            throw .singular(column: zeroPivotColumn())
        }
        guard status == UMFPACK_OK || status == UMFPACK_WARNING_determinant_underflow
                || status == UMFPACK_WARNING_determinant_overflow else { throw Self.statusError(status) }
        info.factorNonzeros = Int(umfInfo[Int(UMFPACK_LNZ)] + umfInfo[Int(UMFPACK_UNZ)])
        info.reciprocalCondition = umfInfo[Int(UMFPACK_RCOND)]
        info.flops = umfInfo[Int(UMFPACK_FLOPS)]
    }

    /// Original column of the first zero on the diagonal of U (from `umfpack_dl_get_numeric`).
    private func zeroPivotColumn() -> Int? {
        guard let numeric else { return nil }
        let n = dimension
        var q = [Int](repeating: 0, count: n)
        var d = [Double](repeating: 0, count: n)
        let status = q.withUnsafeMutableBufferPointer { qp in
            d.withUnsafeMutableBufferPointer { dp in
                umfpack_dl_get_numeric(nil, nil, nil, nil, nil, nil, nil, qp.baseAddress, dp.baseAddress, nil, nil, numeric)
            }
        }
        guard status == UMFPACK_OK else { return nil }
        for k in 0..<n where d[k] == 0 { return q[k] }
        return nil
    }

    /// Solves `A x = b` (with UMFPACK's iterative refinement). Cost O(nnz(L) + nnz(U) + nnz(A)).
    /// - Throws: `.invalidInput` if `b.count != dimension` or `b` has non-finite entries.
    public func solve(_ b: [Double]) throws(FactorizationError) -> [Double] {
        try solve(columnMajor: b, count: 1)
    }

    /// Solves for `count` right-hand sides stored column major (one UMFPACK solve per column).
    public func solve(columnMajor b: [Double], count: Int) throws(FactorizationError) -> [Double] {
        try SuiteSparseBridge.checkRHS(b, length: dimension, count: count)
        let n = dimension
        var x = [Double](repeating: 0, count: n * count)
        var status = Int(UMFPACK_OK)
        b.withUnsafeBufferPointer { bp in
            x.withUnsafeMutableBufferPointer { xp in
                for j in 0..<count where status == UMFPACK_OK {
                    status = umfpack_dl_wsolve(Int(UMFPACK_A), csc.columnPointers, csc.rowIndices, csc.values,
                                               xp.baseAddress! + j * n, bp.baseAddress! + j * n, numeric,
                                               control, umfInfo, workIndex, work)
                }
            }
        }
        guard status == UMFPACK_OK else { throw Self.statusError(status) }
        return x
    }

    /// Refactors with the values of `matrix`, which must have the factored pattern.
    public func refactor(values matrix: CSRMatrix) throws(FactorizationError) {
        try pattern.check(matrix)
        try refactor(values: matrix.values)
    }

    /// Refactors with new values (in the order of the original CSR arrays), reusing the symbolic
    /// analysis (ordering and strategy); pivoting is redone. Throws as `init` does.
    public func refactor(values: [Double]) throws(FactorizationError) {
        try pattern.check(values: values)
        csc.update(csrValues: values)
        try numericFactor()
    }

    static func orderingName(used: Double, strategy: Double) -> String {
        switch Int32(used) {
        case UMFPACK_ORDERING_AMD:
            return Int32(strategy) == UMFPACK_STRATEGY_SYMMETRIC ? "AMD" : "COLAMD"
        case UMFPACK_ORDERING_METIS: return "METIS"
        case UMFPACK_ORDERING_NONE: return "natural"
        case UMFPACK_ORDERING_GIVEN: return "given"
        case UMFPACK_ORDERING_CHOLMOD: return "CHOLMOD"
        default: return "unknown (\(used))"
        }
    }

    static func statusError(_ status: Int) -> FactorizationError {
        switch Int32(status) {
        case UMFPACK_WARNING_singular_matrix: return .singular(column: nil)
        case UMFPACK_ERROR_out_of_memory: return .outOfMemory
        case UMFPACK_ERROR_invalid_matrix: return .libraryError(code: status, "UMFPACK: invalid matrix")
        case UMFPACK_ERROR_different_pattern: return .libraryError(code: status, "UMFPACK: pattern changed")
        case UMFPACK_ERROR_ordering_failed: return .libraryError(code: status, "UMFPACK: ordering failed")
        default: return .libraryError(code: status, "UMFPACK failed")
        }
    }
}
