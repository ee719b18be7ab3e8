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

    public var rows: Int { diagonal.count }
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

    /// The same operator as a CSR matrix (sorted columns, explicit zeros dropped). O(nodes).
    public func matrix() -> CSRMatrix {
        let n = diagonal.count
        var b = TripletBuilder(rows: n, columns: n, reservingCapacity: n * (2 * grid.dimension + 1))
        for i in 0..<n { b.append(row: i, column: i, value: diagonal[i]) }
        let strides = grid.strides
        for d in 0..<grid.dimension {
            let s = strides[d]
            let nd = grid.axes[d].count
            for idx in 0..<n where links[d][idx] != 0 {
                let cd = (idx / s) % nd
                let nb = cd == nd - 1 ? idx - cd * s : idx + s
                b.append(row: idx, column: nb, value: -links[d][idx])
                b.append(row: nb, column: idx, value: -links[d][idx])
            }
        }
        return b.build(dropZeros: true)
    }
}
