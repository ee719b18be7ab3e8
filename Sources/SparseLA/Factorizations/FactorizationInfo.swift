/// Statistics of a sparse factorization, as reported by the library that computed it.
///
/// Fill is the number of stored entries of the factor(s): nnz(L) for Cholesky, nnz(L)+nnz(U) for
/// LU and KLU (both including the diagonal; KLU adds its off-diagonal-block entries), an upper
/// bound on nnz(R) for QR (SPQR's C interface exposes only the bound).
public struct FactorizationInfo: Sendable, Equatable {
    /// Which library routine produced the factor: "CHOLMOD supernodal LLᵀ", "UMFPACK LU", "KLU", "SPQR QR".
    public var library: String
    /// Rows of the factored matrix.
    public var rows: Int
    /// Columns of the factored matrix.
    public var columns: Int
    /// Stored entries of the input matrix.
    public var matrixNonzeros: Int
    /// Stored entries of the factor(s) (see the type's documentation for what is counted).
    public var factorNonzeros: Int
    /// Fill-reducing ordering the library reports having used ("AMD", "METIS", "COLAMD", "natural", ...).
    public var ordering: String
    /// The library's cheap reciprocal condition estimate, when it provides one: CHOLMOD
    /// `cholmod_rcond` ((min diag L / max diag L)²), UMFPACK `Info[UMFPACK_RCOND]` (min|Uᵢᵢ|/max|Uᵢᵢ|),
    /// KLU `klu_rcond` (same diagonal ratio). These are crude: they can be far from 1/κ.
    public var reciprocalCondition: Double?
    /// A 1-norm condition number estimate κ₁(A) when the library computes one (KLU `klu_condest`).
    public var conditionEstimate: Double?
    /// Numerical rank (QR: SPQR's estimate with its column tolerance; others: `nil`).
    public var numericalRank: Int?
    /// Floating-point operations of the numeric factorization, when the library counts them.
    public var flops: Double?
    /// Wall seconds of the symbolic analysis (ordering, elimination tree), measured around the call.
    public var analysisSeconds: Double
    /// Wall seconds of the latest numeric factorization (updated by `refactor`).
    public var factorSeconds: Double
    /// How many numeric factorizations this object has done (1 after init, +1 per refactor).
    public var numericFactorizations: Int

    /// Fill ratio `factorNonzeros / matrixNonzeros` (0 for an empty matrix).
    public var fillRatio: Double {
        matrixNonzeros > 0 ? Double(factorNonzeros) / Double(matrixNonzeros) : 0
    }

    /// Creates an info record (used by the factorization classes).
    public init(library: String, rows: Int, columns: Int, matrixNonzeros: Int, factorNonzeros: Int = 0,
                ordering: String = "unknown", reciprocalCondition: Double? = nil, conditionEstimate: Double? = nil,
                numericalRank: Int? = nil, flops: Double? = nil, analysisSeconds: Double = 0,
                factorSeconds: Double = 0, numericFactorizations: Int = 0) {
        self.library = library
        self.rows = rows
        self.columns = columns
        self.matrixNonzeros = matrixNonzeros
        self.factorNonzeros = factorNonzeros
        self.ordering = ordering
        self.reciprocalCondition = reciprocalCondition
        self.conditionEstimate = conditionEstimate
        self.numericalRank = numericalRank
        self.flops = flops
        self.analysisSeconds = analysisSeconds
        self.factorSeconds = factorSeconds
        self.numericFactorizations = numericFactorizations
    }
}

/// Fill-reducing ordering requested from the library. Not every library supports every choice:
/// CHOLMOD (Cholesky) takes natural/AMD/METIS/NESDIS, UMFPACK natural/AMD(AMD or COLAMD by
/// strategy)/METIS, KLU AMD/COLAMD, SPQR natural/COLAMD/AMD/METIS. An unsupported choice throws
/// `FactorizationError.invalidInput` at construction.
public enum FillOrdering: String, Sendable, CaseIterable {
    /// The library's default (CHOLMOD: AMD, METIS if AMD fills badly; UMFPACK: AMD/COLAMD then
    /// METIS; KLU: BTF + AMD; SPQR: COLAMD or AMD by shape).
    case automatic
    /// No fill-reducing permutation.
    case natural
    /// Approximate minimum degree on A + Aᵀ (or AᵀA for QR).
    case amd
    /// Column approximate minimum degree.
    case colamd
    /// METIS nested dissection.
    case metis
    /// CHOLMOD's own nested dissection (Cholesky only).
    case nesdis
}

/// What every direct factorization offers: factor once, solve many right-hand sides, refactor
/// new values on the same pattern. Instances are not thread-safe (solves reuse workspaces);
/// use one per thread.
public protocol DirectFactorization: AnyObject {
    /// Statistics reported by the library for the latest factorization.
    var info: FactorizationInfo { get }
    /// Length a right-hand side must have (the matrix's row count).
    var rhsLength: Int { get }
    /// Length of a solution (the matrix's column count).
    var solutionLength: Int { get }
    /// Solves `A x = b` (least squares / minimum norm for QR). Throws `.invalidInput` when
    /// `b.count != rhsLength` or `b` has non-finite entries.
    func solve(_ b: [Double]) throws(FactorizationError) -> [Double]
    /// Solves for a block of right-hand sides stored column major (`count` columns of `rhsLength`
    /// entries), returning the solutions column major (`count` columns of `solutionLength`).
    func solve(columnMajor b: [Double], count: Int) throws(FactorizationError) -> [Double]
    /// Recomputes the numeric factor for new values on the *same* sparsity pattern, reusing the
    /// symbolic analysis. Throws `.invalidInput` if the pattern (or dimensions) differ.
    func refactor(values matrix: CSRMatrix) throws(FactorizationError)
    /// Same as `refactor(values:)` with the new values in the order of the original CSR arrays.
    func refactor(values: [Double]) throws(FactorizationError)
}

extension DirectFactorization {
    /// Solves for several right-hand sides at once (one library call). Each `b` must have
    /// `rhsLength` entries; the result has one solution per input, in order.
    public func solve(many bs: [[Double]]) throws(FactorizationError) -> [[Double]] {
        guard !bs.isEmpty else { return [] }
        let m = rhsLength, n = solutionLength
        var block = [Double]()
        block.reserveCapacity(m * bs.count)
        for (j, b) in bs.enumerated() {
            guard b.count == m else {
                throw .invalidInput("right-hand side \(j) has \(b.count) entries, expected \(m)")
            }
            block.append(contentsOf: b)
        }
        let x = try solve(columnMajor: block, count: bs.count)
        return (0..<bs.count).map { j in Array(x[(j * n)..<((j + 1) * n)]) }
    }
}
