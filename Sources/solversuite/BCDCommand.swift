import Foundation
import ArgumentParser
import SparseLA
import Iterative

/// `solversuite bcd`: block coordinate descent experiments (Nutini, Laradji & Schmidt 2022).
///
/// Comma-separated `--partition`, `--select` and `--update` run every valid combination on the
/// same problem (invalid ones are listed as skipped); the first run is the reference for
/// `iterations_to_reach_first` and for the top-level JSON fields.
struct BCDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bcd",
        abstract: "Block coordinate descent: greedy rules (GS/GSL/GSD/GSQ), Newton and message-passing updates.",
        discussion: """
        Problems: ls (least squares, synthetic dataset A or --matrix design), logistic (L2-regularised,
        dataset B or --matrix with --labels-from-sign), labelprop (50x50 lattice, dataset D),
        spd (--matrix A.mtx, default 2D Laplacian). Partitions: order, sort, avg, variable, redblack,
        forests, greedy-forest, lattice-redblack, lattice-trees. Selections: cyclic, random, lipschitz,
        gs, gsl, gsl2, gsd, gsq. Updates: gradient, newton (= matrix), linesearch, tree.
        """)

    @Option(help: "ls | logistic | labelprop | spd") var problem: String = "ls"
    @Option(help: "Matrix Market file: SPD matrix (spd) or design matrix (ls, logistic).") var matrix: String?
    @Option(help: "Partition rule(s), comma separated.") var partition: String = "sort"
    @Option(name: .customLong("block-size"), help: "Block size τ for order/sort/avg/variable.") var blockSize: Int = 5
    @Option(help: "Selection rule(s), comma separated.") var select: String = "random"
    @Option(help: "Update rule(s), comma separated.") var update: String = "gradient"
    @Option(help: "Iterations (block updates) per run.") var iterations: Int = 500
    @Option(help: "Seed for problem generation and random rules.") var seed: UInt64 = 1
    @Option(help: "Rows of the synthetic design matrix (ls, logistic).") var rows: Int = 1000
    @Option(help: "Columns of the synthetic design matrix (ls, logistic).") var columns: Int = 10_000
    @Option(help: "Lattice side for labelprop.") var lattice: Int = 50
    @Option(help: "L2 regularisation λ (logistic; ls adds it too when > 0).") var lambda: Double?
    @Option(help: "Write iteration,objective,gap per run to this CSV file.") var csv: String?
    @Option(help: "Write an SVG plot of f - f* (or f) against iterations.") var svg: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(name: .customLong("skip-optimum"), help: "Do not compute f* (no gap).") var skipOptimum = false
    @Flag(name: .customLong("compare-cg"), help: "spd/labelprop: time the first configuration to --rtol against CG.") var compareCG = false
    @Option(help: "Relative residual target for --compare-cg.") var rtol: Double = 1e-6
    @Option(help: "--compare-cg: repetitions of each solve; the minimum time is reported.") var repeats: Int = 3
    @Option(name: .customLong("time-limit"), help: "Seconds allowed to BCD in --compare-cg (then status time_limit).") var timeLimit: Double = 60

    struct RunRecord {
        var label: String
        var trace: BCDTrace
        var gap: [Double]
    }

    func run() throws {
        let made = try makeObjective()
        let objective = made.objective
        var fstar: Double? = nil
        var fstarMethod = "none"
        let optClock = Stopwatch()
        if !skipOptimum, let (v, m) = made.optimum() { fstar = v; fstarMethod = m }
        let optimumSeconds = optClock.elapsed

        let partitions = partition.split(separator: ",").map(String.init)
        let selections = select.split(separator: ",").map(String.init)
        let updates = update.split(separator: ",").map(String.init)
        var records: [RunRecord] = []
        var skipped: [String] = []
        var bestSolver: (BCDConfiguration, String)? = nil
        for p in partitions {
            for s in selections {
                for u in updates {
                    let label = "\(p)/\(s)/\(u)"
                    guard let sel = BCDConfiguration.Selection(rawValue: s) else { throw ValidationError("unknown selection rule '\(s)'") }
                    guard let upd = BCDConfiguration.Update(rawValue: u) else { throw ValidationError("unknown update rule '\(u)'") }
                    var config = BCDConfiguration(partition: .sort, blockSize: blockSize, selection: sel, update: upd, seed: seed)
                    switch p {
                    case "lattice-redblack", "lattice-trees":
                        guard let lat = made.lattice else { throw ValidationError("\(p) needs --problem labelprop") }
                        config.partition = .custom
                        config.customPartition = p == "lattice-redblack" ? lat.redBlack : lat.combs
                    default:
                        guard let part = BCDConfiguration.Partition(rawValue: p) else { throw ValidationError("unknown partition '\(p)'") }
                        config.partition = part
                    }
                    objective.reset(to: nil)
                    let bcd: BlockCoordinateDescent
                    do { bcd = try BlockCoordinateDescent(objective: objective, configuration: config) }
                    catch { skipped.append("\(label): \(error)"); continue }
                    if bestSolver == nil { bestSolver = (config, label) }
                    let trace = try bcd.run(iterations: iterations)
                    let gap = trace.objective.map { v in fstar.map { v - $0 } ?? .nan }
                    records.append(RunRecord(label: label, trace: trace, gap: gap))
                }
            }
        }
        guard let first = records.first else { throw ValidationError("no valid configuration: \(skipped.joined(separator: "; "))") }

        // Iterations each run needs to reach the first run's final objective.
        let target = first.trace.objective.last!
        func reach(_ r: RunRecord) -> Int? { r.trace.objective.firstIndex { $0 <= target } }

        if let csv {
            var text = "run,iteration,objective,gap\n"
            for r in records {
                for (k, f) in r.trace.objective.enumerated() { text += "\(r.label),\(k),\(f),\(r.gap[k])\n" }
            }
            try text.write(toFile: csv, atomically: true, encoding: .utf8)
        }
        if let svg {
            let useGap = fstar != nil
            var plot = SVGLinePlot(title: "BCD on \(made.name)", xLabel: "iteration",
                                   yLabel: useGap ? "f(x) - f*" : "f(x)", logY: useGap)
            for r in records {
                plot.add(r.label, x: r.trace.objective.indices.map(Double.init), y: useGap ? r.gap : r.trace.objective)
            }
            try plot.write(to: svg)
        }

        var cgInfo: JSONObject? = nil
        if compareCG {
            guard let spd = made.spd, let (config, label) = bestSolver else {
                throw ValidationError("--compare-cg needs --problem spd or labelprop")
            }
            var opts = SolveOptions(relativeTolerance: rtol)
            opts.reference = .rightHandSide
            var c = Krylov.cg(spd.matrix, spd.rhs, options: opts)
            for _ in 1..<max(repeats, 1) {
                let again = Krylov.cg(spd.matrix, spd.rhs, options: opts)
                if again.solveTime < c.solveTime { c = again }
            }
            opts.timeLimit = timeLimit
            var b = try BlockCoordinateDescent.solve(matrix: spd.matrix, rhs: spd.rhs, options: opts, configuration: config)
            for _ in 1..<max(repeats, 1) where b.solveTime < 2 {
                let again = try BlockCoordinateDescent.solve(matrix: spd.matrix, rhs: spd.rhs, options: opts, configuration: config)
                if again.solveTime < b.solveTime { b = again }
            }
            let bnorm = DenseVector.norm2(spd.rhs)
            var o = JSONObject()
            o.set("bcd_configuration", label)
            o.set("rtol", rtol)
            o.set("repeats", max(repeats, 1))
            o.set("bcd_status", b.status.name); o.set("bcd_iterations", b.iterations)
            o.set("bcd_seconds", b.solveTime); o.set("bcd_setup_seconds", b.setupTime)
            o.set("bcd_relative_residual", b.finalTrueResidual / bnorm)
            o.set("cg_status", c.status.name); o.set("cg_iterations", c.iterations)
            o.set("cg_seconds", c.solveTime); o.set("cg_relative_residual", c.finalTrueResidual / bnorm)
            o.set("bcd_over_cg_time", b.solveTime / c.solveTime)
            cgInfo = o
        }

        if json {
            var o = JSONObject()
            o.set("problem", made.name)
            o.set("n", objective.dimension)
            o.set("configuration", first.label)
            o.set("iterations", first.trace.iterations)
            o.set("initial_objective", first.trace.objective.first!)
            o.set("final_objective", target)
            o.set("optimum", fstar)
            o.set("optimum_method", fstarMethod)
            o.set("optimum_seconds", optimumSeconds)
            o.set("final_gap", fstar.map { target - $0 })
            o.set("seconds", first.trace.seconds)
            o.set("setup_seconds", first.trace.setupSeconds)
            o.set("runs", .array(records.map { r in
                var x = JSONObject()
                x.set("configuration", r.label)
                x.set("iterations", r.trace.iterations)
                x.set("final_objective", r.trace.objective.last!)
                x.set("relative_objective", r.trace.objective.last! / r.trace.objective.first!)
                x.set("final_gap", fstar.map { r.trace.objective.last! - $0 })
                for k in [10, 50, 100, 200, 500] where k < r.gap.count && fstar != nil { x.set("gap_at_\(k)", r.gap[k]) }
                x.set("iterations_to_reach_first", reach(r))
                x.set("coordinate_updates", r.trace.coordinateUpdates)
                x.set("seconds", r.trace.seconds)
                x.set("setup_seconds", r.trace.setupSeconds)
                return .raw(x.rendered)
            }))
            o.set("skipped", .array(skipped.map { .string($0) }))
            if let cgInfo { o.set("cg_comparison", .raw(cgInfo.rendered)) }
            print(o.rendered)
        } else {
            print("problem \(made.name), n = \(objective.dimension), f* = \(fstar.map { "\($0)" } ?? "n/a") (\(fstarMethod))")
            for r in records {
                let f = r.trace.objective.last!
                print(String(format: "%-36@ f/f0 = %.3e  gap = %.3e  reach-first = %@  %.3f s", r.label as NSString,
                             f / r.trace.objective.first!, fstar.map { f - $0 } ?? .nan,
                             (reach(r).map(String.init) ?? ">\(iterations)") as NSString, r.trace.seconds))
            }
            for s in skipped { print("skipped \(s)") }
            if let cgInfo { print(cgInfo.rendered) }
        }
    }

    struct MadeProblem {
        var name: String
        var objective: any BlockObjective
        var optimum: () -> (Double, String)?
        var lattice: LatticeLabelPropagation?
        var spd: (matrix: CSRMatrix, rhs: [Double])?
    }

    func makeObjective() throws -> MadeProblem {
        switch problem {
        case "ls", "logistic":
            var design: CSRMatrix
            var targets: [Double]
            var name: String
            if let matrix {
                design = try loadMatrix(matrix)
                // Targets: y = X w with a seeded sparse w plus N(0,1) noise (labels sign(.) for logistic).
                var rng = SeededRandom(seed: seed)
                let w = (0..<design.columns).map { _ -> Double in let g = rng.gaussian(); return rng.uniform() < 0.1 ? g : 0 }
                targets = design.applied(to: w).map { $0 + rng.gaussian() }
                name = (matrix as NSString).lastPathComponent
            } else {
                guard rows >= 2, columns >= 1, rows * columns <= 200_000_000 else { throw ValidationError("--rows/--columns out of range") }
                (design, targets) = BCDSyntheticProblems.leastSquares(rows: rows, columns: columns, seed: seed)
                name = "dataset-A \(rows)x\(columns)"
            }
            if problem == "logistic" {
                if matrix == nil { (design, targets) = BCDSyntheticProblems.logistic(rows: rows, columns: columns, seed: seed); name = "dataset-B \(rows)x\(columns)" }
                else { targets = targets.map { $0 >= 0 ? 1 : -1 } }
                let obj = try DesignMatrixObjective(design: design, targets: targets, loss: .logistic, lambda: lambda ?? 1)
                return MadeProblem(name: name + " logistic λ=\(lambda ?? 1)", objective: obj,
                                   optimum: { let r = BCDReference.newtonOptimum(obj); return (r.value, r.method.rawValue) })
            }
            let lam = lambda ?? 0
            let obj = try DesignMatrixObjective(design: design, targets: targets, loss: .leastSquares, lambda: lam)
            let d = design, t = targets
            return MadeProblem(name: name, objective: obj, optimum: {
                guard lam == 0, let r = BCDReference.leastSquaresOptimum(design: d, targets: t) else { return nil }
                return (r.value, r.method.rawValue)
            })
        case "labelprop":
            guard lattice >= 2 else { throw ValidationError("--lattice must be ≥ 2") }
            let lat = BCDSyntheticProblems.latticeLabelPropagation(rows: lattice, columns: lattice, seed: seed)
            let obj = try QuadraticObjective(matrix: lat.matrix, rhs: lat.rhs)
            return MadeProblem(name: "lattice \(lattice)x\(lattice) label propagation", objective: obj, optimum: {
                BCDReference.quadraticOptimum(matrix: lat.matrix, rhs: lat.rhs).map { ($0.value, $0.method.rawValue) }
            }, lattice: lat, spd: (lat.matrix, lat.rhs))
        case "spd":
            let a: CSRMatrix
            let name: String
            if let matrix { a = try loadMatrix(matrix); name = (matrix as NSString).lastPathComponent }
            else { a = CSRMatrix.laplacian2D(lattice); name = "laplacian2D \(lattice)x\(lattice)" }
            // b = A·1 so x* = 1 is known (the usual convention for shared test matrices).
            let b = a.applied(to: [Double](repeating: 1, count: a.columns))
            let obj = try QuadraticObjective(matrix: a, rhs: b)
            return MadeProblem(name: name, objective: obj, optimum: {
                BCDReference.quadraticOptimum(matrix: a, rhs: b).map { ($0.value, $0.method.rawValue) }
            }, spd: (a, b))
        default:
            throw ValidationError("unknown problem '\(problem)' (ls, logistic, labelprop, spd)")
        }
    }

    func loadMatrix(_ path: String) throws -> CSRMatrix {
        try BCDMatrixLoader.load(path)
    }
}
