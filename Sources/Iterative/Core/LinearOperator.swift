import SparseLA

/// A linear map `y = A x`, the only thing Krylov methods need from a matrix.
///
/// Conform matrices, matrix-free stencils, FFT-based operators or closures. `apply` works on raw
/// buffers so solvers can keep their vectors in reusable workspaces without copies.
public protocol LinearOperator {
    /// Length of `y`.
    var rows: Int { get }
    /// Length of `x`.
    var columns: Int { get }
    /// Computes `y = A x`. `x` has `columns` entries, `y` has `rows`; they never overlap.
    func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>)
}

extension LinearOperator {
    /// `y = A x` on arrays (convenience; solvers use the buffer form).
    public func apply(_ x: [Double], into y: inout [Double]) {
        precondition(x.count == columns, "apply: x has \(x.count) entries, operator has \(columns) columns")
        if y.count != rows { y = [Double](repeating: 0, count: rows) }
        x.withUnsafeBufferPointer { xp in y.withUnsafeMutableBufferPointer { yp in apply(xp, into: yp) } }
    }

    /// Returns `A x`.
    public func applied(to x: [Double]) -> [Double] {
        var y = [Double](repeating: 0, count: rows)
        apply(x, into: &y)
        return y
    }
}

extension CSRMatrix: LinearOperator {
    /// `y = A x` with the serial CSR kernel.
    @inlinable
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        multiply(x, into: y)
    }
}

/// A `LinearOperator` given by a closure (matrix-free use).
public struct ClosureOperator: LinearOperator {
    /// Length of `y`.
    public let rows: Int
    /// Length of `x`.
    public let columns: Int
    private let body: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

    /// Wraps `body(x, y)`, which must write all of `y = A x`.
    public init(rows: Int, columns: Int, _ body: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
        self.rows = rows
        self.columns = columns
        self.body = body
    }

    /// Computes `y = A x`. `x` has `columns` entries, `y` has `rows`; they never overlap.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        body(x, y)
    }
}

/// A CSR matrix applied with the multi-threaded SpMV kernel.
public struct ParallelCSROperator: LinearOperator {
    /// The wrapped matrix.
    public let matrix: CSRMatrix
    /// Threads used per product.
    public let threads: Int
    private let partition: [Int]

    /// Length of `y`.
    public var rows: Int { matrix.rows }
    /// Length of `x`.
    public var columns: Int { matrix.columns }

    /// Wraps `matrix`, splitting each product over `threads` threads by balanced row blocks.
    public init(_ matrix: CSRMatrix, threads: Int) {
        self.matrix = matrix
        self.threads = threads
        self.partition = matrix.balancedRowPartition(parts: threads)
    }

    /// Computes `y = A x`. `x` has `columns` entries, `y` has `rows`; they never overlap.
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        matrix.multiplyParallel(x, into: y, threads: threads, partition: partition)
    }
}
