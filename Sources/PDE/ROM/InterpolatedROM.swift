import Foundation

/// How the reduced operator is formed from the full one for a non-symmetric or non-affine problem.
public enum ReducedProjection: String, Sendable, Codable, CaseIterable {
    /// Galerkin: `VᵀA V c = Vᵀ f`.
    case galerkin
    /// Least-squares Petrov–Galerkin: `(AV)ᵀ(AV) c = (AV)ᵀ f` (minimises the residual over span V).
    case leastSquares
}

/// A ROM for a problem depending non-affinely on one scalar parameter t ∈ [a, b]: reduced
/// operators and loads sampled at Chebyshev points (second kind, including the end points) and
/// interpolated online by the barycentric formula, which converges exponentially in the number
/// of nodes for operators analytic in t. Online cost O(K N² + N³) for K nodes, independent of the
/// full size.
public struct InterpolatedROM: Sendable, Codable {
    /// The parameter interval [a, b].
    public let lower: Double, upper: Double
    /// Interpolation nodes (Chebyshev points of the second kind mapped to [a, b]).
    public let nodes: [Double]
    /// Reduced operators at the nodes (column-major N × N).
    public let operators: [[Double]]
    /// Reduced loads at the nodes.
    public let loads: [[Double]]
    /// N.
    public let basisSize: Int
    /// The projection the samples were computed with.
    public let projection: ReducedProjection

    /// The K Chebyshev points of the second kind on [a, b], ascending. Precondition K ≥ 2.
    public static func chebyshevNodes(_ k: Int, lower a: Double, upper b: Double) -> [Double] {
        precondition(k >= 2, "chebyshevNodes: need at least 2 nodes")
        return (0..<k).map { j in 0.5 * (a + b) - 0.5 * (b - a) * cos(Double.pi * Double(j) / Double(k - 1)) }
    }

    /// Creates the ROM from samples at `nodes` (which must be `chebyshevNodes(nodes.count, …)`).
    /// Throws for inconsistent sizes.
    public init(lower: Double, upper: Double, nodes: [Double], operators: [[Double]], loads: [[Double]], basisSize n: Int,
                projection: ReducedProjection) throws(ROMError) {
        guard lower < upper, nodes.count >= 2, operators.count == nodes.count, loads.count == nodes.count, n >= 1,
              operators.allSatisfy({ $0.count == n * n }), loads.allSatisfy({ $0.count == n }) else {
            throw ROMError("InterpolatedROM: inconsistent samples (\(nodes.count) nodes, N = \(n))")
        }
        self.lower = lower; self.upper = upper; self.nodes = nodes
        self.operators = operators; self.loads = loads; self.basisSize = n; self.projection = projection
    }

    /// Barycentric weights of the nodes at t (sum to 1).
    func weights(_ t: Double) -> [Double] {
        let k = nodes.count
        if let hit = nodes.firstIndex(of: t) { var w = [Double](repeating: 0, count: k); w[hit] = 1; return w }
        var w = (0..<k).map { j -> Double in
            let s: Double = j % 2 == 0 ? 1 : -1
            return (j == 0 || j == k - 1 ? 0.5 : 1) * s / (t - nodes[j])
        }
        let total = w.reduce(0, +)
        for j in 0..<k { w[j] /= total }
        return w
    }

    /// Reduced coefficients at parameter t (dense LU). Throws for t outside [a, b] or a singular
    /// reduced matrix.
    public func solve(_ t: Double) throws(ROMError) -> [Double] {
        guard t >= lower, t <= upper else { throw ROMError("parameter \(t) outside \(lower)...\(upper)") }
        let w = weights(t)
        let n = basisSize
        var a = [Double](repeating: 0, count: n * n), f = [Double](repeating: 0, count: n)
        for (j, wj) in w.enumerated() where wj != 0 {
            let aj = operators[j], fj = loads[j]
            for k in 0..<(n * n) { a[k] += wj * aj[k] }
            for k in 0..<n { f[k] += wj * fj[k] }
        }
        return try DenseLAPACK.solve(a, n: n, rhs: f)
    }

    /// The nested ROM on the first `n` basis vectors. Exact for Galerkin; for least squares the
    /// leading block of (AV)ᵀ(AV) is again the normal matrix of the shorter basis, so also exact.
    public func truncated(to n: Int) throws(ROMError) -> InterpolatedROM {
        guard n >= 1, n <= basisSize else { throw ROMError("truncated: \(n) outside 1...\(basisSize)") }
        let N = basisSize
        return try InterpolatedROM(lower: lower, upper: upper, nodes: nodes,
                                   operators: operators.map { a in (0..<(n * n)).map { a[($0 / n) * N + $0 % n] } },
                                   loads: loads.map { Array($0.prefix(n)) }, basisSize: n, projection: projection)
    }

    /// Reduced operator and load of a full dense operator `a` (column-major n×n) for basis `v`.
    public static func project(_ a: [Double], size: Int, load: [Double], basis v: [[Double]],
                               projection: ReducedProjection) -> (operator: [Double], load: [Double]) {
        let n = v.count
        var av: [[Double]] = []
        for col in v {
            var y = [Double](repeating: 0, count: size)
            a.withUnsafeBufferPointer { ap in
                for j in 0..<size where col[j] != 0 {
                    let c = col[j]
                    for i in 0..<size { y[i] += ap[j * size + i] * c }
                }
            }
            av.append(y)
        }
        let w = projection == .galerkin ? v : av
        var m = [Double](repeating: 0, count: n * n)
        for j in 0..<n { for i in 0..<n { m[j * n + i] = zip(w[i], av[j]).reduce(0) { $0 + $1.0 * $1.1 } } }
        let f = w.map { zip($0, load).reduce(0) { $0 + $1.0 * $1.1 } }
        return (m, f)
    }
}
