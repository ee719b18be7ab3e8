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
        Times exclude setup (IC0 factorization, AMG hierarchy), which is reported separately.
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
    @Option(help: "Right-hand side: random or ones.") var rhs: String = "random"
    @Option(help: "Seed for the right-hand side and obstacles.") var seed: UInt64 = 1
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        guard let wc = GridDomain.WallCondition(rawValue: walls) else { fail("--walls must be dirichlet or neumann") }
        let domain: GridDomain
        let net: DirectionNetwork
        do {
            domain = try GridDomain.named(shape, n: grid, dimension: dim, seed: seed)
            net = try DirectionNetworkFile.load(from: model)
        } catch let e as GridDomainError { fail(e.description) } catch let e as DirectionNetworkError { fail(e.description) }
        let a = domain.laplacian(walls: wc)
        let n = a.rows
        var rng = SplitMix64(seed: seed)
        let b: [Double] = rhs == "ones" ? [Double](repeating: 1, count: n) : (0..<n).map { _ in rng.nextGaussian() }
        let wanted = Set(methods.split(separator: ",").map(String.init))
        var rows: [JSONObject] = []
        var stdout = ""
        func record(_ name: String, _ tol: Double, _ r: SolveResult, setup: Double, extra: (inout JSONObject) -> Void = { _ in }) {
            var j = JSONObject()
            j.set("method", name)
            j.set("rtol", tol)
            j.set("iterations", r.iterations)
            j.set("relative_residual", r.finalTrueResidual / max(DenseVector.norm2(b), .leastNormalMagnitude))
            j.set("status", r.status.name)
            j.set("solve_seconds", r.solveTime)
            j.set("setup_seconds", setup)
            j.set("ms_per_iteration", r.iterations > 0 ? 1000 * r.solveTime / Double(r.iterations) : 0)
            extra(&j)
            rows.append(j)
            stdout += String(format: "%-6@ rtol %.0e  iters %6d  solve %9.4f s  setup %7.4f s  %@\n",
                             name, tol, r.iterations, r.solveTime, setup, r.status.name)
        }
        let ic0: IncompleteCholesky? = wanted.contains("ic0") ? (try? IncompleteCholesky(a)) : nil
        let icSetup = ic0?.setupTime ?? 0
        let amg: SmoothedAggregationAMG? = wanted.contains("amg") ? (try? SmoothedAggregationAMG(a)) : nil
        let proposer: NetworkDirectionProposer
        do { proposer = try NetworkDirectionProposer(network: net, domain: domain) } catch { fail(error.description) }
        for tol in rtol {
            var o = SolveOptions.scipy(rtol: tol, maxIterations: maxIterations)
            o.reference = .rightHandSide
            if wanted.contains("dcdm") {
                let before = (proposer.inferenceSeconds, proposer.calls)
                var od = o
                od.maxIterations = dcdmMaxIterations
                let r = DeepConjugateDirection(size: n).solve(a, b, proposer: proposer, options: od)
                let inf = proposer.inferenceSeconds - before.0, calls = proposer.calls - before.1
                record("dcdm", tol, r, setup: 0) { j in
                    j.set("inference_seconds", inf)
                    j.set("ms_per_inference", calls > 0 ? 1000 * inf / Double(calls) : 0)
                }
            }
            if wanted.contains("cg") { record("cg", tol, Krylov.cg(a, b, options: o), setup: 0) }
            if let ic0 { record("ic0", tol, Krylov.cg(a, b, preconditioner: ic0, options: o), setup: icSetup) }
            if let amg { record("amg", tol, Krylov.cg(a, b, preconditioner: amg, options: o), setup: amg.setupTime) }
        }
        if json {
            var j = JSONObject()
            j.set("shape", shape)
            j.set("grid", grid)
            j.set("dim", dim)
            j.set("walls", walls)
            j.set("unknowns", n)
            j.set("model", model)
            j.set("results", .array(rows.map { .raw($0.rendered) }))
            print(j.rendered)
        } else {
            print("\(shape) \(grid)^\(dim) (\(n) unknowns), walls \(walls), model \(model)")
            print(stdout, terminator: "")
        }
    }
}
