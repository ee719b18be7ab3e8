import SparseLA
import Iterative

/// Neumann data `g(x, y, z, n_x, n_y, n_z)` at a boundary point with unit outward normal `n`.
public typealias NormalFluxField = @Sendable (Double, Double, Double, Double, Double, Double) -> Double

/// Which boundary facets carry Dirichlet data; the rest of the boundary is Neumann (natural).
public enum BoundarySelection: Sendable, Equatable {
    /// The whole boundary is Dirichlet.
    case all
    /// Facets whose physical tag is in the set (tags from the file's boundary elements).
    case tags(Set<Int32>)
    /// No Dirichlet boundary (pure Neumann: the null space is handled by pinning, see `discretize`).
    case none
}

/// `-div(k grad u) = f` on a simplicial mesh with P1 elements.
public struct MeshPoissonProblem: Sendable {
    /// The mesh (planar triangles or tetrahedra).
    public var mesh: Mesh
    /// Source `f`.
    public var source: ScalarField
    /// Coefficient `k > 0` (`nil`: 1), taken at cell centroids.
    public var coefficient: ScalarField?
    /// Dirichlet boundary facets.
    public var dirichlet: BoundarySelection
    /// Dirichlet value `g` (`nil`: 0), imposed at the Dirichlet nodes.
    public var boundaryValue: ScalarField?
    /// Neumann flux `k ∂u/∂n` on the non-Dirichlet boundary (`nil`: 0, insulated); receives the
    /// facet centroid and its unit outward normal.
    public var boundaryFlux: NormalFluxField?

    /// Creates a problem (default: whole boundary Dirichlet with value 0, k = 1).
    public init(mesh: Mesh, source: @escaping ScalarField, coefficient: ScalarField? = nil, dirichlet: BoundarySelection = .all,
                boundaryValue: ScalarField? = nil, boundaryFlux: NormalFluxField? = nil) {
        self.mesh = mesh
        self.source = source
        self.coefficient = coefficient
        self.dirichlet = dirichlet
        self.boundaryValue = boundaryValue
        self.boundaryFlux = boundaryFlux
    }
}

/// The reduced SPD system of a `MeshPoissonProblem` on the free nodes.
public struct MeshDiscretization: Sendable {
    /// The problem.
    public let problem: MeshPoissonProblem
    /// Stiffness matrix restricted to the free nodes (SPD).
    public let matrix: CSRMatrix
    /// Right-hand side on the free nodes (load + Neumann − Dirichlet lifting).
    public let rhs: [Double]
    /// Global node index of every free unknown.
    public let freeNodes: [Int]
    /// Full-length nodal vector holding the Dirichlet values (0 elsewhere).
    public let dirichletValues: [Double]
    /// Node pinned to 0 for a pure Neumann problem, else nil.
    public let pinnedNode: Int?
    /// Number of boundary facets treated as Dirichlet / Neumann.
    public let dirichletFacets: Int, neumannFacets: Int

    /// Full nodal solution from the free unknowns (Dirichlet values filled in; nodes not used by
    /// any cell get 0).
    public func expand(_ uFree: [Double]) -> [Double] {
        precondition(uFree.count == freeNodes.count, "expand: expected \(freeNodes.count) values")
        var u = dirichletValues
        for (i, n) in freeNodes.enumerated() { u[n] = uFree[i] }
        return u
    }
}

