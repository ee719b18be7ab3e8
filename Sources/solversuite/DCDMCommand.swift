import ArgumentParser
import Foundation
import SparseLA
import Iterative

/// `solversuite dcdm`: solves a masked grid Poisson problem with DCDM (trained model) and with
/// CG, IC(0)-PCG and AMG-PCG, for one or more relative tolerances; prints a table or JSON.
struct DCDMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcdm",
        abstract: "Run DCDM with a trained model on a grid Poisson problem, compared with CG, IC0-PCG, AMG-PCG.",
        discussion: """
        Problem: (2d+1)-point Laplacian on the active cells of a GRID^DIM grid of the given shape \
        (square, lshape, disc, obstacles), outer box Dirichlet, walls to solid cells --walls. \
        b: seeded Gaussian (--rhs random) or ones. x0 = 0; stop when ||b - A x|| <= rtol ||b||. \
        Times exclude setup (IC0 factorization, AMG hierarchy, model loading), which is reported separately.
        """
    )

    @Option(help: "Model file written by 'solversuite train dcdm'.") var model: String
    @Option(help: "Grid cells per axis.") var grid: Int = 128
    @Option(help: "Grid dimension (2 or 3).") var dim: Int = 2
    @Option(help: "Domain: square, lshape, disc, obstacles.") var shape: String = "lshape"
    @Option(help: "Walls to solid cells: dirichlet or neumann.") var walls: String = "dirichlet"
    @Option(help: "Relative tolerance(s); repeat for several.") var rtol: [Double] = [1e-4, 1e-6]
    @Option(help: "Comma-separated methods: dcdm, cg, ic0, amg.") var methods: String = "dcdm,cg,ic0,amg"
    @Option(name: .customLong("max-iterations"), help: "Iteration cap for CG, IC0-PCG, AMG-PCG.") var maxIterations: Int = 10000
    @Option(name: .customLong("dcdm-max-iterations"), help: "Iteration cap for DCDM (each costs a network inference).") var dcdmMaxIterations: Int = 500
    @OptionGroup var dcdmOptions: DCDMDirectionOptions
    @Option(help: "Right-hand side: random or ones.") var rhs: String = "random"
    @Option(help: "Seed for the right-hand side and obstacles.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        dcdmOptions.check()
        guard dim == 2 || dim == 3 else { fail("--dim must be 2 or 3") }
        let problem = MaskedGridProblem(shape: shape, dims: [Int](repeating: grid, count: dim), seed: seed, walls: walls, rhs: rhs)
        var wanted = Set<GridSolver>()
        for name in methods.split(separator: ",") {
            guard let m = GridSolver(name: String(name)) else { fail("--methods: unknown method '\(name)' (dcdm, cg, ic0, amg)") }
            wanted.insert(m)
        }
        let a = problem.matrix, b = problem.rhs
        let solvers: GridSolverSet
        do {
            solvers = try GridSolverSet(matrix: a, methods: wanted,
                                        proposer: wanted.contains(.dcdm) ? loadProposer(model: model, domain: problem.domain) : nil, dcdmOptions: dcdmOptions)
        } catch { fail("preconditioner setup failed: \(error)", code: ExitStatus.notSolved) }
        var rows: [JSONObject] = []
        var stdout = ""
        for tol in rtol {
            for method in GridSolver.allCases where wanted.contains(method) {
                let run = solvers.run(method, b, options: .scipy(rtol: tol, maxIterations: method == .dcdm ? dcdmMaxIterations : maxIterations))
                var j = JSONObject()
                j.set("method", method.shortName)
                j.set("rtol", tol)
                run.record(into: &j)
                rows.append(j)
                stdout += method.shortName.padding(toLength: 6, withPad: " ", startingAt: 0)
                    + String(format: " rtol %.0e  iters %6d  solve %9.4f s  setup %7.4f s  %@\n", tol, run.result.iterations, run.result.solveTime, run.setupSeconds, run.result.status.name)
            }
        }
        if json {
            var j = JSONObject()
            j.set("shape", shape)
            j.set("grid", grid)
            j.set("dim", dim)
            j.set("walls", walls)
            j.set("unknowns", a.rows)
            j.set("model", model)
            j.set("results", .array(rows.map { .raw($0.rendered) }))
            print(j.rendered)
        } else {
            print("\(shape) \(grid)^\(dim) (\(a.rows) unknowns), walls \(walls), model \(model)")
            print(stdout, terminator: "")
        }
    }
}
