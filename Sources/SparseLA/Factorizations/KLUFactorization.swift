import CSuiteSparse

/// Sparse LU factorization with KLU (block triangular form + AMD/COLAMD per block + left-looking
/// Gilbert-Peierls LU with partial pivoting; 64-bit `klu_l_*` interface). KLU suits circuit-like
/// matrices with little fill; for matrices with much fill UMFPACK (`LUFactorization`) is faster.
///
/// `init` runs `klu_l_analyze` (BTF + ordering) and `klu_l_factor`; `solve` calls `klu_l_solve`
/// in place on a copy of the right-hand sides (all columns in one call); `refactor(values:)`
/// reuses the symbolic analysis and factors again with pivoting (`klu_l_factor`), which is robust
/// when values change a lot (KLU's pivot-reusing `klu_refactor` is not used).
///
/// Reported: `reciprocalCondition` = `klu_rcond` (min|Uᵢᵢ|/max|Uᵢᵢ|, cheap and crude) and, unless
/// disabled, `conditionEstimate` = `klu_condest` (Hager/Higham 1-norm estimate of κ₁(A), a few
/// extra solves). The CSR input is converted once to CSC so A itself is factored.
/// Owns the KLU objects and frees them in `deinit`. Not thread-safe.
public final class KLUFactorization: DirectFactorization {
    /// Order of the matrix.
    public let dimension: Int
    /// Statistics of the latest factorization.
    public private(set) var info: FactorizationInfo
    /// Rows of the matrix.
    public var rhsLength: Int { dimension }
    /// Columns of the matrix.
    public var solutionLength: Int { dimension }

    private let pattern: SparsityPattern
    private let csc: OwnedCSC
    private let estimateCondition: Bool
    private let common: UnsafeMutablePointer<klu_l_common>
    private var symbolic: UnsafeMutablePointer<klu_l_symbolic>? = nil
    private var numeric: UnsafeMutablePointer<klu_l_numeric>? = nil

    /// Analyzes and factors the square matrix `a`.
    /// - Parameters:
    ///   - a: the square matrix to factor.
    ///   - ordering: `.automatic`/`.amd` (KLU default, AMD on each BTF block) or `.colamd`; others
    ///     throw `.invalidInput`.
    ///   - estimateCondition: run `klu_condest` after each factorization (about 2-10 extra solves).
    /// - Throws: `.notSquare`, `.invalidInput`, `.singular(column:)` (KLU's `singular_col`: the
    ///   original column whose pivot was zero), `.outOfMemory`, `.libraryError`.
    public init(_ a: CSRMatrix, ordering: FillOrdering = .automatic,
                estimateCondition: Bool = true) throws(FactorizationError) {
        dimension = a.rows
        pattern = SparsityPattern(a)
        self.estimateCondition = estimateCondition
        info = FactorizationInfo(library: "KLU", rows: a.rows, columns: a.columns, matrixNonzeros: a.nnz)
        common = .allocate(capacity: 1)
        SuiteSparseBridge.silence()
        _ = klu_l_defaults(common)
        guard a.isSquare else {
            csc = OwnedCSC(CSRMatrix.identity(0), transpose: true)
            throw .notSquare(rows: a.rows, columns: a.columns)
        }
        csc = OwnedCSC(a, transpose: false)
        try SuiteSparseBridge.checkUsable(a)
        switch ordering {
        case .automatic, .amd: common.pointee.ordering = 0
        case .colamd: common.pointee.ordering = 1
        default: throw .invalidInput("KLU offers only the AMD and COLAMD orderings, not \(ordering.rawValue)")
        }

        let clock = Stopwatch()
        symbolic = klu_l_analyze(a.rows, csc.columnPointers, csc.rowIndices, common)
        info.analysisSeconds = clock.elapsed
        guard let s = symbolic else { throw Self.statusError(common.pointee.status, common) }
        info.ordering = s.pointee.ordering == 1 ? "COLAMD" : (s.pointee.ordering == 0 ? "AMD" : "given")
        if s.pointee.nblocks > 1 { info.ordering += " (BTF, \(s.pointee.nblocks) blocks)" }
        try numericFactor()
    }

    deinit {
        if numeric != nil { _ = klu_l_free_numeric(&numeric, common) }
        if symbolic != nil { _ = klu_l_free_symbolic(&symbolic, common) }
        common.deallocate()
    }

    private func numericFactor() throws(FactorizationError) {
        if numeric != nil { _ = klu_l_free_numeric(&numeric, common) }
        let clock = Stopwatch()
        numeric = klu_l_factor(csc.columnPointers, csc.rowIndices, csc.values, symbolic, common)
        info.factorSeconds = clock.elapsed
        info.numericFactorizations += 1
        guard let num = numeric, common.pointee.status == KLU_OK else {
            throw Self.statusError(common.pointee.status, common)
        }
        info.factorNonzeros = num.pointee.lnz + num.pointee.unz + num.pointee.nzoff
        _ = klu_l_flops(symbolic, num, common)
        info.flops = common.pointee.flops
        _ = klu_l_rcond(symbolic, num, common)
        info.reciprocalCondition = common.pointee.rcond
        if estimateCondition, klu_l_condest(csc.columnPointers, csc.values, symbolic, num, common) != 0 {
            info.conditionEstimate = common.pointee.condest
        }
    }

    /// Solves `A x = b`. Cost O(nnz(L) + nnz(U) + off-block entries).
    /// - Throws: `.invalidInput` if `b.count != dimension` or `b` has non-finite entries.
    public func solve(_ b: [Double]) throws(FactorizationError) -> [Double] {
        try solve(columnMajor: b, count: 1)
    }

    /// Solves for `count` right-hand sides stored column major (one `klu_l_solve` call).
    public func solve(columnMajor b: [Double], count: Int) throws(FactorizationError) -> [Double] {
        try SuiteSparseBridge.checkRHS(b, length: dimension, count: count)
        if count == 0 { return [] }
        var x = b
        let ok = x.withUnsafeMutableBufferPointer { xp in
            klu_l_solve(symbolic, numeric, dimension, count, xp.baseAddress, common)
        }
        guard ok != 0 else { throw Self.statusError(common.pointee.status, common) }
        return x
    }

    /// Refactors with the values of `matrix`, which must have the factored pattern.
    public func refactor(values matrix: CSRMatrix) throws(FactorizationError) {
        try pattern.check(matrix)
        try refactor(values: matrix.values)
    }

    /// Refactors with new values (in the order of the original CSR arrays), reusing the BTF and
    /// fill-reducing ordering; pivoting is redone. Throws as `init` does.
    public func refactor(values: [Double]) throws(FactorizationError) {
        try pattern.check(values: values)
        csc.update(csrValues: values)
        try numericFactor()
    }

    static func statusError(_ status: Int, _ common: UnsafeMutablePointer<klu_l_common>) -> FactorizationError {
        switch Int32(status) {
        case KLU_SINGULAR:
            let col = common.pointee.singular_col
            return .singular(column: col >= 0 ? col : nil)
        case KLU_OUT_OF_MEMORY: return .outOfMemory
        case KLU_TOO_LARGE: return .libraryError(code: status, "KLU: problem too large (integer overflow)")
        case KLU_INVALID: return .libraryError(code: status, "KLU: invalid input")
        default: return .libraryError(code: status, "KLU failed")
        }
    }
}
