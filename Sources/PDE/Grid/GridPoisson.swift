import SparseLA
import Iterative

/// `-div(k grad u) = f` on a structured grid, with its boundary data.
///
/// Discretisation (finite volumes on the vertex-centred grid, second order):
/// - the face coefficient between two nodes is the harmonic mean `2 k_a k_b / (k_a + k_b)` of the
///   nodal values (so jumps in `k` are handled conservatively);
/// - Dirichlet faces: the boundary value `g` at the face point enters the right-hand side;
/// - Neumann faces: the face nodes are unknowns with half control volumes, and the outward flux
///   `∂u/∂n = g` adds `k g · area / h` to the right-hand side (ghost-point equivalent);
/// - periodic axes wrap around;
/// - solid nodes (`solid[i] == true`) are removed from the domain: their rows become
///   `d u_i = d·solidValue(x_i)` and their neighbours see them as Dirichlet nodes.
///
/// Row `i` of the assembled system is the finite-volume balance of node `i` divided by the full
/// cell volume `h_x h_y h_z`, so interior rows are the textbook stencil and the right-hand side is
/// `W_i f_i + boundary terms` with `W_i` the relative control volume (`PoissonGrid.volumeWeights`).
public struct GridPoissonProblem: Sendable {
    /// The grid (axes and boundary kinds).
    public var grid: PoissonGrid
    /// Source term `f`.
    public var source: ScalarField
    /// Dirichlet data `g` on Dirichlet faces (`nil`: 0).
    public var boundaryValue: ScalarField?
    /// Outward normal derivative `∂u/∂n` on Neumann faces (`nil`: 0); see `FluxField`.
    public var boundaryFlux: FluxField?
    /// Diffusion coefficient `k > 0` (`nil`: 1).
    public var coefficient: ScalarField?
    /// Solid-node mask (x fastest, `grid.nodeCount` entries) or `nil`.
    public var solid: [Bool]?
    /// Value imposed on solid nodes (`nil`: 0).
    public var solidValue: ScalarField?
    /// Null-space treatment when there is no Dirichlet face and no solid node.
    public var nullSpace: NullSpaceHandling

    /// Creates a problem; all boundary data default to zero, `k` to 1, no mask, null space pinned.
    public init(grid: PoissonGrid, source: @escaping ScalarField, boundaryValue: ScalarField? = nil,
                boundaryFlux: FluxField? = nil, coefficient: ScalarField? = nil,
                solid: [Bool]? = nil, solidValue: ScalarField? = nil, nullSpace: NullSpaceHandling = .pin) {
        self.grid = grid
        self.source = source
        self.boundaryValue = boundaryValue
        self.boundaryFlux = boundaryFlux
        self.coefficient = coefficient
        self.solid = solid
        self.solidValue = solidValue
        self.nullSpace = nullSpace
    }

    /// True when the operator has constants in its null space (no Dirichlet face, no solid node).
    public var isSingular: Bool { grid.isSingular && !(solid?.contains(true) ?? false) }
}

/// The discrete system of a `GridPoissonProblem`: stencil (matrix-free), CSR matrix and right-hand side.
public struct GridDiscretization: Sendable {
    /// The problem that was discretised.
    public let problem: GridPoissonProblem
    /// Matrix-free operator (same entries as `matrix`).
    public let stencil: GridStencil
    /// Right-hand side, one entry per node.
    public let rhs: [Double]
    /// Node that was pinned to 0 (`.pin` on a singular problem), else `nil`.
    public let pinnedNode: Int?

    /// The assembled CSR matrix (built on each call; O(nodes)).
    public func matrix() -> CSRMatrix { stencil.matrix() }
}

/// Assembly of finite-difference/finite-volume Poisson problems on structured grids.
public enum GridPoisson {
    @inline(__always) static func harmonic(_ a: Double, _ b: Double) -> Double { 2 * a * b / (a + b) }

