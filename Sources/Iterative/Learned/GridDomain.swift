import SparseLA

/// A 2-D or 3-D cell grid with a mask of active (fluid) cells, and its 5-/7-point Laplacian on
/// the active cells: the masked Poisson problems DCDM is evaluated on.
///
/// Grid indices run first-index-fastest. The outer box boundary is a Dirichlet wall (value 0);
/// faces between an active and an inactive (solid) cell are Dirichlet or Neumann walls
/// (`WallCondition`). Unknowns are the active cells in grid order.
public struct GridDomain: Sendable {
    /// Boundary condition on faces between active and solid cells.
    public enum WallCondition: String, Sendable, CaseIterable {
        /// u = 0 in the solid: the face contributes to the diagonal.
        case dirichlet
        /// ∂u/∂n = 0: the face is dropped from the stencil (the diagonal counts only the
        /// active and outer-box neighbours).
        case neumann
    }

    /// Cells per axis (2 or 3 entries, each ≥ 1).
    public let dims: [Int]
    /// `true` for active cells, `dims` product entries.
    public let mask: [Bool]
    /// Unknown index of each grid cell, −1 for solid cells.
    public let unknownOfCell: [Int32]
    /// Grid cell of each unknown.
    public let cellOfUnknown: [Int32]

    /// Number of grid cells.
    public var cellCount: Int { mask.count }
    /// Number of unknowns (active cells).
    public var unknownCount: Int { cellOfUnknown.count }

    /// A domain from an explicit mask.
    /// - Throws: `GridDomainError.invalidDimensions` unless `dims` has 2 or 3 positive entries,
    ///   `.maskSize` when `mask.count` is not their product, `.empty` when no cell is active.
    public init(dims: [Int], mask: [Bool]) throws(GridDomainError) {
        guard (dims.count == 2 || dims.count == 3), dims.allSatisfy({ $0 >= 1 && $0 <= 1 << 14 }) else {
            throw .invalidDimensions(dims)
        }
        let n = dims.reduce(1, *)
        guard mask.count == n else { throw .maskSize(expected: n, got: mask.count) }
        var u = [Int32](repeating: -1, count: n)
        var c = [Int32]()
        c.reserveCapacity(n)
        for i in 0..<n where mask[i] {
            u[i] = Int32(c.count)
            c.append(Int32(i))
        }
        guard !c.isEmpty else { throw .empty }
        self.dims = dims
        self.mask = mask
        unknownOfCell = u
        cellOfUnknown = c
    }

    /// Builds a mask from a predicate on cell-centre coordinates in [0,1]^d (each axis scaled to
    /// the unit interval, so on a non-cubic grid the shapes are stretched with the box).
    static func fromPredicate(dims: [Int], _ inside: ([Double]) -> Bool) throws(GridDomainError) -> GridDomain {
        guard dims.count == 2 || dims.count == 3, dims.allSatisfy({ $0 >= 1 && $0 <= 1 << 14 }) else {
            throw .invalidDimensions(dims)
        }
        let dimension = dims.count
        let total = dims.reduce(1, *)
        var mask = [Bool](repeating: false, count: total)
        var p = [Double](repeating: 0, count: dimension)
        for i in 0..<total {
            var r = i
            for d in 0..<dimension { p[d] = (Double(r % dims[d]) + 0.5) / Double(dims[d]); r /= dims[d] }
            mask[i] = inside(p)
        }
        return try GridDomain(dims: dims, mask: mask)
    }

    /// `n` cells on each of `dimension` axes (a square or cube grid).
    /// - Throws: `.invalidDimensions` unless `dimension` is 2 or 3 and `n` in 1...16384.
    static func cubic(n: Int, dimension: Int) throws(GridDomainError) -> [Int] {
        guard dimension == 2 || dimension == 3 else { throw .invalidDimensions([Int](repeating: n, count: max(0, min(dimension, 4)))) }
        return [Int](repeating: n, count: dimension)
    }

    /// The full box with `dims` cells per axis (the training domain when all sizes are equal).
    /// - Throws: `.invalidDimensions` unless `dims` has 2 or 3 entries in 1...16384.
    /// Complexity: O(cells).
    public static func box(dims: [Int]) throws(GridDomainError) -> GridDomain {
        try fromPredicate(dims: dims) { _ in true }
    }

    /// The full box `n^dimension`; same as `box(dims:)` with `n` on every axis.
    public static func box(n: Int, dimension: Int) throws(GridDomainError) -> GridDomain {
        try box(dims: cubic(n: n, dimension: dimension))
    }

