import Testing
import Foundation
import SparseLA
import Iterative
@testable import PDE

@Suite struct FastPoissonSolverTests {
    /// PDE.md §4.3: max error × (N+1)² = 1.212 (2D) and 1.285 (3D) for u = eˣ sin πx sin πy (sin πz).
    @Test func referenceErrorConstants() throws {
        let g2 = try PoissonGrid.uniform(dimensions: 2, n: 127)
        let s2 = try FastPoissonSolver(grid: g2)
        let u2 = s2.solve(g2.sample { x, y, _ in exp(x) * sin(.pi * y) * ((2 * .pi * .pi - 1) * sin(.pi * x) - 2 * .pi * cos(.pi * x)) })
        let e2 = GridPoisson.errors(u2, exact: { x, y, _ in exp(x) * sin(.pi * x) * sin(.pi * y) }, grid: g2).max * 128 * 128
        let g3 = try PoissonGrid.uniform(dimensions: 3, n: 31)
        let s3 = try FastPoissonSolver(grid: g3)
        let u3 = s3.solve(g3.sample { x, y, z in exp(x) * sin(.pi * y) * sin(.pi * z) * ((3 * .pi * .pi - 1) * sin(.pi * x) - 2 * .pi * cos(.pi * x)) })
        let e3 = GridPoisson.errors(u3, exact: { x, y, z in exp(x) * sin(.pi * x) * sin(.pi * y) * sin(.pi * z) }, grid: g3).max * 32 * 32
        print("FFT error constants: 2D N=127 \(e2), 3D N=31 \(e3)")
        #expect(abs(e2 - 1.212) < 0.002)
        #expect(abs(e3 - 1.285) < 0.01)
    }

    /// The FFT answer satisfies the assembled system to 1e-10 (relative) for every supported BC.
    @Test(arguments: ["dirichlet", "neumann", "periodic", "mixedAxes", "dirichlet1d", "neumann3d"])
    func agreesWithAssembledMatrix(_ kind: String) throws {
        let g: PoissonGrid
        switch kind {
        case "dirichlet": g = try PoissonGrid(axes: [GridAxis(count: 31, length: 2), GridAxis(count: 20)])
        case "neumann": g = try .uniform(dimensions: 2, n: 17, boundary: .neumann)
        case "periodic": g = try .uniform(dimensions: 3, n: 8, boundary: .periodic)
        case "dirichlet1d": g = try .uniform(dimensions: 1, n: 50)
        case "neumann3d": g = try PoissonGrid(axes: [GridAxis(count: 6, low: .neumann, high: .neumann), GridAxis(count: 5, low: .neumann, high: .neumann), GridAxis(count: 7, low: .neumann, high: .neumann)])
        default: g = try PoissonGrid(axes: [GridAxis(count: 9, low: .periodic, high: .periodic), GridAxis(count: 7, low: .neumann, high: .neumann), GridAxis(count: 5)])
        }
        let prob = GridPoissonProblem(grid: g, source: { x, y, z in 1 + x - y * y + 3 * z }, boundaryValue: { x, y, _ in x - y }, nullSpace: .project)
        let d = try GridPoisson.discretize(prob)
        let A = d.matrix()
        let solver = try FastPoissonSolver(grid: g)
        let u = solver.solve(d.rhs)
        let r = DenseVector.subtract(A.applied(to: u), d.rhs)
        let rel = DenseVector.norm2(r) / DenseVector.norm2(d.rhs)
        // and against CG on the same matrix
        let ucg = testPCG(A, d.rhs, tol: 1e-13).x
        var diff = 0.0
        let shift = g.isSingular ? (zip(u, ucg).map { $0 - $1 }.reduce(0, +) / Double(u.count)) : 0
        for i in 0..<u.count { diff = max(diff, abs(u[i] - ucg[i] - shift)) }
        print("FFT vs matrix (\(kind)): relative residual \(rel), max |u_fft - u_cg| \(diff)")
        #expect(rel < 1e-10)
        #expect(diff < 1e-10 * max(1, DenseVector.normInf(u)))
    }

    @Test func rejectsMixedAxis() {
        #expect(throws: GridError.self) { try FastPoissonSolver(grid: PoissonGrid(axes: [GridAxis(count: 4, low: .dirichlet, high: .neumann)])) }
    }

    /// As a preconditioner for -div(k grad u) with k in [1, 3]: PCG iterations stay flat in n,
    /// far below plain CG.
    @Test func preconditionsVariableCoefficient() throws {
        var its: [(Int, Int)] = []
        for n in [31, 63] {
            let g = try PoissonGrid.uniform(dimensions: 2, n: n)
            let d = try GridPoisson.discretize(GridPoissonProblem(grid: g, source: { _, _, _ in 1 },
                                                                 coefficient: { x, y, _ in 2 + sin(3 * x) * cos(2 * y) }))
            let A = d.matrix()
            let M = try FastPoissonSolver(grid: g)
            M.preconditionerScale = 2
            let pc = testPCG(A, d.rhs, tol: 1e-8, preconditioner: M).iterations
            let plain = testPCG(A, d.rhs, tol: 1e-8).iterations
            its.append((pc, plain))
        }
        print("FFT-preconditioned PCG iterations (n=31, 63): \(its)")
        #expect(its[1].0 <= its[0].0 + 2)
        #expect(its[1].0 * 4 < its[1].1)
    }
}
