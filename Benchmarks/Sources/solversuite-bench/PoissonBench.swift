import Foundation
import SparseLA
import Iterative
import PDE
import CReference

/// `solversuite-bench poisson [--reps N] [--estimate] [--solvers] [--json] [PROBLEM...]`
///
/// PROBLEM is `2d:N` or `3d:N` (N interior points per axis of the unit box, Dirichlet). For each,
/// plans the Swift `FastPoissonSolver` and the plain C+FFTW reference (Benchmarks/Sources/
/// CReference/fftpoisson.c) with FFTW_MEASURE (planning excluded from the solve times), then runs
/// both alternately `reps` times on the manufactured right-hand side of PDE.md §4.3 and reports
/// the best (and, in JSON, the median) solve time of each, ns per unknown, the Swift/C ratio, max |u_swift − u_c| and the
/// error constant max|u − u*|·(N+1)². With `--solvers` it also times CHOLMOD (analyse+factor+
/// solve) and AMG-PCG (setup+solve to 1e-8) on the same assembled matrix (CHOLMOD only up to
/// 3·10⁵ unknowns in 3D, where its fill explodes). Default problems: 2d:1023 3d:127.
func runPoissonBench(_ arguments: [String]) {
    var reps = 10
    var flags: UInt32 = 0  // FFTW_MEASURE
    var planning = FFTPlanning.measure
    var withSolvers = false
    var json = false
    var problems: [String] = []
    var i = 0
    while i < arguments.count {
        switch arguments[i] {
        case "--reps": i += 1; reps = i < arguments.count ? Int(arguments[i]) ?? reps : reps
        case "--estimate": flags = 64; planning = .estimate
        case "--solvers": withSolvers = true
        case "--json": json = true
        default: problems.append(arguments[i])
        }
        i += 1
    }
    if problems.isEmpty { problems = ["2d:1023", "3d:127"] }
    for problem in problems {
        let parts = problem.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]), n > 0, parts[0] == "2d" || parts[0] == "3d" else {
            print("poisson bench: bad problem '\(problem)' (use 2d:N or 3d:N)")
            continue
        }
        let dim = parts[0] == "2d" ? 2 : 3
        let grid = try! PoissonGrid.uniform(dimensions: dim, n: n)
        let f: [Double] = grid.sample { x, y, z in
            let s = dim == 3 ? sin(.pi * z) : 1
            return exp(x) * sin(.pi * y) * s * ((Double(dim) * .pi * .pi - 1) * sin(.pi * x) - 2 * .pi * cos(.pi * x))
        }
        let exact: ScalarField = { x, y, z in exp(x) * sin(.pi * x) * sin(.pi * y) * (dim == 3 ? sin(.pi * z) : 1) }
        let planClock = Stopwatch()
        let swiftSolver = try! FastPoissonSolver(grid: grid, planning: planning)
        let swiftPlan = planClock.elapsed
        let cClock = Stopwatch()
        guard let cSolver = cref_fftpoisson_create(Int32(dim), Int32(n), flags) else { print("C reference: create failed"); continue }
        defer { cref_fftpoisson_destroy(cSolver) }
        let cPlan = cClock.elapsed
        var uS = [Double](repeating: 0, count: grid.nodeCount)
        var uC = [Double](repeating: 0, count: grid.nodeCount)
        var bestS = Double.infinity, bestC = Double.infinity
        var samplesS: [Double] = [], samplesC: [Double] = []
        for _ in 0..<max(reps, 1) {
            let t0 = Stopwatch()
            f.withUnsafeBufferPointer { fp in uS.withUnsafeMutableBufferPointer { up in swiftSolver.solve(fp, into: up) } }
            samplesS.append(t0.elapsed)
            bestS = min(bestS, samplesS.last!)
            let t1 = Stopwatch()
            f.withUnsafeBufferPointer { fp in uC.withUnsafeMutableBufferPointer { up in cref_fftpoisson_solve(cSolver, fp.baseAddress!, up.baseAddress!) } }
            samplesC.append(t1.elapsed)
            bestC = min(bestC, samplesC.last!)
        }
        var diff = 0.0
        for k in 0..<uS.count { diff = max(diff, abs(uS[k] - uC[k])) }
        let errConst = GridPoisson.errors(uS, exact: exact, grid: grid).max * Double((n + 1) * (n + 1))
        let N = Double(grid.nodeCount)
        var row = "{\"problem\": \"\(problem)\", \"unknowns\": \(grid.nodeCount), \"swift_fft_seconds\": \(bestS), \"c_fft_seconds\": \(bestC), "
        row += "\"swift_ns_per_unknown\": \(bestS / N * 1e9), \"c_ns_per_unknown\": \(bestC / N * 1e9), \"ratio_swift_over_c\": \(bestS / bestC), "
        row += "\"max_abs_difference\": \(diff), \"error_constant\": \(errConst), \"swift_plan_seconds\": \(swiftPlan), \"c_plan_seconds\": \(cPlan), \"reps\": \(reps), "
        row += "\"swift_fft_median_seconds\": \(median(samplesS)), \"c_fft_median_seconds\": \(median(samplesC))"
        var text = String(format: "%@: N=%d  Swift FFT %.2f ms (%.1f ns/unknown)  C FFTW %.2f ms (%.1f ns/unknown)  ratio %.3f  |Δu|=%.1e  err·(N+1)²=%.4f  plan %.2f s / %.2f s",
                          problem, grid.nodeCount, bestS * 1e3, bestS / N * 1e9, bestC * 1e3, bestC / N * 1e9, bestS / bestC, diff, errConst, swiftPlan, cPlan)
        if withSolvers {
            let A = GridStencilMatrix.assemble(grid)
            let b = f
            // AMG-PCG
            let s0 = Stopwatch()
            if let amg = try? SmoothedAggregationAMG(A) {
                let setup = s0.elapsed
                var opts = SolveOptions(relativeTolerance: 1e-8)
                opts.reference = .rightHandSide
                let r = Krylov.cg(A, b, preconditioner: amg, options: opts)
                let solve = s0.elapsed - setup
                row += ", \"amg_pcg_setup_seconds\": \(setup), \"amg_pcg_solve_seconds\": \(solve), \"amg_pcg_iterations\": \(r.iterations)"
                text += String(format: "\n    AMG-PCG: setup %.2f s + solve %.2f s, %d iterations (%@)", setup, solve, r.iterations, r.status.name)
            }
            if dim == 2 || grid.nodeCount <= 300_000 {
                let c0 = Stopwatch()
                if let chol = try? CholeskyFactorization(A, symmetryTolerance: nil), let _ = try? chol.solve(b) {
                    let t = c0.elapsed
                    row += ", \"cholmod_seconds\": \(t)"
                    text += String(format: "\n    CHOLMOD: analyse+factor+solve %.2f s", t)
                }
            } else {
                text += "\n    CHOLMOD: skipped (3D fill too large at this size)"
            }
        }
        row += "}"
        print(json ? row : text)
    }
}

/// Assembles the Dirichlet Poisson matrix of a unit-box grid (k = 1), scaled by 1/h².
enum GridStencilMatrix {
    static func assemble(_ grid: PoissonGrid) -> CSRMatrix {
        try! GridPoisson.discretize(GridPoissonProblem(grid: grid, source: { _, _, _ in 0 })).matrix()
    }
}
