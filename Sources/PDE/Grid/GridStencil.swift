import SparseLA
import Iterative

/// What to do with the constant null space of a grid problem without Dirichlet faces or solid
/// nodes (all Neumann and/or periodic).
public enum NullSpaceHandling: String, Sendable, CaseIterable {
    /// Leave the matrix singular; the right-hand side is projected (its mean removed) so the
    /// system is consistent. CG and the FFT solver handle this; Cholesky does not.
    case project
    /// Project the right-hand side, then fix `u[0] = 0` by turning row and column 0 into a
    /// diagonal entry (right-hand side 0). The matrix becomes SPD; every solver works. The
    /// solution differs from `.project` by a constant.
    case pin
}

/// The symmetric 3/5/7-point stencil of `-div(k grad u)` on a `PoissonGrid`, stored as one
/// diagonal and one "link to the + neighbour" coefficient per axis and node.
///
/// Built by `GridPoisson.stencil(_:)`. Conforms to `LinearOperator` (matrix-free product, O(nodes)
/// per application, no allocation) and converts to `CSRMatrix` with `matrix()`. Rows are scaled
/// by the control volume relative to a full cell, divided by nothing else: interior rows read
/// `(2/h² ...)` exactly like the textbook stencil. The operator is symmetric.
public struct GridStencil: LinearOperator, Sendable {
    /// The grid the stencil lives on.
    public let grid: PoissonGrid
    /// Diagonal entry of every node.
    public let diagonal: [Double]
    /// `links[d][i]`: the coupling `-links[d][i]` between node `i` and its + neighbour along
    /// axis `d` (wrapping on periodic axes); 0 where there is none.
    public let links: [[Double]]

    /// Length of `y`.
    public var rows: Int { diagonal.count }
    /// Length of `x`.
    public var columns: Int { diagonal.count }

    /// Creates a stencil from its parts. - Precondition: sizes match the grid.
    public init(grid: PoissonGrid, diagonal: [Double], links: [[Double]]) {
        precondition(diagonal.count == grid.nodeCount && links.count == grid.dimension && links.allSatisfy { $0.count == grid.nodeCount },
                     "GridStencil: array sizes do not match the grid")
        self.grid = grid
        self.diagonal = diagonal
        self.links = links
    }

    /// Index of the + neighbour of node `idx` along axis `d`, whose coordinate on that axis is `c`.
    @inline(__always) func plusNeighbour(_ idx: Int, axis d: Int, coordinate c: Int, stride s: Int) -> Int {
        c == grid.axes[d].count - 1 ? idx - c * s : idx + s
    }

    /// `y = A x`, matrix-free. O(nodes · dimension).
    public func apply(_ x: UnsafeBufferPointer<Double>, into y: UnsafeMutableBufferPointer<Double>) {
        let n = diagonal.count
        diagonal.withUnsafeBufferPointer { dg in
            for i in 0..<n { y[i] = dg[i] * x[i] }
        }
        let (nx, ny, nz) = grid.counts3
        let strides = grid.strides
        for d in 0..<grid.dimension {
            let s = strides[d]
            let nd = grid.axes[d].count
            links[d].withUnsafeBufferPointer { c in
                var idx = 0
                for _ in 0..<nz {
                    for _ in 0..<ny {
                        for i in 0..<nx {
                            let cv = c[idx]
                            if cv != 0 {
                                // coordinate along d of this node
                                let cd = d == 0 ? i : (idx / s) % nd
                                let nb = cd == nd - 1 ? idx - cd * s : idx + s
                                y[idx] -= cv * x[nb]
                                y[nb] -= cv * x[idx]
                            }
                            idx += 1
                        }
                    }
                }
            }
        }
    }

    /// The same operator as a CSR matrix, assembled straight into CSR arrays (columns sorted
    /// per row, zero couplings omitted). O(nodes · dimension).
    public func matrix() -> CSRMatrix {
        let n = diagonal.count
        let dim = grid.dimension
        let strides = grid.strides
        let counts = grid.counts
        let periodic = grid.axes.map { $0.low == .periodic }
        var rp = [Int](repeating: 0, count: n + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        ci.reserveCapacity(n * (2 * dim + 1))
        va.reserveCapacity(n * (2 * dim + 1))
        var cols = [Int](repeating: 0, count: 7)
        var vals = [Double](repeating: 0, count: 7)
        for i in 0..<n {
            var m = 0
            cols[0] = i; vals[0] = diagonal[i]; m = 1
            for d in 0..<dim {
                let s = strides[d], nd = counts[d]
                let c = (i / s) % nd
                // + neighbour
                let lp = links[d][i]
                if lp != 0 {
                    cols[m] = c == nd - 1 ? i - c * s : i + s; vals[m] = -lp; m += 1
                }
                // - neighbour j (whose + link points at i)
                if c > 0 || periodic[d] {
                    let j = c > 0 ? i - s : i + (nd - 1) * s
                    let lm = links[d][j]
                    if lm != 0 { cols[m] = j; vals[m] = -lm; m += 1 }
                }
            }
            // insertion sort by column (m ≤ 7)
            for a in 1..<m {
                let kc = cols[a], kv = vals[a]
                var b = a - 1
                while b >= 0 && cols[b] > kc { cols[b + 1] = cols[b]; vals[b + 1] = vals[b]; b -= 1 }
                cols[b + 1] = kc; vals[b + 1] = kv
            }
            for a in 0..<m where vals[a] != 0 || cols[a] == i {
                ci.append(Int32(cols[a])); va.append(vals[a])
            }
            rp[i + 1] = ci.count
        }
        return CSRMatrix(uncheckedRows: n, columns: n, rowPointers: rp, columnIndices: ci, values: va)
    }
}
