import SparseLA

/// The relaxation sweeps shared by the stationary solvers (Jacobi, Gauss-Seidel, SOR, SSOR), the
/// SSOR preconditioner, and anything that wants them as building blocks (multigrid smoothers,
/// a bandit-tuned SOR): built once per matrix (finds the diagonal, O(nnz)), then each sweep is
/// one pass over the matrix, O(nnz), in place, allocation free.
public struct RelaxationSweeps: Sendable {
    /// The matrix the sweeps relax.
    public let matrix: CSRMatrix
    /// 1 / a_ii.
    public let inverseDiagonal: [Double]
    /// Index of a_ii in `matrix.values` for each row.
    let diagonalPositions: [Int]

    /// Prepares the sweeps for `matrix`.
    /// - Throws: `PreconditionerError.notSquare`, or `.zeroDiagonal(row:)` when a diagonal entry is
    ///   zero, missing or not finite.
    public init(_ matrix: CSRMatrix) throws(PreconditionerError) {
        let (pos, inv) = try matrix.diagonalPositions()
        self.matrix = matrix
        self.inverseDiagonal = inv
        self.diagonalPositions = pos
    }

    /// Rows (= columns).
    public var size: Int { matrix.rows }

    /// Runs `body` with raw pointers to the CSR arrays and the inverse diagonal.
    @inline(__always)
    func withPointers<R>(_ body: (UnsafePointer<Int>, UnsafePointer<Int32>, UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Int>) -> R) -> R {
        matrix.rowPointers.withUnsafeBufferPointer { rp in
            matrix.columnIndices.withUnsafeBufferPointer { ci in
                matrix.values.withUnsafeBufferPointer { va in
                    inverseDiagonal.withUnsafeBufferPointer { d in
                        diagonalPositions.withUnsafeBufferPointer { dp in
                            // n > 0 guarantees non-nil bases (each row stores its diagonal).
                            body(rp.baseAddress!, ci.baseAddress!, va.baseAddress!, d.baseAddress!, dp.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    /// One forward SOR sweep in place: for i = 0, 1, …: `x_i += ω (b_i − (A x)_i) / a_ii`
    /// (Gauss-Seidel when ω = 1). Equivalent to `x ← x + M⁻¹(b − A x)` with `M = D/ω + L`.
    /// - Precondition: `b.count == x.count == size`.
    public func forward(b: UnsafeBufferPointer<Double>, x: UnsafeMutableBufferPointer<Double>, omega: Double) {
        precondition(b.count == size && x.count == size, "RelaxationSweeps.forward: length mismatch")
        let n = size
        guard n > 0, let bp = b.baseAddress, let xp = x.baseAddress else { return }
        withPointers { rp, ci, va, d, _ in
            for i in 0..<n {
                var s = 0.0
                for k in rp[i]..<rp[i + 1] { s += va[k] * xp[Int(ci[k])] }
                xp[i] += omega * (bp[i] - s) * d[i]
            }
        }
    }

    /// One backward SOR sweep in place (rows n−1 … 0), `M = D/ω + U`.
    /// - Precondition: `b.count == x.count == size`.
    public func backward(b: UnsafeBufferPointer<Double>, x: UnsafeMutableBufferPointer<Double>, omega: Double) {
        precondition(b.count == size && x.count == size, "RelaxationSweeps.backward: length mismatch")
        let n = size
        guard n > 0, let bp = b.baseAddress, let xp = x.baseAddress else { return }
        withPointers { rp, ci, va, d, _ in
            var i = n - 1
            while i >= 0 {
                var s = 0.0
                for k in rp[i]..<rp[i + 1] { s += va[k] * xp[Int(ci[k])] }
                xp[i] += omega * (bp[i] - s) * d[i]
                i -= 1
            }
        }
    }

    /// Array forms of the sweeps.
    public func forward(b: [Double], x: inout [Double], omega: Double) {
        b.withUnsafeBufferPointer { bp in x.withUnsafeMutableBufferPointer { forward(b: bp, x: $0, omega: omega) } }
    }

    /// Array form of `backward(b:x:omega:)`.
    public func backward(b: [Double], x: inout [Double], omega: Double) {
        b.withUnsafeBufferPointer { bp in x.withUnsafeMutableBufferPointer { backward(b: bp, x: $0, omega: omega) } }
    }
}
