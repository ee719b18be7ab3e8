/// Structural and numerical properties of a `CSRMatrix`.
extension CSRMatrix {
    /// The main diagonal (length `min(rows, columns)`; missing entries are 0).
    public var diagonal: [Double] {
        let m = Swift.min(rows, columns)
        var d = [Double](repeating: 0, count: m)
        for i in 0..<m { d[i] = self[i, i] }
        return d
    }

    /// Whether the sparsity pattern is symmetric (ignores values). Complexity: O(nnz).
    public var isStructurallySymmetric: Bool {
        guard isSquare else { return false }
        let t = transposed()
        return t.rowPointers == rowPointers && t.columnIndices == columnIndices
    }

    /// Whether `|a_ij - a_ji| <= tolerance * max(|a_ij|, |a_ji|)` for every pair, counting entries
    /// missing on one side as zero. `tolerance = 0` asks for exact symmetry. Complexity: O(nnz).
    public func isSymmetric(tolerance: Double = 0) -> Bool {
        guard isSquare else { return false }
        let t = transposed()
        if t.rowPointers == rowPointers && t.columnIndices == columnIndices {
            for k in 0..<nnz {
                let a = values[k], b = t.values[k]
                if abs(a - b) > tolerance * Swift.max(abs(a), abs(b)) { return false }
            }
            return true
        }
        // Patterns differ: compare row by row, treating a missing entry as 0.
        for i in 0..<rows {
            var p = rowPointers[i], q = t.rowPointers[i]
            let pe = rowPointers[i + 1], qe = t.rowPointers[i + 1]
            while p < pe || q < qe {
                let cp = p < pe ? columnIndices[p] : Int32.max
                let cq = q < qe ? t.columnIndices[q] : Int32.max
                var a = 0.0, b = 0.0
                if cp == cq { a = values[p]; b = t.values[q]; p += 1; q += 1 }
                else if cp < cq { a = values[p]; p += 1 }
                else { b = t.values[q]; q += 1 }
                if abs(a - b) > tolerance * Swift.max(abs(a), abs(b)) { return false }
            }
        }
        return true
    }

    /// Maximum absolute row sum, ‖A‖∞.
    public var normInf: Double {
        var best = 0.0
        for i in 0..<rows {
            var s = 0.0
            for k in rowPointers[i]..<rowPointers[i + 1] { s += abs(values[k]) }
            best = Swift.max(best, s)
        }
        return best
    }

    /// Maximum absolute column sum, ‖A‖₁.
    public var norm1: Double {
        var sums = [Double](repeating: 0, count: columns)
        for k in 0..<nnz { sums[Int(columnIndices[k])] += abs(values[k]) }
        return sums.max() ?? 0
    }

    /// Frobenius norm, computed with scaling so that huge entries do not overflow.
    public var normFrobenius: Double { DenseVector.norm2(values) }

    /// Largest absolute entry, max |a_ij|.
    public var maxAbs: Double { values.reduce(0) { Swift.max($0, abs($1)) } }

    /// Lower and upper bandwidth: the largest `i - j` and `j - i` over stored entries.
    public var bandwidth: (lower: Int, upper: Int) {
        var lower = 0, upper = 0
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] {
                let j = Int(columnIndices[k])
                lower = Swift.max(lower, i - j)
                upper = Swift.max(upper, j - i)
            }
        }
        return (lower, upper)
    }

    /// Whether every row satisfies |a_ii| >= Σ_{j≠i} |a_ij| (`strict`: >) — the classic sufficient
    /// condition for Jacobi/Gauss-Seidel convergence.
    public func isDiagonallyDominant(strict: Bool = false) -> Bool {
        guard isSquare else { return false }
        for i in 0..<rows {
            var diag = 0.0, off = 0.0
            for k in rowPointers[i]..<rowPointers[i + 1] {
                if Int(columnIndices[k]) == i { diag = abs(values[k]) } else { off += abs(values[k]) }
            }
            if strict ? !(diag > off) : !(diag >= off) { return false }
        }
        return true
    }

    /// Whether every stored value is finite.
    public var allFinite: Bool { values.allSatisfy { $0.isFinite } }

    /// `D A`: row `i` multiplied by `factors[i]`.
    /// - Precondition: `factors.count == rows`.
    public func scalingRows(by factors: [Double]) -> CSRMatrix {
        precondition(factors.count == rows, "scalingRows: need \(rows) factors, got \(factors.count)")
        var v = values
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] { v[k] *= factors[i] }
        }
        return withValues(v)
    }

    /// `A D`: column `j` multiplied by `factors[j]`.
    /// - Precondition: `factors.count == columns`.
    public func scalingColumns(by factors: [Double]) -> CSRMatrix {
        precondition(factors.count == columns, "scalingColumns: need \(columns) factors, got \(factors.count)")
        var v = values
        for k in 0..<nnz { v[k] *= factors[Int(columnIndices[k])] }
        return withValues(v)
    }

    /// `alpha * A + beta * B` for matrices of equal shape. Complexity: O(nnz(A) + nnz(B)).
    public func adding(_ other: CSRMatrix, alpha: Double = 1, beta: Double = 1) -> CSRMatrix {
        precondition(rows == other.rows && columns == other.columns, "adding: shapes differ")
        var b = TripletBuilder(rows: rows, columns: columns, reservingCapacity: nnz + other.nnz)
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] { b.append(row: i, column: Int(columnIndices[k]), value: alpha * values[k]) }
            for k in other.rowPointers[i]..<other.rowPointers[i + 1] { b.append(row: i, column: Int(other.columnIndices[k]), value: beta * other.values[k]) }
        }
        return b.build()
    }

    /// The upper (`j >= i`) or lower (`j <= i`) triangle, diagonal included.
    public func triangle(upper: Bool) -> CSRMatrix {
        var rp = [0]
        rp.reserveCapacity(rows + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        for i in 0..<rows {
            for k in rowPointers[i]..<rowPointers[i + 1] {
                let j = Int(columnIndices[k])
                if upper ? j >= i : j <= i { ci.append(columnIndices[k]); va.append(values[k]) }
            }
            rp.append(ci.count)
        }
        return CSRMatrix(uncheckedRows: rows, columns: columns, rowPointers: rp, columnIndices: ci, values: va)
    }
}
