/// Simplicial meshes of boxes built in code (no files): a rectangle cut into right triangles and
/// a box cut into Kuhn tetrahedra (6 per cube, conforming). Boundary facets are tagged by side:
/// 1 = x low, 2 = x high, 3 = y low, 4 = y high, 5 = z low, 6 = z high. Used by tests, the
/// CLI (`--mesh square:N`) and as a fallback mesher.
public enum StructuredMesher {
    /// `[0,lx]×[0,ly]` with `nx × ny` squares, each split into 2 triangles (2·nx·ny cells).
    /// - Precondition: `nx, ny ≥ 1`.
    public static func rectangle(nx: Int, ny: Int, lx: Double = 1, ly: Double = 1) -> Mesh {
        precondition(nx >= 1 && ny >= 1, "rectangle: need at least one cell per axis")
        var pts: [Double] = []
        pts.reserveCapacity(3 * (nx + 1) * (ny + 1))
        for j in 0...ny { for i in 0...nx { pts += [lx * Double(i) / Double(nx), ly * Double(j) / Double(ny), 0] } }
        var cells: [Int32] = []
        func v(_ i: Int, _ j: Int) -> Int32 { Int32(j * (nx + 1) + i) }
        for j in 0..<ny {
            for i in 0..<nx {
                cells += [v(i, j), v(i + 1, j), v(i + 1, j + 1)]
                cells += [v(i, j), v(i + 1, j + 1), v(i, j + 1)]
            }
        }
        var m = Mesh(points: pts, cellDimension: 2, cells: cells, source: "rectangle(\(nx)x\(ny))")
        tagBoxBoundary(&m, lengths: [lx, ly])
        return m
    }

    /// `[0,lx]×[0,ly]×[0,lz]` with `nx·ny·nz` cubes, each split into 6 Kuhn tetrahedra.
    public static func box(nx: Int, ny: Int, nz: Int, lx: Double = 1, ly: Double = 1, lz: Double = 1) -> Mesh {
        precondition(nx >= 1 && ny >= 1 && nz >= 1, "box: need at least one cell per axis")
        var pts: [Double] = []
        pts.reserveCapacity(3 * (nx + 1) * (ny + 1) * (nz + 1))
        for k in 0...nz { for j in 0...ny { for i in 0...nx {
            pts += [lx * Double(i) / Double(nx), ly * Double(j) / Double(ny), lz * Double(k) / Double(nz)]
        } } }
        func v(_ i: Int, _ j: Int, _ k: Int) -> Int32 { Int32((k * (ny + 1) + j) * (nx + 1) + i) }
        let perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        var cells: [Int32] = []
        cells.reserveCapacity(24 * nx * ny * nz)
        for k in 0..<nz { for j in 0..<ny { for i in 0..<nx {
            for p in perms {
                var c = [i, j, k]
                var tet = [v(c[0], c[1], c[2])]
                for a in p { c[a] += 1; tet.append(v(c[0], c[1], c[2])) }
                cells += tet
            }
        } } }
        var m = Mesh(points: pts, cellDimension: 3, cells: cells, source: "box(\(nx)x\(ny)x\(nz))")
        tagBoxBoundary(&m, lengths: [lx, ly, lz])
        return m
    }

    /// Sets `facets` to the topological boundary with side tags 1...6.
    static func tagBoxBoundary(_ m: inout Mesh, lengths: [Double]) {
        let d = m.cellDimension
        let bf = m.boundaryFacets()
        var tags: [Int32] = []
        for f in 0..<(bf.count / d) {
            var tag: Int32 = 0
            for axis in 0..<d where tag == 0 {
                let xs = (0..<d).map { m.points[3 * Int(bf[f * d + $0]) + axis] }
                if xs.allSatisfy({ abs($0) < 1e-12 }) { tag = Int32(2 * axis + 1) }
                else if xs.allSatisfy({ abs($0 - lengths[axis]) < 1e-12 * max(1, lengths[axis]) }) { tag = Int32(2 * axis + 2) }
            }
            tags.append(tag)
        }
        m.facets = bf
        m.facetTags = tags
        let names = ["xmin", "xmax", "ymin", "ymax", "zmin", "zmax"]
        m.physicalNames = (0..<(2 * d)).map { Mesh.PhysicalName(dimension: d - 1, tag: Int32($0 + 1), name: names[$0]) }
    }
}
