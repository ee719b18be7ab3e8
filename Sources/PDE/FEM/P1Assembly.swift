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

    /// Barycentric gradients (`cells × (d+1) × 3`) and measures of every cell in one pass without
    /// per-cell allocation. Throws on a degenerate cell. O(cells).
    public static func cellGeometry(_ mesh: Mesh) throws(MeshError) -> (grads: [Double], measures: [Double]) {
        let k = mesh.nodesPerCell, nc = mesh.cellCount
        var grads = [Double](repeating: 0, count: nc * k * 3)
        var meas = [Double](repeating: 0, count: nc)
        var bad = -1
        mesh.points.withUnsafeBufferPointer { p in
            mesh.cells.withUnsafeBufferPointer { cells in
                grads.withUnsafeMutableBufferPointer { g in
                    for c in 0..<nc {
                        let o = c * k * 3
                        if k == 3 {
                            let i0 = 3 * Int(cells[3 * c]), i1 = 3 * Int(cells[3 * c + 1]), i2 = 3 * Int(cells[3 * c + 2])
                            let a = p[i1] - p[i0], b = p[i2] - p[i0], cc = p[i1 + 1] - p[i0 + 1], d = p[i2 + 1] - p[i0 + 1]
                            let det = a * d - b * cc
                            if det == 0 || !det.isFinite { bad = c; return }
                            let g1x = d / det, g1y = -b / det, g2x = -cc / det, g2y = a / det
                            g[o] = -g1x - g2x; g[o + 1] = -g1y - g2y; g[o + 2] = 0
                            g[o + 3] = g1x; g[o + 4] = g1y; g[o + 5] = 0
                            g[o + 6] = g2x; g[o + 7] = g2y; g[o + 8] = 0
                            meas[c] = abs(det) / 2
                        } else {
                            let i0 = 3 * Int(cells[4 * c])
                            let i1 = 3 * Int(cells[4 * c + 1]), i2 = 3 * Int(cells[4 * c + 2]), i3 = 3 * Int(cells[4 * c + 3])
                            // J columns: p1-p0, p2-p0, p3-p0
                            let j00 = p[i1] - p[i0], j01 = p[i2] - p[i0], j02 = p[i3] - p[i0]
                            let j10 = p[i1 + 1] - p[i0 + 1], j11 = p[i2 + 1] - p[i0 + 1], j12 = p[i3 + 1] - p[i0 + 1]
                            let j20 = p[i1 + 2] - p[i0 + 2], j21 = p[i2 + 2] - p[i0 + 2], j22 = p[i3 + 2] - p[i0 + 2]
                            let det = j00 * (j11 * j22 - j12 * j21) - j01 * (j10 * j22 - j12 * j20) + j02 * (j10 * j21 - j11 * j20)
                            if det == 0 || !det.isFinite { bad = c; return }
                            let r = 1 / det
                            // rows of J⁻¹ = gradients of φ1, φ2, φ3
                            let a0 = (j11 * j22 - j12 * j21) * r, a1 = (j02 * j21 - j01 * j22) * r, a2 = (j01 * j12 - j02 * j11) * r
                            let b0 = (j12 * j20 - j10 * j22) * r, b1 = (j00 * j22 - j02 * j20) * r, b2 = (j02 * j10 - j00 * j12) * r
                            let c0 = (j10 * j21 - j11 * j20) * r, c1 = (j01 * j20 - j00 * j21) * r, c2 = (j00 * j11 - j01 * j10) * r
                            g[o + 3] = a0; g[o + 4] = a1; g[o + 5] = a2
                            g[o + 6] = b0; g[o + 7] = b1; g[o + 8] = b2
                            g[o + 9] = c0; g[o + 10] = c1; g[o + 11] = c2
                            g[o] = -(a0 + b0 + c0); g[o + 1] = -(a1 + b1 + c1); g[o + 2] = -(a2 + b2 + c2)
                            meas[c] = abs(det) / 6
                        }
                    }
                }
            }
        }
        if bad >= 0 {
            throw MeshError(file: mesh.source, line: nil, reason: "\(k == 3 ? "triangle" : "tetrahedron") \(bad) is degenerate (zero measure)")
        }
        return (grads, meas)
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
        let (g, vol) = try cellGeometry(mesh)
        return try stiffness(mesh, grads: g, measures: vol, coefficient: coefficient)
    }

    /// Stiffness from precomputed `cellGeometry` (avoids recomputing it for the mass matrix).
    static func stiffness(_ mesh: Mesh, grads g: [Double], measures vol: [Double], coefficient: ScalarField?) throws(MeshError) -> CSRMatrix {
        let k = mesh.nodesPerCell
        var b = TripletBuilder(rows: mesh.nodeCount, columns: mesh.nodeCount, reservingCapacity: mesh.cellCount * k * k)
        for c in 0..<mesh.cellCount {
            var kc = 1.0
            if let f = coefficient {
                let m = centroid(mesh, cell: c)
                kc = f(m.0, m.1, m.2)
                guard kc > 0, kc.isFinite else { throw MeshError(file: mesh.source, line: nil, reason: "coefficient \(kc) at cell \(c) is not positive and finite") }
            }
            let o = c * k * 3
            let w = kc * vol[c]
            for i in 0..<k {
                let ni = Int(mesh.cells[c * k + i])
                let gi = o + 3 * i
                for j in 0..<k {
                    let gj = o + 3 * j
                    let v = w * (g[gi] * g[gj] + g[gi + 1] * g[gj + 1] + g[gi + 2] * g[gj + 2])
                    b.append(row: ni, column: Int(mesh.cells[c * k + j]), value: v)
                }
            }
        }
        return b.build()
    }

    /// Global consistent mass matrix (nodes × nodes).
    public static func mass(_ mesh: Mesh) throws(MeshError) -> CSRMatrix {
        try checkUsable(mesh)
        let (_, vol) = try cellGeometry(mesh)
        return mass(mesh, measures: vol)
    }

    /// Mass matrix from precomputed cell measures.
    static func mass(_ mesh: Mesh, measures vol: [Double]) -> CSRMatrix {
        let k = mesh.nodesPerCell
        let denom = mesh.cellDimension == 2 ? 12.0 : 20.0
        var b = TripletBuilder(rows: mesh.nodeCount, columns: mesh.nodeCount, reservingCapacity: mesh.cellCount * k * k)
        for c in 0..<mesh.cellCount {
            for i in 0..<k {
                for j in 0..<k {
                    b.append(row: Int(mesh.cells[c * k + i]), column: Int(mesh.cells[c * k + j]), value: vol[c] * (i == j ? 2 : 1) / denom)
                }
            }
        }
        return b.build()
    }
}