    /// An L-shape: the box minus its upper-right quadrant (2-D) / octant (3-D), in unit-box
    /// coordinates. - Throws: `.invalidDimensions` as `box(dims:)`.
    public static func lShape(dims: [Int]) throws(GridDomainError) -> GridDomain {
        try fromPredicate(dims: dims) { p in !(p[0] > 0.5 && p[1] > 0.5 && (p.count < 3 || p[2] > 0.5)) }
    }

    /// An L-shape on the `n^dimension` grid; same as `lShape(dims:)`.
    public static func lShape(n: Int, dimension: Int) throws(GridDomainError) -> GridDomain {
        try lShape(dims: cubic(n: n, dimension: dimension))
    }

    /// A disc (2-D) / ball (3-D) of radius 0.45 centred in the unit box (an ellipse/ellipsoid in
    /// cells on a non-cubic grid). - Throws: `.invalidDimensions` as `box(dims:)`.
    public static func disc(dims: [Int]) throws(GridDomainError) -> GridDomain {
        try fromPredicate(dims: dims) { p in
            var s = 0.0
            for x in p { s += (x - 0.5) * (x - 0.5) }
            return s <= 0.45 * 0.45
        }
    }

    /// A disc / ball on the `n^dimension` grid; same as `disc(dims:)`.
    public static func disc(n: Int, dimension: Int) throws(GridDomainError) -> GridDomain {
        try disc(dims: cubic(n: n, dimension: dimension))
    }

    /// The box with `count` (clamped to 0...1000) random solid rectangular obstacles, centres in
    /// [0.15, 0.85] and half-sides 0.025–0.075 of each axis of the unit box, deterministic for a
    /// given `seed` (the same obstacles in unit coordinates for every grid size).
    /// - Throws: `.invalidDimensions` as `box(dims:)`; `.empty` if the obstacles cover every cell.
    public static func obstacles(dims: [Int], count: Int = 8, seed: UInt64) throws(GridDomainError) -> GridDomain {
        let dimension = dims.count
        var rng = SplitMix64(seed: seed)
        var boxes: [([Double], Double)] = []
        for _ in 0..<max(0, min(count, 1000)) {
            let c = (0..<dimension).map { _ in 0.15 + 0.7 * rng.nextUniform() }
            boxes.append((c, 0.025 + 0.05 * rng.nextUniform()))
        }
        return try fromPredicate(dims: dims) { p in
            for (c, h) in boxes {
                var inside = true
                for d in 0..<p.count where abs(p[d] - c[d]) > h { inside = false; break }
                if inside { return false }
            }
            return true
        }
    }

    /// Random obstacles on the `n^dimension` grid; same as `obstacles(dims:count:seed:)`.
    public static func obstacles(n: Int, dimension: Int, count: Int = 8, seed: UInt64) throws(GridDomainError) -> GridDomain {
        try obstacles(dims: cubic(n: n, dimension: dimension), count: count, seed: seed)
    }

    /// The named shape (`square`/`box`/`cube`, `lshape`, `disc`, `obstacles`) on a grid of `dims`
    /// cells per axis; `seed` places the obstacles.
    /// - Throws: `.unknownShape` for other names, plus the constructors' errors.
    public static func named(_ name: String, dims: [Int], seed: UInt64 = 1) throws(GridDomainError) -> GridDomain {
        switch name.lowercased() {
        case "square", "box", "cube": return try box(dims: dims)
        case "lshape", "l-shape", "l": return try lShape(dims: dims)
        case "disc", "disk", "ball": return try disc(dims: dims)
        case "obstacles": return try obstacles(dims: dims, seed: seed)
        default: throw .unknownShape(name)
        }
    }

    /// The named shape on the `n^dimension` grid; same as `named(_:dims:seed:)`.
    public static func named(_ name: String, n: Int, dimension: Int, seed: UInt64 = 1) throws(GridDomainError) -> GridDomain {
        try named(name, dims: cubic(n: n, dimension: dimension), seed: seed)
    }

    /// Number of solid (inactive) cells.
    public var solidCellCount: Int { cellCount - unknownCount }

