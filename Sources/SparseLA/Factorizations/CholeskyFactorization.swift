import CSuiteSparse

/// Sparse Cholesky factorization P A Pᵀ = L Lᵀ of a symmetric positive definite matrix with
/// CHOLMOD (supernodal, 64-bit `cholmod_l_*` interface).
///
/// Factor once, solve many: `init` runs the symbolic analysis (fill-reducing ordering, elimination
/// tree, supernodes) and the numeric factorization; `solve` costs two triangular solves
/// (O(nnz(L)) per right-hand side, no allocation after the first solve of a given block width);
/// `refactor(values:)` recomputes only the numeric factor for new values on the same pattern.
///
/// Only the lower triangle (row >= column) of the CSR input is used; by default the input is first
/// checked to be symmetric. CHOLMOD is told `final_ll = 1` and `supernodal = CHOLMOD_SUPERNODAL`,
/// so an indefinite or singular matrix is reported as
/// `FactorizationError.notPositiveDefinite(column:)` (CHOLMOD's simplicial LDLᵀ would otherwise
/// "succeed" on indefinite input). All SuiteSparse printing is switched off.
///
/// Owns its CHOLMOD `cholmod_common`, matrix, factor and solve workspaces and frees them in
/// `deinit`. Not thread-safe: use one instance per thread.
public final class CholeskyFactorization: DirectFactorization {
    /// Order of the matrix.
    public let dimension: Int
    /// Statistics of the latest factorization.
    public private(set) var info: FactorizationInfo
    /// Rows of the matrix (= `dimension`).
    public var rhsLength: Int { dimension }
    /// Columns of the matrix (= `dimension`).
    public var solutionLength: Int { dimension }

    private let pattern: SparsityPattern
    private let common: UnsafeMutablePointer<cholmod_common>
    private var started = false
    private var matrix: UnsafeMutablePointer<cholmod_sparse>? = nil
    private var factor: UnsafeMutablePointer<cholmod_factor>? = nil
    private var workX: UnsafeMutablePointer<cholmod_dense>? = nil
    private var workY: UnsafeMutablePointer<cholmod_dense>? = nil
    private var workE: UnsafeMutablePointer<cholmod_dense>? = nil

    /// Analyzes and factors `a`.
    ///
    /// - Parameters:
    ///   - a: square, symmetric positive definite matrix (both triangles stored, as `CSRMatrix`
    ///     always is for symmetric Matrix Market files after expansion).
    ///   - ordering: `.automatic` (CHOLMOD default: AMD, then METIS if AMD fills badly), `.natural`,
    ///     `.amd`, `.metis` or `.nesdis`; others throw `.invalidInput`.
    ///   - symmetryTolerance: relative tolerance of the symmetry check
    ///     (`CSRMatrix.isSymmetric(tolerance:)`); `nil` skips the O(nnz) check and uses the lower
    ///     triangle as is.
    /// - Throws: `.notSquare`, `.invalidInput` (empty, non-finite, not symmetric, unsupported
    ///   ordering), `.notPositiveDefinite(column:)` with the original column index where the
    ///   factorization broke down, `.outOfMemory`, `.libraryError`.
    /// - Complexity: symbolic O(nnz(L)) roughly, numeric O(Σ colcount²) = `info.flops`.
    public init(_ a: CSRMatrix, ordering: FillOrdering = .automatic,
                symmetryTolerance: Double? = 0) throws(FactorizationError) {
        dimension = a.rows
        pattern = SparsityPattern(a)
        info = FactorizationInfo(library: "CHOLMOD supernodal LLᵀ", rows: a.rows, columns: a.columns,
                                 matrixNonzeros: a.nnz)
        common = .allocate(capacity: 1)
        guard a.isSquare else { throw .notSquare(rows: a.rows, columns: a.columns) }
        try SuiteSparseBridge.checkUsable(a)
        if let tol = symmetryTolerance, !a.isSymmetric(tolerance: tol) {
            throw .invalidInput("Cholesky needs a symmetric matrix (checked with relative tolerance \(tol))")
        }
        let choice: Int32
        switch ordering {
        case .automatic: choice = -1
        case .natural: choice = CHOLMOD_NATURAL
        case .amd: choice = CHOLMOD_AMD
        case .metis: choice = CHOLMOD_METIS
        case .nesdis: choice = CHOLMOD_NESDIS
        case .colamd: throw .invalidInput("CHOLMOD Cholesky does not offer the COLAMD ordering")
        }

        SuiteSparseBridge.silence()
        cholmod_l_start(common)
        started = true
        common.pointee.print = 0
        common.pointee.final_ll = 1
        common.pointee.supernodal = CHOLMOD_SUPERNODAL
        if choice >= 0 {
            common.pointee.nmethods = 1
            withUnsafeMutableBytes(of: &common.pointee.method) { raw in
                raw.baseAddress!.assumingMemoryBound(to: cholmod_method_struct.self)[0].ordering = choice
            }
            common.pointee.postorder = 1
        }

        // The CSR arrays of A are the CSC arrays of Aᵀ = A; stype = 1 makes CHOLMOD read the
        // upper triangle of that CSC matrix, i.e. the lower triangle of the CSR input.
        let n = a.rows, nz = a.nnz
        matrix = cholmod_l_allocate_sparse(n, n, nz, 1, 1, 1, CHOLMOD_REAL, common)
        guard let A = matrix else { throw Self.statusError(common.pointee.status) }
        let p = A.pointee.p.assumingMemoryBound(to: Int.self)
        let i = A.pointee.i.assumingMemoryBound(to: Int.self)
        let x = A.pointee.x.assumingMemoryBound(to: Double.self)
        for r in 0...n { p[r] = a.rowPointers[r] }
        a.columnIndices.withUnsafeBufferPointer { ci in for k in 0..<nz { i[k] = Int(ci[k]) } }
        a.values.withUnsafeBufferPointer { va in x.update(from: va.baseAddress!, count: nz) }

        var clock = Stopwatch()
        factor = cholmod_l_analyze(A, common)
        info.analysisSeconds = clock.restart()
        guard let L = factor, common.pointee.status >= CHOLMOD_OK else {
            throw Self.statusError(common.pointee.status)
        }
        info.factorNonzeros = Int(common.pointee.lnz)
        info.ordering = Self.orderingName(L.pointee.ordering)
        try numericFactor()
    }

