/// A scalar field `f(x, y, z)`; unused coordinates are 0 (1D: y = z = 0, 2D: z = 0).
public typealias ScalarField = @Sendable (Double, Double, Double) -> Double

/// Neumann data `∂u/∂n(x, y, z)` on the face `face`: 0 = x low, 1 = x high, 2 = y low,
/// 3 = y high, 4 = z low, 5 = z high (so a corner node gets one value per face it lies on).
public typealias FluxField = @Sendable (Double, Double, Double, Int) -> Double

/// Boundary condition kind on one face of a structured grid.
public enum GridBoundary: String, Sendable, CaseIterable {
    /// Prescribed value `u = g` on the face. The face itself is not an unknown.
    case dirichlet
    /// Prescribed outward flux `∂u/∂n = g` on the face. The face nodes are unknowns (half cells).
    case neumann
    /// Periodic axis (both faces of the axis must say so).
    case periodic
}

/// One axis of a vertex-centred structured grid.
///
/// `count` is the number of unknown nodes along the axis; the spacing follows from the boundary
/// kinds so that Dirichlet faces sit one spacing outside the first/last unknown and Neumann faces
/// carry an unknown node:
/// - Dirichlet/Dirichlet: `h = length/(count+1)`, nodes at `origin + (i+1)h` (the DST-I grid);
/// - Neumann/Neumann: `h = length/(count-1)`, nodes at `origin + i h` (the DCT-I grid);
/// - Dirichlet/Neumann or Neumann/Dirichlet: `h = length/count`;
/// - periodic: `h = length/count`, nodes at `origin + i h` (node `count` is node 0).
public struct GridAxis: Sendable, Equatable {
    /// Unknown nodes along the axis (≥ 1; ≥ 2 with two Neumann faces; ≥ 3 when periodic).
    public var count: Int
    /// Physical length of the axis (> 0).
    public var length: Double
    /// Coordinate of the low face.
    public var origin: Double
    /// Condition on the low face.
    public var low: GridBoundary
    /// Condition on the high face.
    public var high: GridBoundary

    /// Creates an axis; see the type's documentation for the node layout.
    public init(count: Int, length: Double = 1, origin: Double = 0, low: GridBoundary = .dirichlet, high: GridBoundary = .dirichlet) {
        self.count = count
        self.length = length
        self.origin = origin
        self.low = low
        self.high = high
    }

    /// Spacing between nodes.
    public var spacing: Double {
        if low == .periodic { return length / Double(count) }
        let intervals = count - 1 + (low == .dirichlet ? 1 : 0) + (high == .dirichlet ? 1 : 0)
        return length / Double(intervals)
    }

    /// Coordinate of unknown node `i` (0-based).
    @inlinable public func coordinate(_ i: Int) -> Double {
        origin + (Double(i) + (low == .dirichlet ? 1 : 0)) * spacing
    }

    /// Why the axis is unusable, or `nil` when it is fine.
    public var problem: String? {
        if !(length > 0) || !length.isFinite { return "axis length \(length) must be positive and finite" }
        if (low == .periodic) != (high == .periodic) { return "periodic must be set on both faces of an axis" }
        if low == .periodic && count < 3 { return "a periodic axis needs at least 3 nodes (got \(count))" }
        if low == .neumann && high == .neumann && count < 2 { return "a Neumann/Neumann axis needs at least 2 nodes" }
        if count < 1 { return "an axis needs at least 1 node (got \(count))" }
        return nil
    }
}

/// A 1D, 2D or 3D vertex-centred structured grid: the axes, the node numbering (x fastest)
/// and the per-node control-volume weights.
public struct PoissonGrid: Sendable, Equatable {
    /// The axes, x first (1 to 3 of them).
    public let axes: [GridAxis]

    /// Creates a grid. Throws `GridError.invalidAxis` for a bad axis or more than 3 axes, or
    /// `GridError.tooLarge` when the node count exceeds `Int32.max`.
    public init(axes: [GridAxis]) throws(GridError) {
        guard (1...3).contains(axes.count) else { throw .invalidAxis(axis: axes.count, reason: "a grid has 1 to 3 axes, got \(axes.count)") }
        for (d, a) in axes.enumerated() {
            if let p = a.problem { throw .invalidAxis(axis: d, reason: p) }
        }
        var total = 1
        for a in axes {
            let (m, o) = total.multipliedReportingOverflow(by: a.count)
            guard !o, m <= Int(Int32.max) else { throw .tooLarge(nodes: o ? Int.max : m) }
            total = m
        }
        self.axes = axes
    }

