/// BLAS-1 style helpers on `[Double]`, written as tight loops over buffers (for the vector lengths
/// of sparse solves these match OpenBLAS and avoid its call overhead and threading noise).
public enum DenseVector {
    /// Σ xᵢ yᵢ. - Precondition: equal lengths.
    @inlinable
    public static func dot(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "dot: length mismatch \(x.count) vs \(y.count)")
        return x.withUnsafeBufferPointer { xp in y.withUnsafeBufferPointer { yp in dot(xp, yp) } }
    }

    /// Σ xᵢ yᵢ over buffers, with four partial sums.
    @inlinable
    public static func dot(_ x: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>) -> Double {
        let n = Swift.min(x.count, y.count)
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += x[i] * y[i]; s1 += x[i + 1] * y[i + 1]
            s2 += x[i + 2] * y[i + 2]; s3 += x[i + 3] * y[i + 3]
            i += 4
        }
        while i < n { s0 += x[i] * y[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Euclidean norm ‖x‖₂, safe against overflow and underflow (scaled like LAPACK's dnrm2).
    @inlinable
    public static func norm2(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { norm2($0) }
    }

    /// Euclidean norm over a buffer. Fast path: plain sum of squares when it neither overflows nor
    /// underflows; otherwise a scaled recomputation.
    @inlinable
    public static func norm2(_ x: UnsafeBufferPointer<Double>) -> Double {
        let s = dot(x, x)
        if s.isFinite && s > 1e-280 { return s.squareRoot() }
        if s.isNaN { return .nan }
        var scale = 0.0
        for v in x { scale = Swift.max(scale, abs(v)) }
        if scale == 0 || !scale.isFinite { return scale }
        var t = 0.0
        for v in x { let q = v / scale; t += q * q }
        return scale * t.squareRoot()
    }

    /// max |xᵢ|.
    public static func normInf(_ x: [Double]) -> Double {
        var m = 0.0
        for v in x { if abs(v) > m || v.isNaN { m = abs(v) } }
        return m
    }

    /// y ← a x + y.
    @inlinable
    public static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        precondition(x.count == y.count, "axpy: length mismatch")
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in for i in 0..<xp.count { yp[i] += a * xp[i] } }
        }
    }

    /// x ← a x.
    public static func scale(_ a: Double, _ x: inout [Double]) {
        x.withUnsafeMutableBufferPointer { xp in for i in 0..<xp.count { xp[i] *= a } }
    }

    /// x - y.
    public static func subtract(_ x: [Double], _ y: [Double]) -> [Double] {
        precondition(x.count == y.count, "subtract: length mismatch")
        return zip(x, y).map { $0 - $1 }
    }

    /// A vector of `n` ones.
    public static func ones(_ n: Int) -> [Double] { [Double](repeating: 1, count: n) }
}

extension CSRMatrix {
    /// ‖b − A x‖₂ computed afresh.
    public func residualNorm(x: [Double], b: [Double]) -> Double {
        precondition(b.count == rows, "residualNorm: b has \(b.count) entries, matrix has \(rows) rows")
        var r = multiplied(by: x)
        for i in 0..<rows { r[i] = b[i] - r[i] }
        return DenseVector.norm2(r)
    }

    /// ‖b − A x‖₂ / ‖b‖₂ (or the absolute residual when b = 0).
    public func relativeResidual(x: [Double], b: [Double]) -> Double {
        let nb = DenseVector.norm2(b)
        let r = residualNorm(x: x, b: b)
        return nb > 0 ? r / nb : r
    }
}
