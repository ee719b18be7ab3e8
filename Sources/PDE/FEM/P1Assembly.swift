import SparseLA

/// Element matrices and global assembly for continuous piecewise-linear (P1) finite elements on
/// triangles (2D, planar meshes) and tetrahedra (3D).
///
/// Stiffness `K_ij = ∫ k ∇φ_i·∇φ_j` with `k` evaluated at each cell's centroid; consistent mass
/// `M_ij = ∫ φ_i φ_j` (`|T|(1+δ_ij)/12` on triangles, `|T|(1+δ_ij)/20` on tetrahedra).
/// Assembly is O(cells) via `TripletBuilder` (duplicates summed). Both matrices are symmetric;
/// K is positive semidefinite with constants in its null space (per connected component).
public enum P1Assembly {
    /// Gradients of the barycentric coordinates of cell `c` (`d+1` gradients of 3 components,
    /// z = 0 in 2D) and the cell's measure (area or volume; signed orientation removed).
    /// Throws for a degenerate (zero-measure) cell.
    static func geometry(_ mesh: Mesh, cell c: Int) throws(MeshError) -> (grads: [Double], measure: Double) {
        let k = mesh.nodesPerCell
        let p = mesh.points
        let ids = (0..<k).map { Int(mesh.cells[c * k + $0]) }
        if mesh.cellDimension == 2 {
            let x0 = p[3 * ids[0]], y0 = p[3 * ids[0] + 1]
            let a = p[3 * ids[1]] - x0, b = p[3 * ids[2]] - x0
            let cc = p[3 * ids[1] + 1] - y0, d = p[3 * ids[2] + 1] - y0
            let det = a * d - b * cc
            guard det != 0, det.isFinite else { throw MeshError(file: mesh.source, line: nil, reason: "triangle \(c) is degenerate (zero area)") }
            // J = [[a, b], [cc, d]]; J⁻¹ = [[d, -b], [-cc, a]] / det; grad φ1 = row 0, grad φ2 = row 1.
            let g1x = d / det, g1y = -b / det
            let g2x = -cc / det, g2y = a / det
            return ([-g1x - g2x, -g1y - g2y, 0, g1x, g1y, 0, g2x, g2y, 0], abs(det) / 2)
        }
        var J = [Double](repeating: 0, count: 9)   // J[r][col] = (p_{col+1} - p0)_r
        for col in 0..<3 { for r in 0..<3 { J[3 * r + col] = p[3 * ids[col + 1] + r] - p[3 * ids[0] + r] } }
        let det = J[0] * (J[4] * J[8] - J[5] * J[7]) - J[1] * (J[3] * J[8] - J[5] * J[6]) + J[2] * (J[3] * J[7] - J[4] * J[6])
        guard det != 0, det.isFinite else { throw MeshError(file: mesh.source, line: nil, reason: "tetrahedron \(c) is degenerate (zero volume)") }
        // inverse via adjugate; grad φ_{i+1} = row i of J⁻¹
        let inv: [Double] = [
            (J[4] * J[8] - J[5] * J[7]) / det, (J[2] * J[7] - J[1] * J[8]) / det, (J[1] * J[5] - J[2] * J[4]) / det,
            (J[5] * J[6] - J[3] * J[8]) / det, (J[0] * J[8] - J[2] * J[6]) / det, (J[2] * J[3] - J[0] * J[5]) / det,
            (J[3] * J[7] - J[4] * J[6]) / det, (J[1] * J[6] - J[0] * J[7]) / det, (J[0] * J[4] - J[1] * J[3]) / det,
        ]
        var g = [Double](repeating: 0, count: 12)
        for i in 0..<3 { for r in 0..<3 { g[3 * (i + 1) + r] = inv[3 * i + r]; g[r] -= inv[3 * i + r] } }
        return (g, abs(det) / 6)
    }

    /// Throws unless the mesh is usable for P1 FEM: valid connectivity and, in 2D, planar
    /// (a surface mesh embedded in 3D is rejected).
    public static func checkUsable(_ mesh: Mesh) throws(MeshError) {
        try mesh.validate()
        if !mesh.isPlanar {
            throw MeshError(file: mesh.source, line: nil, reason: "triangle mesh is not planar (a surface in 3D); P1 Poisson needs a planar 2D or a tetrahedral 3D mesh")
        }
    }

    /// Centroid of cell `c`.
    static func centroid(_ mesh: Mesh, cell c: Int) -> (Double, Double, Double) {
        let k = mesh.nodesPerCell
        var s = (0.0, 0.0, 0.0)
        for j in 0..<k {
            let n = Int(mesh.cells[c * k + j])
            s.0 += mesh.points[3 * n]; s.1 += mesh.points[3 * n + 1]; s.2 += mesh.points[3 * n + 2]
        }
        let w = 1 / Double(k)
        return (s.0 * w, s.1 * w, s.2 * w)
    }

    /// Global stiffness matrix (nodes × nodes). Throws on an unusable mesh, a degenerate cell or
    /// a coefficient that is not positive and finite.
    public static func stiffness(_ mesh: Mesh, coefficient: ScalarField? = nil) throws(MeshError) -> CSRMatrix {
        try checkUsable(mesh)
        let k = mesh.nodesPerCell
        var b = TripletBuilder(rows: mesh.nodeCount, columns: mesh.nodeCount, reservingCapacity: mesh.cellCount * k * k)
        for c in 0..<mesh.cellCount {
            let (g, vol) = try geometry(mesh, cell: c)
            var kc = 1.0
            if let f = coefficient {
                let m = centroid(mesh, cell: c)
                kc = f(m.0, m.1, m.2)
                guard kc > 0, kc.isFinite else { throw MeshError(file: mesh.source, line: nil, reason: "coefficient \(kc) at cell \(c) is not positive and finite") }
            }
            for i in 0..<k {
                let ni = Int(mesh.cells[c * k + i])
                for j in 0..<k {
                    let v = kc * vol * (g[3 * i] * g[3 * j] + g[3 * i + 1] * g[3 * j + 1] + g[3 * i + 2] * g[3 * j + 2])
                    b.append(row: ni, column: Int(mesh.cells[c * k + j]), value: v)
                }
            }
        }
        return b.build()
    }

    /// Global consistent mass matrix (nodes × nodes).
    public static func mass(_ mesh: Mesh) throws(MeshError) -> CSRMatrix {
        try checkUsable(mesh)
        let k = mesh.nodesPerCell
        let denom = mesh.cellDimension == 2 ? 12.0 : 20.0
        var b = TripletBuilder(rows: mesh.nodeCount, columns: mesh.nodeCount, reservingCapacity: mesh.cellCount * k * k)
        for c in 0..<mesh.cellCount {
            let (_, vol) = try geometry(mesh, cell: c)
            for i in 0..<k {
                for j in 0..<k {
                    b.append(row: Int(mesh.cells[c * k + i]), column: Int(mesh.cells[c * k + j]), value: vol * (i == j ? 2 : 1) / denom)
                }
            }
        }
        return b.build()
    }
}