    /// Convenience: the unit square/cube (or interval) with `n` nodes per axis and one boundary
    /// kind everywhere.
    public static func uniform(dimensions: Int, n: Int, boundary: GridBoundary = .dirichlet, length: Double = 1) throws(GridError) -> PoissonGrid {
        try PoissonGrid(axes: Array(repeating: GridAxis(count: n, length: length, low: boundary, high: boundary), count: dimensions))
    }

    /// Number of axes (1, 2 or 3).
    public var dimension: Int { axes.count }
    /// Nodes per axis.
    public var counts: [Int] { axes.map(\.count) }
    /// Spacing per axis.
    public var spacings: [Double] { axes.map(\.spacing) }
    /// Total number of nodes (= unknowns of the assembled system).
    public var nodeCount: Int { axes.reduce(1) { $0 * $1.count } }
    /// Index strides per axis (x fastest).
    public var strides: [Int] {
        var s = [1, 1, 1]
        for d in 1..<3 { s[d] = s[d - 1] * (d - 1 < axes.count ? axes[d - 1].count : 1) }
        return Array(s.prefix(axes.count))
    }
    /// True when no face is Dirichlet: constants are in the null space of the unmasked operator.
    public var isSingular: Bool { !axes.contains { $0.low == .dirichlet || $0.high == .dirichlet } }

    /// Counts padded to 3 axes (missing axes have 1 node).
    var counts3: (Int, Int, Int) {
        (axes[0].count, axes.count > 1 ? axes[1].count : 1, axes.count > 2 ? axes[2].count : 1)
    }

    /// Coordinates `(x, y, z)` of node `(i, j, k)` (missing axes give 0).
    @inlinable public func point(_ i: Int, _ j: Int, _ k: Int) -> (Double, Double, Double) {
        (axes[0].coordinate(i), axes.count > 1 ? axes[1].coordinate(j) : 0, axes.count > 2 ? axes[2].coordinate(k) : 0)
    }

    /// Width of the control volume of node `i` along axis `d` (spacing, halved on a Neumann face).
    @inlinable public func cellWidth(axis d: Int, index i: Int) -> Double {
        let a = axes[d]
        var w = a.spacing
        if a.low == .neumann && i == 0 { w *= 0.5 }
        if a.high == .neumann && i == a.count - 1 { w *= 0.5 }
        return w
    }

    /// Control-volume weight of every node relative to a full cell (1 inside, 1/2 on a Neumann
    /// face, 1/4 on a Neumann edge, 1/8 on a Neumann corner). The assembled matrix is `W · A_ghost`
    /// where `A_ghost` is the ghost-point (DCT-diagonalised) operator. O(nodes).
    public func volumeWeights() -> [Double] {
        let (nx, ny, nz) = counts3
        var w = [Double](repeating: 1, count: nodeCount)
        let h = spacings
        for k in 0..<nz {
            let wz = dimension > 2 ? cellWidth(axis: 2, index: k) / h[2] : 1
            for j in 0..<ny {
                let wy = dimension > 1 ? cellWidth(axis: 1, index: j) / h[1] : 1
                for i in 0..<nx {
                    w[(k * ny + j) * nx + i] = wz * wy * cellWidth(axis: 0, index: i) / h[0]
                }
            }
        }
        return w
    }

    /// Samples `f` at every node (x fastest). O(nodes) calls of `f`.
    public func sample(_ f: ScalarField) -> [Double] {
        let (nx, ny, nz) = counts3
        var out = [Double](repeating: 0, count: nodeCount)
        var idx = 0
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let p = point(i, j, k)
                    out[idx] = f(p.0, p.1, p.2)
                    idx += 1
                }
            }
        }
        return out
    }
}

/// Errors from grid set-up and assembly.
public enum GridError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Axis `axis` (0 = x) is invalid for the stated reason.
    case invalidAxis(axis: Int, reason: String)
    /// The grid has more nodes than 32-bit column indices allow.
    case tooLarge(nodes: Int)
    /// A per-node array (mask, coefficient) has the wrong length.
    case sizeMismatch(what: String, expected: Int, got: Int)
    /// A coefficient value is not positive and finite at the given node.
    case badCoefficient(node: Int, value: Double)
    /// The fast solver cannot handle this configuration.
    case unsupported(String)

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case .invalidAxis(let a, let r): return "grid axis \(a): \(r)"
        case .tooLarge(let n): return "grid has \(n) nodes, more than 32-bit indices allow"
        case .sizeMismatch(let w, let e, let g): return "\(w) has \(g) entries, grid has \(e) nodes"
        case .badCoefficient(let n, let v): return "coefficient \(v) at node \(n) is not positive and finite"
        case .unsupported(let s): return "unsupported: \(s)"
        }
    }
}
