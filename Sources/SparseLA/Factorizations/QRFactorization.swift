import CSuiteSparse

/// Sparse QR factorization with SuiteSparseQR (SPQR, multifrontal, rank-revealing by Heath's
/// column-tolerance method; C interface `SuiteSparseQR_C_*` on the 64-bit `cholmod_l_*` common),
/// for least squares and rectangular or rank-deficient systems.
///
/// What `solve(b)` returns, for an `m x n` matrix A:
/// - `m >= n` (`.leastSquares`): A E = Q R; x = E R⁻¹ Qᵀ b, the least-squares solution
///   minimising ‖b − A x‖₂. If A is rank deficient (numerical rank r < n), it is a *basic*
///   solution: the n − r columns SPQR found dependent get x = 0 (not the minimum-norm one).
/// - `m < n`, `underdetermined: .minimumNorm` (default): Aᵀ E = Q R; x = Q R⁻ᵀ Eᵀ b, the
///   minimum-2-norm solution of A x = b when A has full row rank.
/// - `m < n`, `underdetermined: .basic`: QR of A as above; a basic solution with at most r
///   nonzeros.
///
/// `info.numericalRank` is SPQR's rank estimate (columns whose remaining 2-norm is <= tol count as
/// dependent; default tol = 20 (m + n) eps max‖A(:,j)‖₂). `info.factorNonzeros` is SPQR's upper
/// bound on nnz(R) (the C interface does not expose the exact count). No rcond is reported.
/// `refactor(values:)` reuses the symbolic analysis (`SuiteSparseQR_C_numeric`).
///
/// Owns its CHOLMOD common and SPQR factorization and frees them in `deinit`. Not thread-safe.
public final class QRFactorization: DirectFactorization {
    /// How to solve an underdetermined system (`rows < columns`).
    public enum Underdetermined: String, Sendable {
        /// Minimum 2-norm solution via QR of Aᵀ (needs full row rank to be exactly min-norm).
        case minimumNorm
        /// Basic solution via QR of A (at most rank nonzeros).
        case basic
    }

    /// Rows of A.
    public let rows: Int
    /// Columns of A.
    public let columns: Int
    /// Whether Aᵀ was factored (minimum-norm mode for `rows < columns`).
    public let factorsTranspose: Bool
    /// Statistics of the latest factorization.
    public private(set) var info: FactorizationInfo
    /// A right-hand side has `rows` entries.
    public var rhsLength: Int { rows }
    /// A solution has `columns` entries.
    public var solutionLength: Int { columns }

    private let pattern: SparsityPattern
    private let csc: OwnedCSC
    private let tolerance: Double
    private let common: UnsafeMutablePointer<cholmod_common>
    private let matrix: UnsafeMutablePointer<cholmod_sparse>
    private var started = false
    private var qr: UnsafeMutablePointer<SuiteSparseQR_C_factorization>? = nil

    /// Analyzes and factors `a` (any shape).
    /// - Parameters:
    ///   - a: the matrix to factor (any shape, finite values).
    ///   - ordering: `.automatic` (SPQR default), `.natural`, `.colamd`, `.amd` (on AᵀA) or
    ///     `.metis`; `.nesdis` throws `.invalidInput`.
    ///   - tolerance: column 2-norm below which a column is treated as dependent; `nil` = SPQR's
    ///     default (see type docs), `0` disables rank detection.
    ///   - underdetermined: solution type when `rows < columns`.
    /// - Throws: `.invalidInput` (empty, non-finite, unsupported ordering), `.outOfMemory`,
    ///   `.libraryError`. Rank deficiency is not an error: see `info.numericalRank`.
    public init(_ a: CSRMatrix, ordering: FillOrdering = .automatic, tolerance: Double? = nil,
                underdetermined: Underdetermined = .minimumNorm) throws(FactorizationError) {
        rows = a.rows
        columns = a.columns
        pattern = SparsityPattern(a)
        self.tolerance = tolerance ?? Double(SPQR_DEFAULT_TOL)
        let transpose = a.rows < a.columns && underdetermined == .minimumNorm
        factorsTranspose = transpose
        info = FactorizationInfo(library: transpose ? "SPQR QR of Aᵀ" : "SPQR QR", rows: a.rows,
                                 columns: a.columns, matrixNonzeros: a.nnz)
        common = .allocate(capacity: 1)
        matrix = .allocate(capacity: 1)
        // The matrix SPQR factors: A in CSC, or Aᵀ in CSC (= the CSR arrays of A).
        csc = OwnedCSC(a, transpose: transpose)
        matrix.initialize(to: cholmod_sparse(
            nrow: csc.rows, ncol: csc.columns, nzmax: csc.nnz,
            p: UnsafeMutableRawPointer(csc.columnPointers), i: UnsafeMutableRawPointer(csc.rowIndices),
            nz: nil, x: UnsafeMutableRawPointer(csc.values), z: nil,
            stype: 0, itype: CHOLMOD_LONG, xtype: CHOLMOD_REAL, dtype: CHOLMOD_DOUBLE, sorted: 1, packed: 1))
        try SuiteSparseBridge.checkUsable(a)
        let order: Int32
        switch ordering {
        case .automatic: order = SPQR_ORDERING_DEFAULT
        case .natural: order = SPQR_ORDERING_NATURAL
        case .colamd: order = SPQR_ORDERING_COLAMD
        case .amd: order = SPQR_ORDERING_AMD
        case .metis: order = SPQR_ORDERING_METIS
        case .nesdis: throw .invalidInput("SPQR does not offer the NESDIS ordering")
        }

        SuiteSparseBridge.silence()
        cholmod_l_start(common)
        started = true
        common.pointee.print = 0
        let clock = Stopwatch()
        qr = SuiteSparseQR_C_symbolic(order, tolerance == 0 ? 0 : 1, matrix, common)
        info.analysisSeconds = clock.elapsed
        guard qr != nil, common.pointee.status >= CHOLMOD_OK else {
            throw CholeskyFactorization.statusError(common.pointee.status)
        }
        info.ordering = Self.orderingName(common.pointee.SPQR_istat.7)
        try numericFactor()
    }

