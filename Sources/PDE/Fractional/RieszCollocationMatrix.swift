import Foundation

/// The scaled collocation matrix Â (A = h^{−α} Â) of `RieszCollocation`, stored by its structure:
/// a symmetric Toeplitz matrix T(a) (the central part) plus a boundary correction of rank ≤ 4p − 6.
///
/// - `toeplitz[k]` = a_k = c_α [D_Lφ_p((p+1)/2 + k) + D_Lφ_p((p+1)/2 − k)], k = 0..<N (a_{−k} = a_k);
/// - `boundaryRows`: the p − 2 first and last rows, stored exactly (full length N);
/// - `boundaryColumns`: the p − 1 first and last columns, stored as Â_ij − a_{|i−j|} on the other rows.
///
/// Every other entry equals a_{|i−j|}. Right Riemann–Liouville entries come from R = J L J (flip).
/// Assembly cost: O(N) Toeplitz coefficients plus O(p N) boundary entries, each O(p²) (near the
/// diagonal, extended precision) or O(16 (p+1)) (far, Marchaud quadrature). Memory O(p N).
public struct RieszCollocationMatrix: Sendable {
    /// The discretisation this matrix belongs to.
    public let problem: RieszCollocation
    /// a_0 … a_{N−1} of the central symmetric Toeplitz part.
    public let toeplitz: [Double]
    /// Indices of the rows stored exactly.
    public let boundaryRowIndices: [Int]
    /// Row-major `boundaryRowIndices.count × N` values of those rows.
    public let boundaryRows: [Double]
    /// Indices of the columns that differ from Toeplitz on non-boundary rows.
    public let boundaryColumnIndices: [Int]
    /// `boundaryColumnIndices.count × N` corrections Â_ij − a_{|i−j|} (column-wise, zero on boundary rows).
    public let boundaryColumnCorrections: [Double]

    /// Matrix size N = n + p − 2.
    public var size: Int { problem.size }

    /// Assembles Â for `problem`. O(N p (p² + 100)) work, no O(N²) memory.
    public init(problem: RieszCollocation) {
        self.problem = problem
        let N = problem.size, p = problem.degree, n = problem.intervals
        let alpha = problem.alpha
        let c = problem.rieszConstant

        // Cardinal B-spline derivative and Toeplitz coefficients.
        let cardinal = FractionalBSplineDerivative(knots: (0...(p + 1)).map(Double.init), alpha: alpha)
        let centre = Double(p + 1) / 2
        var a = [Double](repeating: 0, count: N)
        for k in 0..<N {
            a[k] = c * (cardinal.value(at: centre + Double(k)) + cardinal.value(at: centre - Double(k)))
        }
        toeplitz = a

        // Evaluators for every column spline that is not cardinal (b = j + 1).
        let interiorCols = problem.interiorColumns
        let interiorRows = problem.interiorRows
        let colIdx = (0..<N).filter { !(interiorCols?.contains($0) ?? false) }
        let rowIdx = (0..<N).filter { !(interiorRows?.contains($0) ?? false) }
        var evaluators: [Int: FractionalBSplineDerivative] = [:]
        for j in colIdx { evaluators[j] = FractionalBSplineDerivative(knots: problem.localKnots(ofSpline: j + 1), alpha: alpha) }
        let points = (0..<N).map { problem.collocationPoint($0) }

        // L_ij = D_L B_{j+1}(ξ_i); generic route for any (i, j).
        func L(_ i: Int, _ j: Int) -> Double {
            let start = problem.knot(j + 1)
            if let e = evaluators[j] { return e.value(at: points[i] - start) }
            return cardinal.value(at: points[i] - start)
        }
        func entry(_ i: Int, _ j: Int) -> Double { c * (L(i, j) + L(N - 1 - i, N - 1 - j)) }

        var rows = [Double](repeating: 0, count: rowIdx.count * N)
        for (r, i) in rowIdx.enumerated() {
            for j in 0..<N { rows[r * N + j] = entry(i, j) }
        }
        var cols = [Double](repeating: 0, count: colIdx.count * N)
        let isBoundaryRow = Set(rowIdx)
        for (q, j) in colIdx.enumerated() {
            for i in 0..<N where !isBoundaryRow.contains(i) {
                cols[q * N + i] = entry(i, j) - a[abs(i - j)]
            }
        }
        _ = n
        boundaryRowIndices = rowIdx
        boundaryRows = rows
        boundaryColumnIndices = colIdx
        boundaryColumnCorrections = cols
    }

    /// Entry Â_ij (O(1)). Preconditions: 0 ≤ i, j < N.
    public func entry(_ i: Int, _ j: Int) -> Double {
        let N = size
        precondition(i >= 0 && i < N && j >= 0 && j < N, "RieszCollocationMatrix.entry(\(i), \(j)) outside \(N)×\(N)")
        if let r = boundaryRowIndices.firstIndex(of: i) { return boundaryRows[r * N + j] }
        var v = toeplitz[abs(i - j)]
        if let q = boundaryColumnIndices.firstIndex(of: j) { v += boundaryColumnCorrections[q * N + i] }
        return v
    }

    /// The dense N×N matrix Â, row-major. O(N²) time and memory; precondition N ≤ 20 000.
    public func dense() -> [Double] {
        let N = size
        precondition(N <= 20_000, "RieszCollocationMatrix.dense: N = \(N) is too large for a dense copy")
        var m = [Double](repeating: 0, count: N * N)
        m.withUnsafeMutableBufferPointer { d in
            toeplitz.withUnsafeBufferPointer { a in
                for i in 0..<N {
                    for j in 0..<N { d[i * N + j] = a[abs(i - j)] }
                }
            }
            for (q, j) in boundaryColumnIndices.enumerated() {
                for i in 0..<N { d[i * N + j] += boundaryColumnCorrections[q * N + i] }
            }
            for (r, i) in boundaryRowIndices.enumerated() {
                for j in 0..<N { d[i * N + j] = boundaryRows[r * N + j] }
            }
        }
        return m
    }

    /// Dense matrix-vector product with the stored structure, O(N²) (reference for the FFT operator).
    public func denseMultiply(_ x: [Double]) -> [Double] {
        let N = size
        precondition(x.count == N, "denseMultiply: x has \(x.count) entries, need \(N)")
        let d = dense()
        var y = [Double](repeating: 0, count: N)
        for i in 0..<N {
            var s = 0.0
            for j in 0..<N { s += d[i * N + j] * x[j] }
            y[i] = s
        }
        return y
    }
}
