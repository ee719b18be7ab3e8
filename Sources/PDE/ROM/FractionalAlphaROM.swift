import Foundation

/// Example 2 of the ROM: the Riesz fractional problem `−∂^α u/∂|x|^α = 1` on (0, 1), u = 0
/// outside, by degree-p B-spline collocation (`RieszCollocation`), for α in a range such as
/// [1.1, 1.9]. The operator is not affine in α, so full snapshots are taken at K Chebyshev
/// nodes in α, compressed by POD, and the reduced operators at the same nodes are interpolated
/// in α online (`InterpolatedROM`).
public struct FractionalAlphaROM: Sendable {
    /// Spline degree and number of knot intervals of the full model.
    public let degree: Int, intervals: Int
    /// The POD basis (Euclidean, in spline coefficients).
    public let basis: ReducedBasis
    /// The online model.
    public let rom: InterpolatedROM
    /// Singular values of the snapshot set.
    public let singularValues: [Double]

    /// Full system at α: (column-major dense Â, load h^α·1 on interior rows, 0 on boundary rows).
    /// O(N²). Throws for α outside (1, 2) or bad sizes.
    public static func fullSystem(alpha: Double, degree: Int, intervals: Int) throws(ROMError) -> (matrix: [Double], load: [Double], size: Int) {
        let p: RieszCollocation
        do { p = try RieszCollocation(alpha: alpha, degree: degree, intervals: intervals) } catch {
            throw ROMError("fractional problem: \(error)")
        }
        guard p.size <= 4000 else { throw ROMError("fractional ROM: N = \(p.size) > 4000 dense unknowns") }
        let m = RieszCollocationMatrix(problem: p)
        let rowMajor = m.dense()
        let n = p.size
        var cm = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { cm[j * n + i] = rowMajor[i * n + j] } }
        let hs = pow(p.h, alpha)
        var f = [Double](repeating: hs, count: n)
        for i in m.boundaryRowIndices { f[i] = 0 }
        return (cm, f, n)
    }

    /// Full-order solution at α (dense LU, O(N³)).
    public static func fullSolve(alpha: Double, degree: Int, intervals: Int) throws(ROMError) -> [Double] {
        let s = try fullSystem(alpha: alpha, degree: degree, intervals: intervals)
        return try DenseLAPACK.solve(s.matrix, n: s.size, rhs: s.load)
    }

    /// Offline stage: K = `nodes` full solves at Chebyshev α-nodes in `range`, POD with
    /// `truncation`, reduced operators at the nodes. Cost O(K N³).
    public init(degree: Int = 3, intervals: Int, range: ClosedRange<Double> = 1.1...1.9, nodes: Int = 13,
                truncation: PODTruncation = PODTruncation(rtol: 1e-12), projection: ReducedProjection = .leastSquares) throws(ROMError) {
        guard range.lowerBound > 1, range.upperBound < 2, range.lowerBound < range.upperBound else {
            throw ROMError("alpha range \(range) must lie inside (1, 2)")
        }
        guard nodes >= 2 else { throw ROMError("need at least 2 alpha nodes") }
        let alphas = InterpolatedROM.chebyshevNodes(nodes, lower: range.lowerBound, upper: range.upperBound)
        var systems: [(matrix: [Double], load: [Double], size: Int)] = []
        var snaps: SnapshotMatrix? = nil
        for a in alphas {
            let s = try Self.fullSystem(alpha: a, degree: degree, intervals: intervals)
            if snaps == nil { snaps = try SnapshotMatrix(length: s.size) }
            try snaps!.append(try DenseLAPACK.solve(s.matrix, n: s.size, rhs: s.load))
            systems.append(s)
        }
        let pod = try POD.compute(snaps!, method: .svd, truncation: truncation)
        var ops: [[Double]] = [], loads: [[Double]] = []
        for s in systems {
            let r = InterpolatedROM.project(s.matrix, size: s.size, load: s.load, basis: pod.basis.vectors, projection: projection)
            ops.append(r.operator); loads.append(r.load)
        }
        self.degree = degree
        self.intervals = intervals
        basis = pod.basis
        singularValues = pod.singularValues
        rom = try InterpolatedROM(lower: range.lowerBound, upper: range.upperBound, nodes: alphas, operators: ops, loads: loads,
                                  basisSize: pod.basis.count, projection: projection)
    }

    /// Full-size ROM solution at α using the first `n` modes (default all).
    public func solve(alpha: Double, modes n: Int? = nil) throws(ROMError) -> [Double] {
        let r = try rom.truncated(to: n ?? rom.basisSize)
        return basis.expand(try r.solve(alpha))
    }
}
