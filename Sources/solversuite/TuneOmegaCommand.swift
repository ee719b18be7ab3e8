import ArgumentParser
import Foundation
import SparseLA
import Iterative

/// `solversuite tune-omega`: learn SOR's ω across a sequence of systems ("Learning to Relax",
/// Khodak et al., ICLR 2024) and compare the bandit policies with fixed ω and the oracle.
struct TuneOmegaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune-omega",
        abstract: "Choose SOR / SSOR-PCG omega per instance of a sequence with a bandit policy.",
        discussion: """
        Problems: shifted-laplacian (A + cI on a 10x10 grid, c = -0.15 + 0.6 Beta; --variance low|high; \
        SOR from x0 = 0) and heat2d (Crank-Nicolson heat equation, diffusion coefficient kappa(t) as context; \
        SSOR-PCG with warm start), or --matrices A1.mtx A2.mtx ... (b = A*ones, context = mean diagonal). \
        Policies: fixed (--omega), tsallis (Tsallis-INF), tsallis-context (Tsallis-INF per context bin), \
        chebcb (Chebyshev contextual bandit), oracle (best grid omega per instance, evaluation only), \
        young (closed-form Young omega, generators only), all (every policy plus omega = 1 and the best \
        fixed omega in hindsight, found from the oracle's cost table and then re-run). Cost = iterations; \
        a failed solve costs the cap. The SVG shows cumulative regret against the best fixed omega \
        (with --policy all) or the running mean of iterations.
        """
    )

    enum Problem: String, ExpressibleByArgument, CaseIterable { case shiftedLaplacian = "shifted-laplacian", heat2d }
    enum PolicyName: String, ExpressibleByArgument, CaseIterable {
        case fixed, tsallis, tsallisContext = "tsallis-context", chebcb, oracle, young, all
    }

    @Option(help: "shifted-laplacian | heat2d (ignored with --matrices).")
    var problem: Problem = .shiftedLaplacian

    @Option(parsing: .upToNextOption, help: "Matrix Market files forming the sequence (instead of --problem).")
    var matrices: [String] = []

    @Option(help: "fixed | tsallis | tsallis-context | chebcb | oracle | young | all")
    var policy: PolicyName = .all

    @Option(help: "Number of instances (time steps for heat2d). Default 5000.")
    var instances: Int = 5000

    @Option(help: "Seed for the instance generator and the policies.")
    var seed: UInt64 = 1

    @Option(help: "sor | ssor-cg (default: sor for shifted-laplacian and --matrices, ssor-cg for heat2d).")
    var solver: String?

    @Option(help: "Shift distribution of shifted-laplacian: low (Beta(2,6)) or high (Beta(0.5,1.5)).")
    var variance: String = "low"

    @Option(name: .customLong("grid-side"), help: "Interior grid side m of shifted-laplacian (n = m^2).")
    var gridSide: Int = 10

    @Option(help: "Grid intervals per side of heat2d (n = (nx-1)^2).")
    var nx: Int = 25

    @Option(help: "Time step of heat2d.")
    var dt: Double = 1e-3

    @Option(name: .customLong("arms"), help: "Number of omega values in the grid.")
    var arms: Int = 20

    @Option(name: .customLong("omega-min"), help: "Smallest omega of the grid.")
    var omegaMin: Double = 1.0

    @Option(name: .customLong("omega-max"), help: "Largest omega of the grid.")
    var omegaMax: Double = 1.95

    @Option(help: "Omega of --policy fixed.")
    var omega: Double = 1.0

    @Option(help: "Context bins of tsallis-context (default 5; 6 for heat2d).")
    var bins: Int?

    @Option(help: "Chebyshev features of chebcb (degree + 1).")
    var features: Int = 6

    @Option(name: .customLong("chebcb-min-cost"), help: "ChebCB minimum cost in L: observed (the stated rule, default) or zero (the reference code with a known horizon).")
    var chebcbMinCost: String = "observed"

    @Option(help: "Relative tolerance.")
    var tol: Double = 1e-8

    @Option(name: .customLong("max-iterations"), help: "Iteration cap; failures cost this much.")
    var maxIterations: Int = 10_000

    @Option(name: .customLong("warm-start"), help: "on | off: start from the previous solution (default: on for heat2d).")
    var warmStart: String?

    @Option(help: "Also report the mean over the last K instances.")
    var last: Int = 1000

    @Option(help: "Write per-instance rows (policy, instance, context, omega, iterations) to this CSV.")
    var csv: String?

    @Option(help: "Write the regret / iterations-vs-instance plot to this SVG.")
    var svg: String?

    @Option(name: .customLong("save-state"), help: "Write the final policy state (JSON checkpoint) here (single policy only).")
    var saveState: String?

    @Option(name: .customLong("export-instances"), help: "Write each instance as a CSV line 'context,b_1,...,b_n' (for peer comparisons).")
    var exportInstances: String?

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func validate() throws {
        guard instances >= 1 && instances <= 10_000_000 else { throw ValidationError("--instances must be in 1...10000000") }
        guard arms >= 1 && arms <= 1000 else { throw ValidationError("--arms must be in 1...1000") }
        guard omegaMin > 0 && omegaMax < 2 && omegaMin <= omegaMax else { throw ValidationError("need 0 < omega-min <= omega-max < 2") }
        guard omega > 0 && omega < 2 else { throw ValidationError("--omega must be in (0, 2)") }
        guard tol > 0 && tol < 1 else { throw ValidationError("--tol must be in (0, 1)") }
        guard maxIterations >= 1 else { throw ValidationError("--max-iterations must be positive") }
        guard gridSide >= 1 && gridSide <= 2000 else { throw ValidationError("--grid-side must be in 1...2000") }
        guard nx >= 2 && nx <= 2000 else { throw ValidationError("--nx must be in 2...2000") }
        guard dt > 0 && dt.isFinite else { throw ValidationError("--dt must be positive") }
        guard features >= 1 && features <= 20 else { throw ValidationError("--features must be in 1...20") }
        if let b = bins, b < 1 || b > 1000 { throw ValidationError("--bins must be in 1...1000") }
        guard last >= 1 else { throw ValidationError("--last must be positive") }
        guard ["zero", "observed"].contains(chebcbMinCost) else { throw ValidationError("--chebcb-min-cost must be zero or observed") }
        guard ["low", "high"].contains(variance) else { throw ValidationError("--variance must be low or high") }
        if let s = solver, TunedMethod(rawValue: s) == nil { throw ValidationError("--solver must be sor or ssor-cg") }
        if let w = warmStart, !["on", "off"].contains(w) { throw ValidationError("--warm-start must be on or off") }
        if exportInstances != nil && matrices.isEmpty && problem == .heat2d {
            throw ValidationError("--export-instances supports shifted-laplacian and --matrices (heat2d steps depend on the solutions)")
        }
        if saveState != nil && policy == .all { throw ValidationError("--save-state needs a single --policy") }
    }

    /// One policy's run over the sequence.
    struct PolicyRun {
        var key: String
        var label: String
        var steps: [SequenceStep]
        var seconds: Double
        var checkpoint: Data?

        var costs: [Double] { steps.map(\.cost) }
        var mean: Double { costs.reduce(0, +) / Double(max(costs.count, 1)) }
        func lastMean(_ k: Int) -> Double {
            let tail = costs.suffix(k)
            return tail.reduce(0, +) / Double(max(tail.count, 1))
        }
        var total: Double { costs.reduce(0, +) }
    }

    /// Type-erased sequence so every policy runs on a fresh copy of the same sequence.
    struct ErasedSequence: InstanceSequence {
        var base: any InstanceSequence
        var contextRange: ClosedRange<Double>? { base.contextRange }
        mutating func next(previousSolution: [Double]?) -> SequenceInstance? { base.next(previousSolution: previousSolution) }
    }

    func makeSequence(_ loaded: [CSRMatrix]) -> ErasedSequence {
        if !matrices.isEmpty { return ErasedSequence(base: MatrixListSequence(matrices: loaded)) }
        switch problem {
        case .shiftedLaplacian:
            return ErasedSequence(base: ShiftedLaplacianSequence(gridSide: gridSide, variance: variance == "high" ? .high : .low,
                                                                 count: instances, seed: seed))
        case .heat2d:
            return ErasedSequence(base: HeatEquationSequence(nx: nx, dt: dt, steps: instances))
        }
    }

    func run() throws {
        var loaded: [CSRMatrix] = []
        for path in matrices {
            let (a, _, _) = loadMatrix(path)
            guard a.isSquare else { fail("\(path): matrix is \(a.rows)x\(a.columns), must be square") }
            if let first = loaded.first, first.rows != a.rows, warmStart == "on" {
                fail("\(path): \(a.rows) rows differ from the first matrix's \(first.rows); warm start needs equal sizes")
            }
            loaded.append(a)
        }
        let isHeat = matrices.isEmpty && problem == .heat2d
        let method = solver.flatMap(TunedMethod.init(rawValue:)) ?? (isHeat ? .ssorCG : .sor)
        let warm = warmStart.map { $0 == "on" } ?? isHeat
        let config = SequenceSolverConfiguration(method: method, tolerance: tol, maxIterations: maxIterations, warmStart: warm)
        let grid = OmegaGrid.linear(from: omegaMin, to: omegaMax, count: arms)
        let count = matrices.isEmpty ? instances : min(instances, loaded.count)
        let range = makeSequence(loaded).contextRange ?? 0...1
        let binCount = bins ?? (isHeat ? 6 : 5)

        func drive<P: OmegaPolicy>(_ p: P, key: String, label: String) -> PolicyRun {
            var solverState = SequenceSolver(policy: p, configuration: config)
            var seq = makeSequence(loaded)
            let clock = Stopwatch()
            let steps: [SequenceStep]
            do { steps = try solverState.run(&seq, count: count) } catch { fail(error.description) }
            let data = try? JSONEncoder().encode(solverState.checkpoint)
            return PolicyRun(key: key, label: label, steps: steps, seconds: clock.elapsed, checkpoint: data)
        }
        let s0 = seed
        func sub(_ k: UInt64) -> UInt64 { var g = SeededGenerator.derived(seed: s0, stream: k); return g.next() }

        var runs: [PolicyRun] = []
        var bestFixedOmega: Double? = nil
        let canYoung = matrices.isEmpty && method == .sor
        switch policy {
        case .fixed: runs.append(drive(FixedOmegaPolicy(omega: omega), key: "fixed", label: "omega = \(fmt(omega))"))
        case .tsallis: runs.append(drive(TsallisINFPolicy(grid: grid, seed: sub(1)), key: "tsallis_inf", label: "Tsallis-INF"))
        case .tsallisContext:
            runs.append(drive(TsallisINFContextBinsPolicy(grid: grid, bins: binCount, lower: range.lowerBound, upper: range.upperBound,
                                                          seed: sub(2)), key: "tsallis_inf_cb", label: "Tsallis-INF-CB (\(binCount) bins)"))
        case .chebcb:
            runs.append(drive(ChebCBPolicy(grid: grid, features: features, lower: range.lowerBound, upper: range.upperBound,
                                           minimumCostFromZero: chebcbMinCost == "zero", seed: sub(3)),
                              key: "chebcb", label: "ChebCB (m = \(features))"))
        case .oracle: runs.append(drive(OracleOmegaPolicy(grid: grid), key: "instance_optimal", label: "oracle (grid)"))
        case .young:
            guard canYoung else { fail("--policy young needs a generated problem and --solver sor") }
            runs.append(drive(YoungOmegaPolicy(), key: "instance_optimal_young", label: "oracle (Young omega*)"))
        case .all:
            let oracle = drive(OracleOmegaPolicy(grid: grid), key: "instance_optimal", label: "oracle (grid)")
            // Best fixed ω in hindsight from the oracle's cost table, then re-run exactly.
            var columnSums = [Double](repeating: 0, count: grid.count)
            for s in oracle.steps { for (j, c) in s.probedCosts.enumerated() where j < grid.count { columnSums[j] += c } }
            let bestIndex = columnSums.indices.min { columnSums[$0] < columnSums[$1] } ?? 0
            bestFixedOmega = grid[bestIndex]
            runs.append(drive(FixedOmegaPolicy(omega: grid[bestIndex]), key: "best_fixed", label: "best fixed omega = \(fmt(grid[bestIndex]))"))
            runs.append(oracle)
            if canYoung { runs.append(drive(YoungOmegaPolicy(), key: "instance_optimal_young", label: "oracle (Young omega*)")) }
            runs.append(drive(FixedOmegaPolicy(omega: 1), key: "omega_1", label: "omega = 1"))
            if method == .ssorCG { runs.append(plainCG(config: config, count: count, loaded: loaded)) }
            runs.append(drive(TsallisINFPolicy(grid: grid, seed: sub(1)), key: "tsallis_inf", label: "Tsallis-INF"))
            runs.append(drive(TsallisINFContextBinsPolicy(grid: grid, bins: binCount, lower: range.lowerBound, upper: range.upperBound,
                                                          seed: sub(2)), key: "tsallis_inf_cb", label: "Tsallis-INF-CB (\(binCount) bins)"))
            runs.append(drive(ChebCBPolicy(grid: grid, features: features, lower: range.lowerBound, upper: range.upperBound,
                                           minimumCostFromZero: chebcbMinCost == "zero", seed: sub(3)),
                              key: "chebcb", label: "ChebCB (m = \(features))"))
        }

        if let path = exportInstances { export(loaded: loaded, count: count, to: path) }
        if let path = saveState, let data = runs.first?.checkpoint {
            do { try data.write(to: URL(fileURLWithPath: path)) } catch { fail("\(path): cannot write: \(error.localizedDescription)") }
        }
        if let path = csv { writeCSV(runs, to: path) }
        if let path = svg { writeSVG(runs, bestKey: bestFixedOmega == nil ? nil : "best_fixed", to: path) }

        let source = matrices.isEmpty ? problem.rawValue : "matrices"
        if json {
            var o = JSONObject()
            o.set("problem", source)
            if matrices.isEmpty && problem == .shiftedLaplacian { o.set("variance", variance) }
            o.set("solver", method.rawValue)
            o.set("instances", count)
            o.set("seed", Int(truncatingIfNeeded: seed))
            o.set("warm_start", warm)
            o.set("tolerance", tol)
            o.set("grid", .array(grid.map { .double($0) }))
            o.set("best_fixed_omega", bestFixedOmega)
            var means = JSONObject(), lasts = JSONObject(), totals = JSONObject(), secs = JSONObject()
            for r in runs {
                means.set(r.key, r.mean); lasts.set(r.key, r.lastMean(last)); totals.set(r.key, r.total); secs.set(r.key, r.seconds)
            }
            o.set("mean_iterations", .raw(means.rendered))
            o.set("last_k", last)
            o.set("last_k_mean_iterations", .raw(lasts.rendered))
            o.set("total_iterations", .raw(totals.rendered))
            o.set("seconds", .raw(secs.rendered))
            print(o.rendered)
        } else {
            print("tune-omega: \(source)\(source == "shifted-laplacian" ? " (\(variance) variance)" : ""), solver \(method.rawValue), " +
                  "\(count) instances, seed \(seed), \(grid.count) omegas in [\(fmt(omegaMin)), \(fmt(omegaMax))], tol \(tol)" +
                  (warm ? ", warm start" : ""))
            let w = max(34, runs.map(\.label.count).max() ?? 0)
            print(pad("policy", w) + "  mean it/inst  last-\(last) mean   total iters   seconds")
            for r in runs {
                print(pad(r.label, w) + "  " + lpad(String(format: "%.2f", r.mean), 12) + "  " +
                      lpad(String(format: "%.2f", r.lastMean(last)), 14) + "  " + lpad(String(format: "%.0f", r.total), 12) +
                      "  " + lpad(String(format: "%.3f", r.seconds), 8))
            }
        }
    }

    /// Unpreconditioned CG on the same sequence (same tolerance rule and warm start): the
    /// paper's "vanilla CG" baseline for SSOR-PCG.
    func plainCG(config: SequenceSolverConfiguration, count: Int, loaded: [CSRMatrix]) -> PolicyRun {
        var seq = makeSequence(loaded)
        var steps: [SequenceStep] = []
        var last: [Double]? = nil
        var workspace: ConjugateGradient? = nil
        let clock = Stopwatch()
        for i in 0..<count {
            guard let inst = seq.next(previousSolution: last) else { break }
            let step = Stopwatch()
            let n = inst.matrix.rows
            if workspace?.size != n { workspace = ConjugateGradient(size: n) }
            var o = SolveOptions(relativeTolerance: config.tolerance, absoluteTolerance: 0, maxIterations: config.maxIterations)
            o.reference = config.toleranceReference
            if config.warmStart, let x0 = last, x0.count == n { o.initialGuess = x0 }
            let r = workspace!.solve(inst.matrix, inst.rhs, options: o)
            let cost = r.status.isConverged ? Double(r.iterations) : Double(config.maxIterations)
            steps.append(SequenceStep(index: i, omega: .nan, iterations: r.iterations, cost: cost, status: r.status,
                                      context: inst.context, seconds: step.elapsed, probedOmegas: [], probedCosts: []))
            last = r.solution
        }
        return PolicyRun(key: "cg", label: "CG (no preconditioner)", steps: steps, seconds: clock.elapsed, checkpoint: nil)
    }

    func export(loaded: [CSRMatrix], count: Int, to path: String) {
        var seq = makeSequence(loaded)
        var out = ""
        for _ in 0..<count {
            guard let inst = seq.next(previousSolution: nil) else { break }
            out += ([inst.context ?? .nan] + inst.rhs).map { "\($0)" }.joined(separator: ",") + "\n"
        }
        do { try out.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            fail("\(path): cannot write: \(error.localizedDescription)")
        }
    }

    func writeCSV(_ runs: [PolicyRun], to path: String) {
        var out = "policy,instance,context,omega,iterations,cost,status\n"
        for r in runs {
            for s in r.steps {
                out += "\(r.key),\(s.index),\(s.context.map { String($0) } ?? ""),\(s.omega),\(s.iterations),\(s.cost),\(s.status.name)\n"
            }
        }
        do { try out.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            fail("\(path): cannot write: \(error.localizedDescription)")
        }
    }

    func writeSVG(_ runs: [PolicyRun], bestKey: String?, to path: String) {
        var plot: SVGLinePlot
        // Thin long sequences to at most ~1000 points per series.
        let n = runs.first?.steps.count ?? 0
        let stride = max(1, n / 1000)
        if let key = bestKey, let best = runs.first(where: { $0.key == key }) {
            plot = SVGLinePlot(title: "Cumulative regret against the best fixed omega", xLabel: "instance",
                               yLabel: "cumulative iterations - best fixed", logY: false)
            // omega = 1 and plain CG are far off the scale of the learners; they stay in the table.
            for r in runs where r.key != key && r.key != "omega_1" && r.key != "cg" {
                var acc = 0.0
                var xs: [Double] = [], ys: [Double] = []
                for (i, (c, b)) in zip(r.costs, best.costs).enumerated() {
                    acc += c - b
                    if i % stride == 0 || i == n - 1 { xs.append(Double(i + 1)); ys.append(acc) }
                }
                plot.add(r.label, x: xs, y: ys)
            }
        } else {
            plot = SVGLinePlot(title: "Mean iterations per instance (running mean)", xLabel: "instance",
                               yLabel: "mean iterations so far", logY: false)
            for r in runs {
                var acc = 0.0
                var xs: [Double] = [], ys: [Double] = []
                for (i, c) in r.costs.enumerated() {
                    acc += c
                    if i % stride == 0 || i == n - 1 { xs.append(Double(i + 1)); ys.append(acc / Double(i + 1)) }
                }
                plot.add(r.label, x: xs, y: ys)
            }
        }
        do { try plot.write(to: path) } catch { fail("\(path): cannot write: \(error.localizedDescription)") }
    }

    func fmt(_ x: Double) -> String { String(format: "%.4g", x) }
    func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
    func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
}