/// P1 finite-element Poisson: assembly of the reduced system and error norms.
public enum P1Poisson {
    /// Builds the reduced system. Load vector `b = M f_I` (mass matrix times the nodal
    /// interpolant of f, second order in L2); Neumann flux by the facet-centroid rule (so `g` is never evaluated at a corner shared by two faces);
    /// Dirichlet by elimination (symmetric). Nodes not used by any cell are dropped. Without a
    /// Dirichlet facet the load is projected (mean removed) and the first used node is pinned to
    /// 0. O(cells + nnz).
    /// - Throws: `MeshError` for an unusable mesh (non-planar triangles, degenerate cells), a bad
    ///   coefficient, or Dirichlet tags that match no boundary facet.
    public static func discretize(_ problem: MeshPoissonProblem) throws(MeshError) -> MeshDiscretization {
        let mesh = problem.mesh
        try P1Assembly.checkUsable(mesh)
        let (grads, measures) = try P1Assembly.cellGeometry(mesh)
        let K = try P1Assembly.stiffness(mesh, grads: grads, measures: measures, coefficient: problem.coefficient)
        let M = P1Assembly.mass(mesh, measures: measures)
        let n = mesh.nodeCount
        let d = mesh.cellDimension
        let fI = (0..<n).map { problem.source(mesh.points[3 * $0], mesh.points[3 * $0 + 1], mesh.points[3 * $0 + 2]) }
        var b = M.multiplied(by: fI)
        // boundary facets and their tags
        let (bf, normals) = mesh.boundaryFacetsWithNormals()
        var tagOf: [UInt64: Int32] = [:]
        func key(_ f: ArraySlice<Int32>) -> UInt64 {
            let b = f.startIndex
            return d == 2 ? Mesh.facetKey(f[b], f[b + 1]) : Mesh.facetKey(f[b], f[b + 1], f[b + 2])
        }
        for f in 0..<(mesh.facets.count / d) {
            tagOf[key(mesh.facets[(f * d)..<(f * d + d)])] = mesh.facetTags[f]
        }
        var isDirichlet = [Bool](repeating: false, count: n)
        var nD = 0, nN = 0
        var used = [Bool](repeating: false, count: n)
        for v in mesh.cells { used[Int(v)] = true }
        for f in 0..<(bf.count / d) {
            let nodes = Array(bf[(f * d)..<(f * d + d)])
            let dir: Bool
            switch problem.dirichlet {
            case .all: dir = true
            case .none: dir = false
            case .tags(let s): dir = s.contains(tagOf[key(nodes[...])] ?? 0)
            }
            if dir {
                nD += 1
                for v in nodes { isDirichlet[Int(v)] = true }
            } else {
                nN += 1
                if let g = problem.boundaryFlux {
                    let meas = facetMeasure(mesh, nodes)
                    var c = (0.0, 0.0, 0.0)
                    for v in nodes { let i = Int(v); c.0 += mesh.points[3 * i]; c.1 += mesh.points[3 * i + 1]; c.2 += mesh.points[3 * i + 2] }
                    let w = 1 / Double(d)
                    let gv = g(c.0 * w, c.1 * w, c.2 * w, normals[3 * f], normals[3 * f + 1], normals[3 * f + 2])
                    for v in nodes { b[Int(v)] += meas * w * gv }
                }
            }
        }
        if case .tags = problem.dirichlet, nD == 0 {
            throw MeshError(file: mesh.source, line: nil, reason: "no boundary facet carries the requested Dirichlet tags")
        }
        var dv = [Double](repeating: 0, count: n)
        for i in 0..<n where isDirichlet[i] {
            dv[i] = problem.boundaryValue?(mesh.points[3 * i], mesh.points[3 * i + 1], mesh.points[3 * i + 2]) ?? 0
        }
        var pinned: Int? = nil
        if nD == 0 {
            let usedCount = used.filter { $0 }.count
            let mean = (0..<n).reduce(0.0) { used[$1] ? $0 + b[$1] : $0 } / Double(max(usedCount, 1))
            for i in 0..<n where used[i] { b[i] -= mean }
            if let first = used.firstIndex(of: true) { pinned = first; isDirichlet[first] = true; dv[first] = 0 }
        }
        var freeIndex = [Int](repeating: -1, count: n)
        var free: [Int] = []
        for i in 0..<n where used[i] && !isDirichlet[i] { freeIndex[i] = free.count; free.append(i) }
        // reduce: K_ff, rhs = b_f - K_fd g_d
        var rp = [Int](repeating: 0, count: free.count + 1)
        var ci: [Int32] = [], va: [Double] = []
        ci.reserveCapacity(K.nnz); va.reserveCapacity(K.nnz)
        var rhs = [Double](repeating: 0, count: free.count)
        for (r, i) in free.enumerated() {
            var s = b[i]
            for p in K.rowPointers[i]..<K.rowPointers[i + 1] {
                let j = Int(K.columnIndices[p])
                if freeIndex[j] >= 0 { ci.append(Int32(freeIndex[j])); va.append(K.values[p]) } else { s -= K.values[p] * dv[j] }
            }
            rhs[r] = s
            rp[r + 1] = ci.count
        }
        let A = CSRMatrix(uncheckedRows: free.count, columns: free.count, rowPointers: rp, columnIndices: ci, values: va)
        return MeshDiscretization(problem: problem, matrix: A, rhs: rhs, freeNodes: free, dirichletValues: dv,
                                  pinnedNode: pinned, dirichletFacets: nD, neumannFacets: nN)
    }

