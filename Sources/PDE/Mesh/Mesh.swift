import Foundation

/// A simplicial mesh (triangles in 2D, tetrahedra in 3D) with physical tags, as read from Gmsh or
/// Triangle files or generated in code. Nodes are 0-based; every node has x, y, z (z = 0 in 2D).
public struct Mesh: Sendable, Equatable {
    /// Node coordinates, 3 per node (x, y, z).
    public var points: [Double]
    /// 2 for triangle meshes, 3 for tetrahedral meshes.
    public var cellDimension: Int
    /// Cell connectivity, `cellDimension + 1` node indices per cell.
    public var cells: [Int32]
    /// Physical tag of every cell (0 when the file gives none).
    public var cellTags: [Int32]
    /// Boundary elements stored in the file (segments in 2D, triangles in 3D), `cellDimension`
    /// nodes each; may be empty (then use `boundaryFacets()`).
    public var facets: [Int32]
    /// Physical tag of every stored facet (0 when none).
    public var facetTags: [Int32]
    /// Physical names: (dimension, tag, name).
    public var physicalNames: [PhysicalName]
    /// Where the mesh came from (file path or "generated").
    public var source: String

    /// A named physical group of a Gmsh file.
    public struct PhysicalName: Sendable, Equatable {
        /// Dimension of the group (1 = curves, 2 = surfaces, 3 = volumes).
        public var dimension: Int
        /// Physical tag.
        public var tag: Int32
        /// Name as written in the file.
        public var name: String
        /// Memberwise initializer.
        public init(dimension: Int, tag: Int32, name: String) { self.dimension = dimension; self.tag = tag; self.name = name }
    }

    /// Memberwise initializer; see the properties. Use `validate()` for untrusted data.
    public init(points: [Double], cellDimension: Int, cells: [Int32], cellTags: [Int32]? = nil, facets: [Int32] = [],
                facetTags: [Int32]? = nil, physicalNames: [PhysicalName] = [], source: String = "generated") {
        self.points = points
        self.cellDimension = cellDimension
        self.cells = cells
        self.cellTags = cellTags ?? [Int32](repeating: 0, count: cells.count / (cellDimension + 1))
        self.facets = facets
        self.facetTags = facetTags ?? [Int32](repeating: 0, count: facets.count / max(cellDimension, 1))
        self.physicalNames = physicalNames
        self.source = source
    }

    /// Number of nodes.
    public var nodeCount: Int { points.count / 3 }
    /// Number of cells.
    public var cellCount: Int { cells.count / (cellDimension + 1) }
    /// Nodes per cell (3 or 4).
    public var nodesPerCell: Int { cellDimension + 1 }

    /// Physical tag with the given name, if any.
    public func physicalTag(named name: String) -> Int32? {
        physicalNames.first { $0.name == name }?.tag
    }

    /// True when a triangle mesh lies in the plane z = constant (so 2D P1 FEM applies).
    public var isPlanar: Bool {
        guard cellDimension == 2, nodeCount > 0 else { return true }
        let z0 = points[2]
        var i = 5
        while i < points.count { if abs(points[i] - z0) > 1e-12 * max(1, abs(z0)) { return false }; i += 3 }
        return true
    }

    /// Facets on the topological boundary (belonging to exactly one cell), `cellDimension` node
    /// indices each, oriented as in their cell. O(cells log cells).
    public func boundaryFacets() -> [Int32] { boundaryFacetsWithNormals().facets }

    /// Order-independent 64-bit key of a facet (2 or 3 node indices): 32 bits per node for
    /// segments, 21 bits per node for triangles (tetrahedral meshes up to 2²¹ nodes, enforced by `validate()`).
    @inline(__always) static func facetKey(_ a: Int32, _ b: Int32, _ c: Int32 = -1) -> UInt64 {
        if c < 0 { let (x, y) = a < b ? (a, b) : (b, a); return UInt64(x) << 32 | UInt64(y) }
        var x = a, y = b, z = c
        if x > y { swap(&x, &y) }; if y > z { swap(&y, &z) }; if x > y { swap(&x, &y) }
        return UInt64(x) << 42 | UInt64(y) << 21 | UInt64(z)
    }

