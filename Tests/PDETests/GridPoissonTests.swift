import Testing
import Foundation
import SparseLA
import Iterative
@testable import PDE

/// u = sin(2x+1/2) cos y + x y², -Δu = 5 sin(2x+1/2) cos y - 2x.
let manU: ScalarField = { x, y, _ in sin(2 * x + 0.5) * cos(y) + x * y * y }
let manF: ScalarField = { x, y, _ in 5 * sin(2 * x + 0.5) * cos(y) - 2 * x }
let manFlux: FluxField = { x, y, _, face in
    let ux = 2 * cos(2 * x + 0.5) * cos(y) + y * y
    let uy = -sin(2 * x + 0.5) * sin(y) + 2 * x * y
    switch face { case 0: return -ux; case 1: return ux; case 2: return -uy; default: return uy }
}

func solveGrid(_ p: GridPoissonProblem) throws -> [Double] {
    let disc = try GridPoisson.discretize(p)
    return testPCG(disc.stencil, disc.rhs, tol: 1e-12).x
}

@Suite struct GridPoissonTests {
    @Test func stencilMatchesCSRAndModelLaplacian() throws {
        let g = try PoissonGrid.uniform(dimensions: 2, n: 7)
        let d = try GridPoisson.discretize(GridPoissonProblem(grid: g, source: { _, _, _ in 1 }))
        let A = d.matrix()
        let h2 = 1.0 / 64
        let ref = CSRMatrix.laplacian2D(7)
        #expect(A.rowPointers == ref.rowPointers && A.columnIndices == ref.columnIndices)
        for (a, r) in zip(A.values, ref.values) { #expect(abs(a * h2 - r) < 1e-12) }
        let x = (0..<49).map { sin(Double($0)) }
        let y1 = A.applied(to: x), y2 = d.stencil.applied(to: x)
        #expect(zip(y1, y2).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func operatorIsSymmetricForAllBoundaryKinds() throws {
        let axes = [GridAxis(count: 5, low: .neumann, high: .dirichlet), GridAxis(count: 4, low: .periodic, high: .periodic),
                    GridAxis(count: 3, low: .neumann, high: .neumann)]
        let g = try PoissonGrid(axes: axes)
        var mask = [Bool](repeating: false, count: g.nodeCount); mask[7] = true
        let d = try GridPoisson.discretize(GridPoissonProblem(grid: g, source: { _, _, _ in 1 }, coefficient: { x, y, _ in 1 + x + y * y }, solid: mask))
        let A = d.matrix()
        #expect(A.isSymmetric(tolerance: 1e-12))
        let x = (0..<g.nodeCount).map { cos(Double($0)) }
        let y1 = A.applied(to: x), y2 = d.stencil.applied(to: x)
        #expect(zip(y1, y2).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func badInputIsRejected() {
        #expect(throws: GridError.self) { try PoissonGrid(axes: [GridAxis(count: 4, low: .periodic, high: .dirichlet)]) }
        #expect(throws: GridError.self) { try PoissonGrid(axes: [GridAxis(count: 0)]) }
        #expect(throws: GridError.self) { try PoissonGrid(axes: [GridAxis(count: 3, length: -1)]) }
        #expect(throws: GridError.self) { try PoissonGrid(axes: Array(repeating: GridAxis(count: 2000), count: 3)) }
        let g = try! PoissonGrid.uniform(dimensions: 1, n: 4)
        #expect(throws: GridError.self) { try GridPoisson.discretize(GridPoissonProblem(grid: g, source: { _, _, _ in 0 }, solid: [true])) }
        #expect(throws: GridError.self) { try GridPoisson.discretize(GridPoissonProblem(grid: g, source: { _, _, _ in 0 }, coefficient: { _, _, _ in -1 })) }
    }

    /// Second-order convergence for Dirichlet, mixed, Neumann (pinned), periodic, variable k, masked.
    @Test(arguments: ["dirichlet", "mixed", "neumann", "periodic", "variable", "masked", "dirichlet1d", "dirichlet3d"])
    func convergenceOrderTwo(_ kind: String) throws {
        var errs: [(Double, Double)] = []
        for level in 0..<2 {
            let m = 16 << level
            let p: GridPoissonProblem
            var removeMean = false
            var exact = manU
            switch kind {
            case "dirichlet":
                p = GridPoissonProblem(grid: try .uniform(dimensions: 2, n: m - 1), source: manF, boundaryValue: manU)
            case "dirichlet1d":
                let u1: ScalarField = { x, _, _ in sin(2 * x + 0.5) }
                exact = u1
                p = GridPoissonProblem(grid: try .uniform(dimensions: 1, n: m - 1), source: { x, _, _ in 4 * sin(2 * x + 0.5) }, boundaryValue: u1)
            case "dirichlet3d":
                let u3: ScalarField = { x, y, z in sin(2 * x + 0.5) * cos(y) * exp(z) }
                exact = u3
                p = GridPoissonProblem(grid: try .uniform(dimensions: 3, n: m / 2 - 1), source: { x, y, z in 4 * sin(2 * x + 0.5) * cos(y) * exp(z) }, boundaryValue: u3)
            case "mixed":
                let g = try PoissonGrid(axes: [GridAxis(count: m, low: .neumann, high: .dirichlet), GridAxis(count: m, low: .dirichlet, high: .neumann)])
                p = GridPoissonProblem(grid: g, source: manF, boundaryValue: manU, boundaryFlux: manFlux)
            case "neumann":
                p = GridPoissonProblem(grid: try .uniform(dimensions: 2, n: m + 1, boundary: .neumann), source: manF, boundaryFlux: manFlux)
                removeMean = true
            case "periodic":
                let up: ScalarField = { x, y, _ in sin(2 * .pi * x) * cos(4 * .pi * y) + cos(2 * .pi * (x + y)) }
                exact = up
                p = GridPoissonProblem(grid: try .uniform(dimensions: 2, n: m, boundary: .periodic), source: { x, y, _ in
                    20 * .pi * .pi * sin(2 * .pi * x) * cos(4 * .pi * y) + 8 * .pi * .pi * cos(2 * .pi * (x + y)) })
                removeMean = true
            case "variable":
                // k = 1 + x² + y, u = sin(πx) sin(πy)
                let uv: ScalarField = { x, y, _ in sin(.pi * x) * sin(.pi * y) }
                exact = uv
                p = GridPoissonProblem(grid: try .uniform(dimensions: 2, n: m - 1), source: { x, y, _ in
                    let k = 1 + x * x + y
                    return -(2 * x * .pi * cos(.pi * x) * sin(.pi * y) + .pi * sin(.pi * x) * cos(.pi * y)) + k * 2 * .pi * .pi * sin(.pi * x) * sin(.pi * y)
                }, coefficient: { x, y, _ in 1 + x * x + y })
            default: // masked L-shape: nodes with x > 0.5 and y > 0.5 are solid
                let g = try PoissonGrid.uniform(dimensions: 2, n: m - 1)
                var mask = [Bool](repeating: false, count: g.nodeCount)
                for j in 0..<(m - 1) { for i in 0..<(m - 1) { let pt = g.point(i, j, 0); mask[j * (m - 1) + i] = pt.0 > 0.5 && pt.1 > 0.5 } }
                p = GridPoissonProblem(grid: g, source: manF, boundaryValue: manU, solid: mask, solidValue: manU)
            }
            let u = try solveGrid(p)
            errs.append(GridPoisson.errors(u, exact: exact, grid: p.grid, removeMean: removeMean))
        }
        let oMax = order(errs[0].0, errs[1].0), oL2 = order(errs[0].1, errs[1].1)
        print("grid \(kind): max err \(errs[0].0) -> \(errs[1].0) order \(oMax); L2 order \(oL2)")
        #expect(oMax > 1.8 && oMax < 2.3)
        #expect(oL2 > 1.8 && oL2 < 2.3)
    }
}
