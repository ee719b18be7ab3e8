// The code examples of docs/*.md, compiled and run by `make docs-example` (CI) so the pages cannot
// drift from the library. Each function mirrors one page section; keep them in sync when editing.
import Foundation
import SparseLA
import Iterative
import PDE

func check(_ ok: Bool, _ what: String) {
    print((ok ? "ok   " : "FAIL ") + what)
    if !ok { exit(1) }
}

// docs/sparsela.md: triplets, SpMV, Matrix Market round trip, direct solvers.
func sparseLAPage() throws {
    var t = TripletBuilder(rows: 3, columns: 3)
    t.append(row: 0, column: 0, value: 4)
    t.append(row: 0, column: 1, value: -1)
    t.append(row: 1, column: 0, value: -1)
    t.append(row: 1, column: 1, value: 4)
    t.append(row: 2, column: 2, value: 2)
    t.append(row: 2, column: 2, value: 2)      // summed: a₂₂ = 4
    let a = t.build()
    check(a.nnz == 5 && a.isSymmetric(tolerance: 0), "sparsela: triplet builder sums duplicates")

    let big = CSRMatrix.laplacian2D(100)
    let x = DenseVector.ones(big.columns)
    var y = [Double](repeating: 0, count: big.rows)
    big.multiply(x, into: &y)
    var y2 = [Double](repeating: 0, count: big.rows)
    big.multiplyParallel(x, into: &y2, threads: 2)
    check(y == y2, "sparsela: serial and parallel SpMV agree")

    let path = NSTemporaryDirectory() + "docexample_\(getpid()).mtx"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try MatrixMarket.write(big, to: path, symmetric: true)
    let back = try MatrixMarket.readMatrix(path: path)
    check(back.nnz == big.nnz && back.values == big.values, "sparsela: Matrix Market round trip is exact")

    let b = big.multiplied(by: x)
    let chol = try CholeskyFactorization(big)
    let xc = try chol.solve(b)
    check(big.relativeResidual(x: xc, b: b) < 1e-12, "sparsela: CHOLMOD solve")
    let lu = try LUFactorization(big)
    check(big.relativeResidual(x: try lu.solve(b), b: b) < 1e-12, "sparsela: UMFPACK solve")
    let r = try DirectSolver.solve(big, b, method: .auto)
    check(big.relativeResidual(x: r.solution, b: b) < 1e-12, "sparsela: DirectSolver.solve auto (\(r.method))")
}

// docs/iterative.md and docs/stopping-criteria.md.
func iterativePage() throws {
    let a = CSRMatrix.laplacian2D(64)
    let b = a.multiplied(by: DenseVector.ones(a.columns))
    let amg = try SmoothedAggregationAMG(a)
    let result = Krylov.cg(a, b, preconditioner: amg, options: SolveOptions(relativeTolerance: 1e-10))
    check(result.status.isConverged, "iterative: AMG-PCG \(result.status), \(result.iterations) iterations")

    let n = 100
    let op = ClosureOperator(rows: n, columns: n) { x, y in
        for i in 0..<n { y[i] = 2 * x[i] - (i > 0 ? x[i - 1] : 0) - (i < n - 1 ? x[i + 1] : 0) }
    }
    let r = Krylov.cg(op, [Double](repeating: 1, count: n))
    check(r.status.isConverged, "iterative: matrix-free CG \(r.status)")

    let ic0 = try IncompleteCholesky(a, shiftStrategy: .automatic())
    let cg = ConjugateGradient(size: a.rows)
    for scale in [1.0, 2.0] {
        let rhs = b.map { $0 * scale }
        let s = cg.solve(a, rhs, preconditioner: ic0, options: SolveOptions(relativeTolerance: 1e-8))
        check(s.status.isConverged, "iterative: reused CG workspace, rhs × \(scale): \(s.iterations) iterations")
    }

    let config = BCDConfiguration(partition: .forests, blockSize: 32, selection: .cyclic, update: .tree)
    let bcd = try BlockCoordinateDescent.solve(matrix: a, rhs: b, options: SolveOptions(relativeTolerance: 1e-6),
                                               configuration: config)
    check(bcd.status.isConverged, "iterative: block coordinate descent (forests, tree) \(bcd.status), \(bcd.iterations) iterations")

    var options = SolveOptions(relativeTolerance: 1e-8, maxIterations: 5)
    options.reference = .rightHandSide
    let capped = Krylov.cg(a, b, options: options)
    check(capped.status == .maxIterations, "stopping-criteria: cap gives \(capped.status.name)")
    switch capped.status {
    case .converged: print("x is good to", capped.finalTrueResidual)
    case .breakdown(let why): print("breakdown:", why)      // e.g. nonPositiveCurvature: A is not SPD
    default: print("stopped early:", capped.status, "after", capped.iterations, "iterations")
    }
    let scipyLike = Krylov.cg(a, b, options: .scipy(rtol: 1e-8))
    check(scipyLike.status.isConverged, "stopping-criteria: SciPy mode \(scipyLike.status.name)")
}