    /// Boundary facets (as `boundaryFacets()`) with their unit outward normals (3 per facet).
    /// The order is deterministic (by facet key). O(cells log cells).
    public func boundaryFacetsWithNormals() -> (facets: [Int32], normals: [Double]) {
        let k = nodesPerCell
        precondition(k == 3 || nodeCount < (1 << 21), "boundaryFacets: tetrahedral meshes are limited to 2^21 nodes")
        // (key, cell * k + skipped local node), sorted by key: a boundary facet's key appears once.
        var entries: [(UInt64, Int)] = []
        entries.reserveCapacity(cellCount * k)
        cells.withUnsafeBufferPointer { cp in
            for c in 0..<cellCount {
                let b = c * k
                if k == 3 {
                    entries.append((Mesh.facetKey(cp[b + 1], cp[b + 2]), b))
                    entries.append((Mesh.facetKey(cp[b], cp[b + 2]), b + 1))
                    entries.append((Mesh.facetKey(cp[b], cp[b + 1]), b + 2))
                } else {
                    entries.append((Mesh.facetKey(cp[b + 1], cp[b + 2], cp[b + 3]), b))
                    entries.append((Mesh.facetKey(cp[b], cp[b + 2], cp[b + 3]), b + 1))
                    entries.append((Mesh.facetKey(cp[b], cp[b + 1], cp[b + 3]), b + 2))
                    entries.append((Mesh.facetKey(cp[b], cp[b + 1], cp[b + 2]), b + 3))
                }
            }
        }
        entries.sort { $0.0 < $1.0 }
        var out: [Int32] = [], normals: [Double] = []
        func p(_ i: Int32) -> (Double, Double, Double) { (points[3 * Int(i)], points[3 * Int(i) + 1], points[3 * Int(i) + 2]) }
        var i = 0
        while i < entries.count {
            var j = i + 1
            while j < entries.count && entries[j].0 == entries[i].0 { j += 1 }
            if j == i + 1 {
                let slot = entries[i].1
                let c = slot / k, skip = slot % k
                var f: [Int32] = []
                for t in 0..<k where t != skip { f.append(cells[c * k + t]) }
                out += f
                let a = p(f[0]), o = p(cells[slot])
                var n: (Double, Double, Double)
                if k == 3 {
                    let b = p(f[1])
                    n = (b.1 - a.1, -(b.0 - a.0), 0)
                } else {
                    let b = p(f[1]), cc = p(f[2])
                    let u = (b.0 - a.0, b.1 - a.1, b.2 - a.2), w = (cc.0 - a.0, cc.1 - a.1, cc.2 - a.2)
                    n = (u.1 * w.2 - u.2 * w.1, u.2 * w.0 - u.0 * w.2, u.0 * w.1 - u.1 * w.0)
                }
                let len = (n.0 * n.0 + n.1 * n.1 + n.2 * n.2).squareRoot()
                if len > 0 { n = (n.0 / len, n.1 / len, n.2 / len) }
                if n.0 * (o.0 - a.0) + n.1 * (o.1 - a.1) + n.2 * (o.2 - a.2) > 0 { n = (-n.0, -n.1, -n.2) }
                normals += [n.0, n.1, n.2]
            }
            i = j
        }
        return (out, normals)
    }

    /// Checks connectivity and coordinates. Throws `MeshError` naming `source` on: out-of-range
    /// node indices, non-finite coordinates, a repeated node inside a cell, an empty mesh.
    public func validate() throws(MeshError) {
        let n = nodeCount
        if n == 0 { throw MeshError(file: source, line: nil, reason: "mesh has no nodes") }
        if cellCount == 0 { throw MeshError(file: source, line: nil, reason: "mesh has no cells") }
        if cellDimension == 3 && n >= (1 << 21) {
            throw MeshError(file: source, line: nil, reason: "tetrahedral meshes are limited to 2^21 nodes (has \(n))")
        }
        for (i, v) in points.enumerated() where !v.isFinite {
            throw MeshError(file: source, line: nil, reason: "node \(i / 3) has a non-finite coordinate")
        }
        for v in cells where v < 0 || Int(v) >= n {
            throw MeshError(file: source, line: nil, reason: "connectivity references node \(v), mesh has \(n) nodes")
        }
        for v in facets where v < 0 || Int(v) >= n {
            throw MeshError(file: source, line: nil, reason: "connectivity references node \(v), mesh has \(n) nodes")
        }
        let k = nodesPerCell
        for c in 0..<cellCount {
            let b = c * k
            for i in 0..<k {
                for j in (i + 1)..<k where cells[b + i] == cells[b + j] {
                    throw MeshError(file: source, line: nil, reason: "cell \(c) repeats node \(cells[b + i])")
                }
            }
        }
    }
}

/// A mesh file that cannot be read or a mesh that cannot be used: names the file, the 1-based
/// line where the problem was found (nil when not tied to a line, e.g. binary data or a
/// whole-mesh check) and the reason.
public struct MeshError: Error, Equatable, Sendable, CustomStringConvertible {
    /// File path (or "generated").
    public var file: String
    /// 1-based line number, when known.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        if let l = line { return "\(file):\(l): \(reason)" }
        return "\(file): \(reason)"
    }
}

/// Reads a mesh by file extension: `.msh`/`.msh2`/`.msh4` (Gmsh 2.2/4.0/4.1, ASCII or binary),
/// `.node`/`.ele` (Triangle; either file of the pair). Anything else throws a `MeshError`.
public enum MeshReader {
    /// Reads and validates the mesh at `path`.
    public static func read(_ path: String) throws(MeshError) -> Mesh {
        let ext = (path as NSString).pathExtension.lowercased()
        switch ext {
        case "msh", "msh2", "msh4", "msh22", "msh41": return try GmshReader.read(path)
        case "node", "ele": return try TriangleReader.read(path)
        case "poly":
            throw MeshError(file: path, line: nil, reason: "Triangle .poly files describe input geometry, not a mesh; run Triangle to get .node/.ele")
        case "mesh":
            throw MeshError(file: path, line: nil, reason: "MFEM native .mesh format is not supported; convert to Gmsh .msh")
        default:
            throw MeshError(file: path, line: nil, reason: "unknown mesh format '.\(ext)' (expected .msh or .node/.ele)")
        }
    }
}