    /// Active cells whose connected component (through active axis neighbours) never reaches the
    /// outer box boundary. With Neumann walls each such component is a pure-Neumann problem, so
    /// the Laplacian is singular whenever this is > 0 (e.g. the disc/ball, which does not touch
    /// the box). O(cells · d).
    public var enclosedUnknownCount: Int {
        let dimension = dims.count
        var strides = [Int](repeating: 1, count: dimension)
        for d in 1..<dimension { strides[d] = strides[d - 1] * dims[d - 1] }
        var reached = [Bool](repeating: false, count: cellCount)
        var stack: [Int] = []
        var coord = [Int](repeating: 0, count: dimension)
        func coordinates(_ cell: Int) {
            var r = cell
            for d in 0..<dimension { coord[d] = r % dims[d]; r /= dims[d] }
        }
        for cell in 0..<cellCount where mask[cell] {
            coordinates(cell)
            if (0..<dimension).contains(where: { coord[$0] == 0 || coord[$0] == dims[$0] - 1 }) {
                reached[cell] = true
                stack.append(cell)
            }
        }
        var count = stack.count
        while let cell = stack.popLast() {
            coordinates(cell)
            for d in 0..<dimension {
                for s in [-1, 1] {
                    let c = coord[d] + s
                    guard c >= 0 && c < dims[d] else { continue }
                    let nb = cell + s * strides[d]
                    if mask[nb] && !reached[nb] { reached[nb] = true; count += 1; stack.append(nb) }
                }
            }
        }
        return unknownCount - count
    }

    /// The (2d+1)-point Laplacian on the active cells (unit spacing: 2d or fewer on the diagonal,
    /// −1 off it). SPD for Dirichlet walls; for Neumann walls SPD exactly when every connected
    /// component touches the outer box (`enclosedUnknownCount == 0`; false for the disc/ball).
    /// Complexity: O(cells · d).
    public func laplacian(walls: WallCondition = .dirichlet) -> CSRMatrix {
        let nu = unknownCount
        let dimension = dims.count
        var strides = [Int](repeating: 1, count: dimension)
        for d in 1..<dimension { strides[d] = strides[d - 1] * dims[d - 1] }
        var rp = [Int](repeating: 0, count: nu + 1)
        var ci = [Int32]()
        var va = [Double]()
        ci.reserveCapacity(nu * (2 * dimension + 1))
        va.reserveCapacity(nu * (2 * dimension + 1))
        var coord = [Int](repeating: 0, count: dimension)
        var entries: [(Int32, Double)] = []
        for k in 0..<nu {
            let cell = Int(cellOfUnknown[k])
            var r = cell
            for d in 0..<dimension { coord[d] = r % dims[d]; r /= dims[d] }
            entries.removeAll(keepingCapacity: true)
            var diag = 0.0
            for d in 0..<dimension {
                for s in [-1, 1] {
                    let c = coord[d] + s
                    if c < 0 || c >= dims[d] { diag += 1; continue }
                    let nb = unknownOfCell[cell + s * strides[d]]
                    if nb >= 0 {
                        diag += 1
                        entries.append((nb, -1))
                    } else if walls == .dirichlet {
                        diag += 1
                    }
                }
            }
            entries.append((Int32(k), diag))
            entries.sort { $0.0 < $1.0 }
            for (j, v) in entries { ci.append(j); va.append(v) }
            rp[k + 1] = ci.count
        }
        return CSRMatrix(uncheckedRows: nu, columns: nu, rowPointers: rp, columnIndices: ci, values: va)
    }

    /// Scatters unknowns into a zero-filled grid vector (solid cells 0).
    public func scatter(_ u: UnsafeBufferPointer<Double>, into grid: UnsafeMutableBufferPointer<Float>, scale: Double = 1) {
        for i in 0..<cellCount { grid[i] = 0 }
        for k in 0..<unknownCount { grid[Int(cellOfUnknown[k])] = Float(u[k] * scale) }
    }

    /// Gathers the active cells of a grid vector.
    public func gather(_ grid: UnsafeBufferPointer<Float>, into u: UnsafeMutableBufferPointer<Double>) {
        for k in 0..<unknownCount { u[k] = Double(grid[Int(cellOfUnknown[k])]) }
    }
}

/// Why a grid domain could not be built.
public enum GridDomainError: Error, Equatable, CustomStringConvertible {
    /// Dimensions must be 2 or 3 entries in 1...16384.
    case invalidDimensions([Int])
    /// The mask length does not match the grid.
    case maskSize(expected: Int, got: Int)
    /// No active cell.
    case empty
    /// Not one of the named shapes.
    case unknownShape(String)

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case .invalidDimensions(let d): return "grid dimensions \(d) invalid (need 2 or 3 sizes in 1...16384)"
        case .maskSize(let e, let g): return "mask has \(g) entries, grid has \(e) cells"
        case .empty: return "the domain has no active cell"
        case .unknownShape(let s): return "unknown domain shape '\(s)' (box, lshape, disc, obstacles)"
        }
    }
}