// docs/poisson.md and docs/pde.md.
func pdePage() throws {
    let grid = try PoissonGrid.uniform(dimensions: 2, n: 127)
    let problem = GridPoissonProblem(grid: grid, source: { x, y, _ in 2 * Double.pi * Double.pi * sin(.pi * x) * sin(.pi * y) })
    let disc = try GridPoisson.discretize(problem)
    let fft = try FastPoissonSolver(grid: grid)
    let u = fft.solve(disc.rhs)
    let err = GridPoisson.errors(u, exact: { x, y, _ in sin(.pi * x) * sin(.pi * y) }, grid: grid)
    check(err.max < 1e-4, "pde: FFT Poisson 127², max error \(err.max)")
    let a = disc.matrix()
    let cg = Krylov.cg(a, disc.rhs, preconditioner: fft, options: SolveOptions(relativeTolerance: 1e-10))
    check(cg.status.isConverged && cg.iterations <= 3, "pde: FFT-preconditioned CG, \(cg.iterations) iterations")

    let mesh = StructuredMesher.box(nx: 6, ny: 6, nz: 6)
    let femProblem = MeshPoissonProblem(mesh: mesh, source: { _, _, _ in 1 })
    let fem = try P1Poisson.discretize(femProblem)
    let uFree = try CholeskyFactorization(fem.matrix).solve(fem.rhs)
    let uAll = fem.expand(uFree)
    check(uAll.count == mesh.points.count / 3 && uAll.max()! > 0, "pde: P1 FEM on a 6³ box, \(fem.freeNodes.count) unknowns")

    let riesz = try RieszCollocation(alpha: 1.5, degree: 3, intervals: 64)
    let direct = try rieszSolveDirect(riesz)
    let gmres = rieszSolveGMRES(riesz, preconditioner: .tau, relativeTolerance: 1e-10, planning: .estimate)
    check(direct.maxError < 1e-4 && gmres.status == "converged" && abs(gmres.maxError - direct.maxError) < 1e-8,
          "pde: fractional α = 1.5, N = \(riesz.size): direct error \(direct.maxError), τ-GMRES \(gmres.iterations) iterations")
    let matrix = RieszCollocationMatrix(problem: riesz)
    let op = ToeplitzFFTOperator(matrix: matrix, planning: .estimate)
    let xs = (0..<riesz.size).map { sin(Double($0)) }
    var yFFT = [Double](repeating: 0, count: riesz.size)
    op.apply(xs, into: &yFFT)
    let yDense = matrix.denseMultiply(xs)
    let diff = zip(yFFT, yDense).map { abs($0 - $1) }.max()!
    check(diff < 1e-10 * yDense.map(abs).max()!, "pde: FFT Toeplitz matvec = dense product (diff \(diff))")
}

try sparseLAPage()
try iterativePage()
try pdePage()
print("all documentation examples ran")