    /// Builds the stencil and right-hand side. O(nodes) time and memory; calls each field once
    /// per node (plus once per boundary face point).
    /// - Throws: `GridError.sizeMismatch` for a mask of the wrong length, `GridError.badCoefficient`
    ///   where `k` is not positive and finite.
    public static func discretize(_ problem: GridPoissonProblem) throws(GridError) -> GridDiscretization {
        let grid = problem.grid
        let n = grid.nodeCount
        let dim = grid.dimension
        if let m = problem.solid, m.count != n { throw .sizeMismatch(what: "solid mask", expected: n, got: m.count) }
        var kn: [Double]? = nil
        if let kf = problem.coefficient {
            let k = grid.sample(kf)
            for (i, v) in k.enumerated() where !(v > 0 && v.isFinite) { throw .badCoefficient(node: i, value: v) }
            kn = k
        }
        let solid = problem.solid
        let g = problem.boundaryValue
        let flux = problem.boundaryFlux
        let W = grid.volumeWeights()
        let h = grid.spacings
        let strides = grid.strides
        let (nx, ny, nz) = grid.counts3
        var diag = [Double](repeating: 0, count: n)
        var links = [[Double]](repeating: [Double](repeating: 0, count: n), count: dim)
        var rhs = [Double](repeating: 0, count: n)
        let solidScale = h.reduce(0) { $0 + 2 / ($1 * $1) }

        func kAt(_ p: (Double, Double, Double)) -> Double {
            guard let kf = problem.coefficient else { return 1 }
            return kf(p.0, p.1, p.2)
        }

        var idx = 0
        for kk in 0..<nz {
            for jj in 0..<ny {
                for ii in 0..<nx {
                    defer { idx += 1 }
                    let p = grid.point(ii, jj, kk)
                    if let s = solid, s[idx] {
                        diag[idx] = solidScale
                        rhs[idx] = solidScale * (problem.solidValue?(p.0, p.1, p.2) ?? 0)
                        continue
                    }
                    rhs[idx] = W[idx] * problem.source(p.0, p.1, p.2)
                    let kc = kn?[idx] ?? 1
                    for d in 0..<dim {
                        let axis = grid.axes[d]
                        let c = d == 0 ? ii : (d == 1 ? jj : kk)
                        let nd = axis.count
                        let s = strides[d]
                        let hd = h[d]
                        let area = W[idx] / (grid.cellWidth(axis: d, index: c) / hd)
                        let periodic = axis.low == .periodic
                        // + side
                        if c < nd - 1 || periodic {
                            let nb = c == nd - 1 ? idx - c * s : idx + s
                            let kf = kn.map { harmonic(kc, $0[nb]) } ?? 1
                            let cv = kf * area / (hd * hd)
                            diag[idx] += cv
                            if let sm = solid, sm[nb] {
                                var q = [p.0, p.1, p.2]; q[d] = c == nd - 1 ? axis.origin : axis.coordinate(c + 1)
                                rhs[idx] += cv * (problem.solidValue?(q[0], q[1], q[2]) ?? 0)
                            } else {
                                links[d][idx] = cv
                            }
                        } else if axis.high == .dirichlet {
                            var q = [p.0, p.1, p.2]; q[d] = axis.origin + axis.length
                            let kb = kn == nil ? 1 : kAt((q[0], q[1], q[2]))
                            let cv = harmonic(kc, kb) * area / (hd * hd)
                            diag[idx] += cv
                            rhs[idx] += cv * (g?(q[0], q[1], q[2]) ?? 0)
                        } else if let fl = flux {
                            rhs[idx] += area * kc * fl(p.0, p.1, p.2, 2 * d + 1) / hd
                        }
                        // - side
                        if c > 0 || periodic {
                            let nb = c == 0 ? idx + (nd - 1) * s : idx - s
                            let kf = kn.map { harmonic(kc, $0[nb]) } ?? 1
                            let cv = kf * area / (hd * hd)
                            diag[idx] += cv
                            if let sm = solid, sm[nb] {
                                var q = [p.0, p.1, p.2]; q[d] = c == 0 ? axis.coordinate(nd - 1) : axis.coordinate(c - 1)
                                rhs[idx] += cv * (problem.solidValue?(q[0], q[1], q[2]) ?? 0)
                            }
                        } else if axis.low == .dirichlet {
                            var q = [p.0, p.1, p.2]; q[d] = axis.origin
                            let kb = kn == nil ? 1 : kAt((q[0], q[1], q[2]))
                            let cv = harmonic(kc, kb) * area / (hd * hd)
                            diag[idx] += cv
                            rhs[idx] += cv * (g?(q[0], q[1], q[2]) ?? 0)
                        } else if let fl = flux {
                            rhs[idx] += area * kc * fl(p.0, p.1, p.2, 2 * d) / hd
                        }
                    }
                }
            }
        }
        var pinned: Int? = nil
        if problem.isSingular {
            let mean = rhs.reduce(0, +) / Double(n)
            for i in 0..<n { rhs[i] -= mean }
            if problem.nullSpace == .pin {
                pinned = 0
                rhs[0] = 0
                for d in 0..<dim {
                    links[d][0] = 0
                    if grid.axes[d].low == .periodic {
                        links[d][(grid.axes[d].count - 1) * strides[d]] = 0
                    }
                }
            }
        }
        return GridDiscretization(problem: problem, stencil: GridStencil(grid: grid, diagonal: diag, links: links),
                                  rhs: rhs, pinnedNode: pinned)
    }

    /// Max-norm and discrete L2-norm (`sqrt(Σ V_i e_i²)`, `V_i` the node's control volume) of
    /// `u - exact` on the grid nodes. With `removeMean` (singular problems) both are first shifted
    /// to zero volume-weighted mean. O(nodes).
    public static func errors(_ u: [Double], exact: ScalarField, grid: PoissonGrid, removeMean: Bool = false) -> (max: Double, l2: Double) {
        precondition(u.count == grid.nodeCount, "errors: u has \(u.count) entries, grid has \(grid.nodeCount)")
        let ue = grid.sample(exact)
        let W = grid.volumeWeights()
        let vref = grid.spacings.reduce(1, *)
        var shift = 0.0
        if removeMean {
            var num = 0.0, den = 0.0
            for i in 0..<u.count { num += W[i] * (u[i] - ue[i]); den += W[i] }
            shift = num / den
        }
        var mx = 0.0, s2 = 0.0
        for i in 0..<u.count {
            let e = u[i] - ue[i] - shift
            mx = max(mx, abs(e))
            s2 += W[i] * vref * e * e
        }
        return (mx, s2.squareRoot())
    }
}