    deinit {
        if started {
            if workX != nil { cholmod_l_free_dense(&workX, common) }
            if workY != nil { cholmod_l_free_dense(&workY, common) }
            if workE != nil { cholmod_l_free_dense(&workE, common) }
            if factor != nil { cholmod_l_free_factor(&factor, common) }
            if matrix != nil { cholmod_l_free_sparse(&matrix, common) }
            cholmod_l_finish(common)
        }
        common.deallocate()
    }

    /// Numeric factorization of `matrix` into `factor`, with error translation and statistics.
    private func numericFactor() throws(FactorizationError) {
        let clock = Stopwatch()
        _ = cholmod_l_factorize(matrix, factor, common)
        info.factorSeconds = clock.elapsed
        info.numericFactorizations += 1
        let status = common.pointee.status
        let L = factor!
        if status == CHOLMOD_NOT_POSDEF {
            let minor = Int(L.pointee.minor)
            var column = minor
            if minor < dimension, let perm = L.pointee.Perm {
                column = perm.assumingMemoryBound(to: Int.self)[minor]
            }
            throw .notPositiveDefinite(column: column)
        }
        guard status >= CHOLMOD_OK else { throw Self.statusError(status) }
        info.factorNonzeros = Int(common.pointee.lnz)
        info.flops = common.pointee.fl
        info.reciprocalCondition = cholmod_l_rcond(L, common)
    }

    /// Solves `A x = b`. Cost: two sparse triangular solves, O(nnz(L)).
    /// - Throws: `.invalidInput` if `b.count != dimension` or `b` has non-finite entries.
    public func solve(_ b: [Double]) throws(FactorizationError) -> [Double] {
        try solve(columnMajor: b, count: 1)
    }

    /// Solves `A X = B` for `count` right-hand sides stored column major (one CHOLMOD call,
    /// which uses BLAS-3 in the supernodal triangular solves).
    public func solve(columnMajor b: [Double], count: Int) throws(FactorizationError) -> [Double] {
        try SuiteSparseBridge.checkRHS(b, length: dimension, count: count)
        if count == 0 { return [] }
        var rhs = b
        let n = dimension
        let ok = rhs.withUnsafeMutableBufferPointer { bp -> Int32 in
            var B = cholmod_dense(nrow: n, ncol: count, nzmax: n * count, d: n,
                                  x: UnsafeMutableRawPointer(bp.baseAddress!), z: nil,
                                  xtype: CHOLMOD_REAL, dtype: CHOLMOD_DOUBLE)
            return cholmod_l_solve2(CHOLMOD_A, factor, &B, nil, &workX, nil, &workY, &workE, common)
        }
        guard ok != 0, let X = workX else { throw Self.statusError(common.pointee.status) }
        let xp = X.pointee.x.assumingMemoryBound(to: Double.self)
        return Array(UnsafeBufferPointer(start: xp, count: n * count))
    }

    /// Refactors with the values of `matrix`, which must have the factored pattern.
    public func refactor(values matrix: CSRMatrix) throws(FactorizationError) {
        try pattern.check(matrix)
        try refactor(values: matrix.values)
    }

    /// Refactors with new values in the order of the original CSR arrays, reusing the ordering
    /// and supernodal structure. Throws as `init` does (e.g. `.notPositiveDefinite`); after a
    /// failed refactor the object must be refactored successfully before solving again.
    public func refactor(values: [Double]) throws(FactorizationError) {
        try pattern.check(values: values)
        let x = matrix!.pointee.x.assumingMemoryBound(to: Double.self)
        values.withUnsafeBufferPointer { va in x.update(from: va.baseAddress!, count: va.count) }
        try numericFactor()
    }

    static func orderingName(_ code: Int32) -> String {
        switch code {
        case CHOLMOD_NATURAL: return "natural"
        case CHOLMOD_GIVEN: return "given"
        case CHOLMOD_AMD: return "AMD"
        case CHOLMOD_METIS: return "METIS"
        case CHOLMOD_NESDIS: return "NESDIS"
        case CHOLMOD_COLAMD: return "COLAMD"
        case CHOLMOD_POSTORDERED: return "natural (postordered)"
        default: return "unknown (\(code))"
        }
    }

    static func statusError(_ status: Int32) -> FactorizationError {
        switch status {
        case CHOLMOD_OUT_OF_MEMORY: return .outOfMemory
        case CHOLMOD_TOO_LARGE: return .libraryError(code: Int(status), "CHOLMOD: problem too large (integer overflow)")
        case CHOLMOD_INVALID: return .libraryError(code: Int(status), "CHOLMOD: invalid input")
        case CHOLMOD_NOT_INSTALLED: return .libraryError(code: Int(status), "CHOLMOD: method not installed")
        default: return .libraryError(code: Int(status), "CHOLMOD failed")
        }
    }
}