    /// Length (2D) or area (3D) of a facet.
    static func facetMeasure(_ mesh: Mesh, _ nodes: [Int32]) -> Double {
        let p = mesh.points
        func v(_ a: Int32, _ b: Int32) -> (Double, Double, Double) {
            (p[3 * Int(b)] - p[3 * Int(a)], p[3 * Int(b) + 1] - p[3 * Int(a) + 1], p[3 * Int(b) + 2] - p[3 * Int(a) + 2])
        }
        if nodes.count == 2 { let e = v(nodes[0], nodes[1]); return (e.0 * e.0 + e.1 * e.1 + e.2 * e.2).squareRoot() }
        let a = v(nodes[0], nodes[1]), b = v(nodes[0], nodes[2])
        let c = (a.1 * b.2 - a.2 * b.1, a.2 * b.0 - a.0 * b.2, a.0 * b.1 - a.1 * b.0)
        return 0.5 * (c.0 * c.0 + c.1 * c.1 + c.2 * c.2).squareRoot()
    }

    /// L2 error `‖u_h − u‖` and H1-seminorm error `‖∇u_h − ∇u‖` of the nodal P1 field `u`
    /// against an exact solution and its gradient, by a degree-2 quadrature per cell (3 points
    /// on triangles, 4 on tetrahedra). With `removeMean` (pure Neumann) u_h is shifted by the
    /// difference of the means first. O(cells).
    public static func errors(_ u: [Double], mesh: Mesh, exact: ScalarField,
                              gradient: (@Sendable (Double, Double, Double) -> (Double, Double, Double))? = nil,
                              removeMean: Bool = false) throws(MeshError) -> (l2: Double, h1: Double) {
        precondition(u.count == mesh.nodeCount, "errors: u has \(u.count) entries, mesh has \(mesh.nodeCount) nodes")
        let k = mesh.nodesPerCell
        // barycentric quadrature points and weights (sum of weights = 1)
        let bary: [[Double]]
        if k == 3 {
            bary = [[2.0 / 3, 1.0 / 6, 1.0 / 6], [1.0 / 6, 2.0 / 3, 1.0 / 6], [1.0 / 6, 1.0 / 6, 2.0 / 3]]
        } else {
            let a = 0.5854101966249685, c = 0.1381966011250105
            bary = [[a, c, c, c], [c, a, c, c], [c, c, a, c], [c, c, c, a]]
        }
        let w = 1 / Double(bary.count)
        var shift = 0.0
        if removeMean {
            var num = 0.0, vol = 0.0
            for c in 0..<mesh.cellCount {
                let (_, meas) = try P1Assembly.geometry(mesh, cell: c)
                for q in bary {
                    var x = 0.0, y = 0.0, z = 0.0, uh = 0.0
                    for j in 0..<k {
                        let nj = Int(mesh.cells[c * k + j])
                        x += q[j] * mesh.points[3 * nj]; y += q[j] * mesh.points[3 * nj + 1]; z += q[j] * mesh.points[3 * nj + 2]
                        uh += q[j] * u[nj]
                    }
                    num += w * meas * (uh - exact(x, y, z))
                }
                vol += meas
            }
            shift = num / vol
        }
        var l2 = 0.0, h1 = 0.0
        for c in 0..<mesh.cellCount {
            let (g, meas) = try P1Assembly.geometry(mesh, cell: c)
            var gu = (0.0, 0.0, 0.0)
            for j in 0..<k {
                let uj = u[Int(mesh.cells[c * k + j])]
                gu.0 += uj * g[3 * j]; gu.1 += uj * g[3 * j + 1]; gu.2 += uj * g[3 * j + 2]
            }
            for q in bary {
                var x = 0.0, y = 0.0, z = 0.0, uh = 0.0
                for j in 0..<k {
                    let nj = Int(mesh.cells[c * k + j])
                    x += q[j] * mesh.points[3 * nj]; y += q[j] * mesh.points[3 * nj + 1]; z += q[j] * mesh.points[3 * nj + 2]
                    uh += q[j] * u[nj]
                }
                let e = uh - shift - exact(x, y, z)
                l2 += w * meas * e * e
                if let grad = gradient {
                    let ge = grad(x, y, z)
                    let dx = gu.0 - ge.0, dy = gu.1 - ge.1, dz = mesh.cellDimension == 3 ? gu.2 - ge.2 : 0
                    h1 += w * meas * (dx * dx + dy * dy + dz * dz)
                }
            }
        }
        return (l2.squareRoot(), h1.squareRoot())
    }
}
