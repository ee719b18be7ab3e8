import CSuiteSparse

// Internal plumbing shared by the SuiteSparse wrappers: silencing the libraries, input checks,
// CSR -> CSC conversion with a value map (so refactor can scatter CSR values), pattern checks.

/// Runs `ss_silence_printing()` exactly once per process (a lazily initialised global is
/// thread-safe in Swift), so no SuiteSparse routine prints to stdout.
private let suiteSparseSilenced: Void = { ss_silence_printing() }()

enum SuiteSparseBridge {
    /// Call before using any SuiteSparse routine.
    static func silence() { _ = suiteSparseSilenced }

    /// Throws `.invalidInput` if the matrix has NaN/Inf entries or is empty.
    static func checkUsable(_ a: CSRMatrix) throws(FactorizationError) {
        guard a.rows > 0, a.columns > 0 else {
            throw .invalidInput("matrix is empty (\(a.rows)x\(a.columns))")
        }
        try checkFinite(a.values, what: "matrix")
    }

    /// Throws `.invalidInput` naming the first non-finite entry.
    static func checkFinite(_ v: [Double], what: String) throws(FactorizationError) {
        let bad = v.withUnsafeBufferPointer { p -> Int? in
            for k in 0..<p.count where !p[k].isFinite { return k }
            return nil
        }
        if let bad { throw .invalidInput("\(what) entry \(bad) is \(v[bad]) (not finite)") }
    }

    /// Checks a right-hand-side block: `count` columns of `length` finite entries.
    static func checkRHS(_ b: [Double], length: Int, count: Int) throws(FactorizationError) {
        guard count >= 0, b.count == length * count else {
            throw .invalidInput("right-hand side has \(b.count) entries, expected \(length) x \(count) = \(length * count)")
        }
        try checkFinite(b, what: "right-hand side")
    }
}

/// The sparsity pattern a factorization was computed for; refactor checks new input against it.
struct SparsityPattern {
    let rows: Int
    let columns: Int
    let rowPointers: [Int]
    let columnIndices: [Int32]

    init(_ a: CSRMatrix) {
        rows = a.rows; columns = a.columns
        rowPointers = a.rowPointers; columnIndices = a.columnIndices
    }

    var nnz: Int { columnIndices.count }

    /// Throws `.invalidInput` unless `a` has exactly this pattern (array identity makes the
    /// common case of `matrix.withValues(...)` O(1)).
    func check(_ a: CSRMatrix) throws(FactorizationError) {
        guard a.rows == rows, a.columns == columns else {
            throw .invalidInput("refactor: matrix is \(a.rows)x\(a.columns), the factored one was \(rows)x\(columns)")
        }
        guard a.rowPointers == rowPointers, a.columnIndices == columnIndices else {
            throw .invalidInput("refactor: sparsity pattern differs from the factored matrix (refactor needs the same pattern; factor afresh instead)")
        }
    }

    /// Throws `.invalidInput` unless `values` has one finite entry per stored entry.
    func check(values: [Double]) throws(FactorizationError) {
        guard values.count == nnz else {
            throw .invalidInput("refactor: got \(values.count) values, the pattern has \(nnz) entries")
        }
        try SuiteSparseBridge.checkFinite(values, what: "matrix")
    }
}

/// A matrix in compressed sparse column form with 64-bit indices in manually allocated memory
/// (stable addresses for C), plus the map from CSR entry positions to CSC positions.
final class OwnedCSC {
    let rows: Int
    let columns: Int
    let nnz: Int
    let columnPointers: UnsafeMutablePointer<Int>
    let rowIndices: UnsafeMutablePointer<Int>
    let values: UnsafeMutablePointer<Double>
    /// `cscPosition[k]` is where CSR entry `k` lives in the CSC arrays.
    private let cscPosition: [Int]

    /// CSC of `a` itself (`transpose == false`) or of `aᵀ` (`transpose == true`, which is just the
    /// CSR arrays reinterpreted, no permutation). Complexity: O(rows + columns + nnz).
    init(_ a: CSRMatrix, transpose: Bool) {
        nnz = a.nnz
        columnPointers = .allocate(capacity: (transpose ? a.rows : a.columns) + 1)
        rowIndices = .allocate(capacity: max(nnz, 1))
        values = .allocate(capacity: max(nnz, 1))
        if transpose {
            rows = a.columns; columns = a.rows
            for i in 0...a.rows { columnPointers[i] = a.rowPointers[i] }
            for k in 0..<nnz { rowIndices[k] = Int(a.columnIndices[k]); values[k] = a.values[k] }
            cscPosition = []
        } else {
            rows = a.rows; columns = a.columns
            var position = [Int](repeating: 0, count: nnz)
            let cp = columnPointers
            for j in 0...a.columns { cp[j] = 0 }
            a.columnIndices.withUnsafeBufferPointer { ci in
                for k in 0..<ci.count { cp[Int(ci[k]) + 1] += 1 }
            }
            for j in 0..<a.columns { cp[j + 1] += cp[j] }
            var next = Array(UnsafeBufferPointer(start: cp, count: a.columns))
            let ri = rowIndices, vx = values
            a.rowPointers.withUnsafeBufferPointer { rp in
                a.columnIndices.withUnsafeBufferPointer { ci in
                    a.values.withUnsafeBufferPointer { va in
                        for i in 0..<a.rows {
                            for k in rp[i]..<rp[i + 1] {
                                let j = Int(ci[k])
                                let p = next[j]
                                next[j] = p + 1
                                ri[p] = i
                                vx[p] = va[k]
                                position[k] = p
                            }
                        }
                    }
                }
            }
            cscPosition = position
        }
    }

    /// Overwrites the numerical values from CSR-ordered `csrValues` (same pattern as at init).
    func update(csrValues: [Double]) {
        precondition(csrValues.count == nnz)
        if cscPosition.isEmpty {
            for k in 0..<nnz { values[k] = csrValues[k] }
        } else {
            for k in 0..<nnz { values[cscPosition[k]] = csrValues[k] }
        }
    }

    deinit {
        columnPointers.deallocate()
        rowIndices.deallocate()
        values.deallocate()
    }
}