    deinit {
        if started {
            if qr != nil { _ = SuiteSparseQR_C_free(&qr, common) }
            cholmod_l_finish(common)
        }
        matrix.deinitialize(count: 1)
        matrix.deallocate()
        common.deallocate()
    }

    private func numericFactor() throws(FactorizationError) {
        let clock = Stopwatch()
        let ok = SuiteSparseQR_C_numeric(tolerance, matrix, qr, common)
        info.factorSeconds = clock.elapsed
        info.numericFactorizations += 1
        guard ok != 0, common.pointee.status >= CHOLMOD_OK else {
            throw CholeskyFactorization.statusError(common.pointee.status)
        }
        let istat = common.pointee.SPQR_istat
        info.factorNonzeros = istat.0
        info.numericalRank = istat.4
        info.flops = common.pointee.SPQR_flopcount >= 0 ? common.pointee.SPQR_flopcount : nil
    }

    /// Solves in the least-squares / minimum-norm sense (see the type's documentation).
    /// - Throws: `.invalidInput` if `b.count != rows` or `b` has non-finite entries.
    public func solve(_ b: [Double]) throws(FactorizationError) -> [Double] {
        try solve(columnMajor: b, count: 1)
    }

    /// Solves for `count` right-hand sides stored column major (`rows` entries each); returns
    /// `count` solutions of `columns` entries, column major. Two SPQR calls for the whole block.
    public func solve(columnMajor b: [Double], count: Int) throws(FactorizationError) -> [Double] {
        try SuiteSparseBridge.checkRHS(b, length: rows, count: count)
        if count == 0 { return [] }
        var rhs = b
        let m = rows
        var result: [Double]? = nil
        rhs.withUnsafeMutableBufferPointer { bp in
            var B = cholmod_dense(nrow: m, ncol: count, nzmax: m * count, d: m,
                                  x: UnsafeMutableRawPointer(bp.baseAddress!), z: nil,
                                  xtype: CHOLMOD_REAL, dtype: CHOLMOD_DOUBLE)
            var Y: UnsafeMutablePointer<cholmod_dense>?
            var X: UnsafeMutablePointer<cholmod_dense>?
            if factorsTranspose {
                // Aᵀ E = Q R  =>  A x = b  <=>  Rᵀ (Qᵀ x) = Eᵀ b;  x = Q y (minimum norm).
                Y = SuiteSparseQR_C_solve(SPQR_RTX_EQUALS_ETB, qr, &B, common)
                if Y != nil { X = SuiteSparseQR_C_qmult(SPQR_QX, qr, Y, common) }
            } else {
                // A E = Q R  =>  x = E R⁻¹ (Qᵀ b).
                Y = SuiteSparseQR_C_qmult(SPQR_QTX, qr, &B, common)
                if Y != nil { X = SuiteSparseQR_C_solve(SPQR_RETX_EQUALS_B, qr, Y, common) }
            }
            if let X {
                let n = columns
                let d = X.pointee.d
                let xp = X.pointee.x.assumingMemoryBound(to: Double.self)
                var out = [Double](repeating: 0, count: n * count)
                for j in 0..<count { for i in 0..<n { out[j * n + i] = xp[j * d + i] } }
                result = out
            }
            if Y != nil { cholmod_l_free_dense(&Y, common) }
            if X != nil { cholmod_l_free_dense(&X, common) }
        }
        guard let result else { throw CholeskyFactorization.statusError(common.pointee.status) }
        return result
    }

    /// Refactors with the values of `matrix`, which must have the factored pattern.
    public func refactor(values matrix: CSRMatrix) throws(FactorizationError) {
        try pattern.check(matrix)
        try refactor(values: matrix.values)
    }

    /// Refactors with new values (in the order of the original CSR arrays), reusing the symbolic
    /// analysis; the numerical rank is re-estimated.
    public func refactor(values: [Double]) throws(FactorizationError) {
        try pattern.check(values: values)
        csc.update(csrValues: values)
        try numericFactor()
    }

    static func orderingName(_ code: Int) -> String {
        switch Int32(code) {
        case SPQR_ORDERING_FIXED: return "fixed"
        case SPQR_ORDERING_NATURAL: return "natural"
        case SPQR_ORDERING_COLAMD: return "COLAMD"
        case SPQR_ORDERING_GIVEN: return "given"
        case SPQR_ORDERING_CHOLMOD: return "CHOLMOD"
        case SPQR_ORDERING_AMD: return "AMD"
        case SPQR_ORDERING_METIS: return "METIS"
        default: return "unknown (\(code))"
        }
    }
}
