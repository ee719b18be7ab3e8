import Foundation
import ArgumentParser
import SparseLA
import PDE

/// `solversuite rom build|query|validate`: reduced-order models for the subdomain Poisson problem
/// (reduced basis + greedy + residual indicator), the fractional Riesz problem across alpha
/// (POD + interpolated reduced operators) and the heat equation time series (POD + operator
/// inference / DMD). Exit status 0 ok, 1 bad input or unreadable file, 2 when a solve fails.
struct ROMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rom",
        abstract: "Reduced-order models: build (offline, saves a .rom file), query (online), validate (against full solves).",
        subcommands: [Build.self, Query.self, Validate.self]
    )

    enum Problem: String, ExpressibleByArgument, CaseIterable {
        case poissonSubdomains = "poisson-subdomains"
        case fractional, heat, moment
    }

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Offline stage: full solves, basis, reduced operators; writes --output.")
        @Option(help: "poisson-subdomains | fractional | heat") var problem: Problem
        @Option(help: "Output ROM file.") var output: String
        @Option(help: "poisson: cells per side of the unit-square mesh ((cells-1)^2 unknowns).") var cells: Int = 256
        @Option(help: "poisson: subdomain blocks per side (blocks^2 coefficients).") var blocks: Int = 2
        @Option(help: "poisson: coefficient range lower bound.") var muMin: Double = 0.1
        @Option(help: "poisson: coefficient range upper bound.") var muMax: Double = 10
        @Option(help: "poisson: greedy tolerance on the relative X-norm indicator.") var tolerance: Double = 1e-5
        @Option(help: "poisson: maximum basis size.") var maxBasis: Int = 60
        @Option(help: "poisson: training-set size (log-uniform random, seed 1).") var training: Int = 200
        @Option(help: "fractional: knot intervals n (N = n + p - 2).") var n: Int = 256
        @Option(help: "fractional: spline degree.") var degree: Int = 3
        @Option(help: "fractional: Chebyshev alpha nodes (full solves).") var nodes: Int = 13
        @Option(help: "heat: interior grid points per side; moment: spectral grid n.") var grid: Int = 64
        @Option(help: "moment: solver steps between recorded snapshots.") var every: Int = 10
        @Option(help: "heat: time step.") var dt: Double = 1e-3
        @Option(help: "heat: training steps (snapshots 0...steps).") var trainSteps: Int = 100
        @Option(help: "heat / fractional: POD energy tolerance eps (keeps 1 - eps^2).") var energy: Double = 1e-8
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let w = Stopwatch()
            var o = JSONObject()
            o.set("problem", problem.rawValue)
            do {
                switch problem {
                case .poissonSubdomains:
                    let range = muMin...muMax
                    let p = try SubdomainPoisson.problem(cellsPerSide: cells, blocksPerSide: blocks, range: range)
                    let b = try ReducedBasisBuilder(problem: p, referenceParameter: [Double](repeating: 1, count: p.parameterCount))
                    let train = SubdomainPoisson.sample(count: training, parameters: p.parameterCount, range: range, seed: 1)
                    let hist = try b.greedy(training: train, tolerance: tolerance, maxBasis: maxBasis,
                                            initial: [Double](repeating: 1, count: p.parameterCount))
                    let rom = try b.rom()
                    try ROMFile.save(rom, kind: problem.rawValue,
                                     info: ["cells": Double(cells), "blocks": Double(blocks), "mu_min": muMin, "mu_max": muMax],
                                     vectors: b.basis.vectors, to: output)
                    o.set("unknowns", p.size)
                    o.set("basis_size", rom.basisSize)
                    o.set("greedy_max_indicator", .array(hist.map { .double($0.maxIndicator) }))
                case .fractional:
                    let m = try FractionalAlphaROM(degree: degree, intervals: n, nodes: nodes, truncation: PODTruncation(rtol: 1e-13, energyTolerance: energy))
                    try ROMFile.save(m.rom, kind: problem.rawValue, info: ["n": Double(n), "degree": Double(degree)],
                                     vectors: m.basis.vectors, to: output)
                    o.set("unknowns", m.basis.dimension)
                    o.set("basis_size", m.rom.basisSize)
                    o.set("singular_values", .array(m.singularValues.map { .double($0) }))
                case .heat:
                    let (states, perStep) = try HeatEquationSeries.simulate(gridSize: grid, dt: dt, steps: trainSteps)
                    var s = try SnapshotMatrix(length: states[0].count)
                    for x in states { try s.append(x) }
                    let rom = try TimeSeriesROM.fit(s, truncation: PODTruncation(energyTolerance: energy), withOffset: true)
                    try ROMFile.save(rom.data, kind: problem.rawValue, info: ["grid": Double(grid), "dt": dt, "train_steps": Double(trainSteps)],
                                     vectors: rom.basis.vectors, to: output)
                    o.set("unknowns", states[0].count)
                    o.set("basis_size", rom.rank)
                    o.set("full_seconds_per_step", perStep)
                case .moment:
                    var kp = KineticParameters()
                    kp.n = grid
                    let (states, perStep) = try MomentSeries.simulate(parameters: kp, records: trainSteps, every: every)
                    var s = try SnapshotMatrix(length: states[0].count)
                    for x in states { try s.append(x) }
                    let rom = try TimeSeriesROM.fit(s, truncation: PODTruncation(energyTolerance: energy), withOffset: true)
                    try ROMFile.save(rom.data, kind: problem.rawValue,
                                     info: ["grid": Double(grid), "every": Double(every), "train_steps": Double(trainSteps)],
                                     vectors: rom.basis.vectors, to: output)
                    o.set("unknowns", states[0].count)
                    o.set("basis_size", rom.rank)
                    o.set("full_seconds_per_record", perStep * Double(every))
                }
            } catch { fail(error.description) }
            o.set("offline_seconds", w.elapsed)
            o.set("file", output)
            print(json ? o.rendered : o.pairs.map { "\($0.0): \(JSONObject.render($0.1))" }.joined(separator: "\n"))
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Online stage: evaluate a saved ROM at a parameter (poisson --mu, fractional --alpha) or for --steps (heat).")
        @Option(help: "ROM file from `rom build`.") var file: String
        @Option(help: "Expected problem kind (checked against the file).") var problem: Problem?
        @Option(help: "poisson: comma-separated coefficients, one per subdomain.") var mu: String?
        @Option(help: "fractional: alpha.") var alpha: Double = 1.5
        @Option(help: "heat: steps to predict from the training initial state.") var steps: Int = 200
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let c = loadROM(file, expected: problem)
            var o = JSONObject()
            o.set("problem", c.kind)
            do {
                switch c.kind {
                case Problem.poissonSubdomains.rawValue:
                    let rom = try ROMFile.model(GalerkinROM.self, from: c)
                    guard let text = mu else { fail("--mu is required for poisson-subdomains (\(rom.parameterBounds.count) values)") }
                    let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                    guard values.allSatisfy({ $0 != nil }) else { fail("--mu: not a comma-separated list of numbers: \(text)") }
                    let m = values.map { $0! }
                    let w = Stopwatch()
                    let e = try rom.solveWithEstimate(m)
                    let t = w.elapsed
                    let u = reconstruct(c.vectors, e.coefficients)
                    o.set("basis_size", rom.basisSize)
                    o.set("online_seconds", t)
                    o.set("compliance", zip(rom.reducedRHS[0], e.coefficients).reduce(0) { $0 + $1.0 * $1.1 })
                    o.set("max_u", u.max() ?? 0)
                    o.set("residual_dual_norm", e.residual)
                    o.set("energy_error_bound", e.energyBound)
                    o.set("relative_x_error_bound", e.xBound / max(e.solutionXNorm, .leastNormalMagnitude))
                case Problem.fractional.rawValue:
                    let rom = try ROMFile.model(InterpolatedROM.self, from: c)
                    let w = Stopwatch()
                    let a = try rom.solve(alpha)
                    o.set("online_seconds", w.elapsed)
                    let u = reconstruct(c.vectors, a)
                    o.set("basis_size", rom.basisSize)
                    o.set("alpha", alpha)
                    o.set("coefficient_max", u.max() ?? 0)
                case Problem.heat.rawValue, Problem.moment.rawValue:
                    let rom = try TimeSeriesROM(data: try ROMFile.model(TimeSeriesROMData.self, from: c), basisVectors: c.vectors)
                    let grid = Int(c.info["grid"] ?? 0), dt = c.info["dt"] ?? 0
                    let x0: [Double]
                    if c.kind == Problem.moment.rawValue {
                        var kp = KineticParameters()
                        kp.n = grid
                        x0 = try MomentSeries.simulate(parameters: kp, records: 1, every: 1).states[0]
                    } else {
                        x0 = try HeatEquationSeries.simulate(gridSize: grid, dt: dt, steps: 1).states[0]
                    }
                    let w = Stopwatch()
                    let traj = rom.predict(from: x0, steps: steps)
                    o.set("online_seconds", w.elapsed)
                    let u = rom.reconstruct(traj[steps])
                    o.set("basis_size", rom.rank)
                    o.set("steps", steps)
                    o.set("final_max_u", u.max() ?? 0)
                    o.set("spectral_radius", try rom.eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max() ?? 0)
                default: fail("\(file): unknown ROM kind \(c.kind)")
                }
            } catch { fail(error.description, code: ExitStatus.notSolved) }
            print(json ? o.rendered : o.pairs.map { "\($0.0): \(JSONObject.render($0.1))" }.joined(separator: "\n"))
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare a saved ROM with full solves: error vs basis size, indicator effectivity, speed-up.",
            discussion: "poisson: --tests random parameters (seed 99); fractional: --tests alphas in [a, b]; heat: --steps total steps (beyond the training window).")
        @Option(help: "ROM file from `rom build`.") var file: String
        @Option(help: "Expected problem kind (checked against the file).") var problem: Problem?
        @Option(help: "Number of test parameters (poisson, fractional).") var tests: Int = 10
        @Option(help: "heat / moment: total steps (moment: records) to compare (training window + prediction).") var steps: Int = 300
        @Option(help: "Accuracy target for the speed-up figure (relative error).") var target: Double = 1e-4
        @Flag(help: "Print JSON (one object per line).") var json = false

        func run() throws {
            let c = loadROM(file, expected: problem)
            do {
                switch c.kind {
                case Problem.poissonSubdomains.rawValue: try validatePoisson(c)
                case Problem.fractional.rawValue: try validateFractional(c)
                case Problem.heat.rawValue, Problem.moment.rawValue: try validateHeat(c)
                default: fail("\(file): unknown ROM kind \(c.kind)")
                }
            } catch { fail(error.description, code: ExitStatus.notSolved) }
        }

        func emit(_ o: JSONObject) { print(json ? o.rendered : o.pairs.map { "\($0.0)=\(JSONObject.render($0.1))" }.joined(separator: "  ")) }

        func validatePoisson(_ c: ROMFileContents) throws(ROMError) {
            let rom = try ROMFile.model(GalerkinROM.self, from: c)
            let range = (c.info["mu_min"] ?? 0.1)...(c.info["mu_max"] ?? 10)
            let p = try SubdomainPoisson.problem(cellsPerSide: Int(c.info["cells"] ?? 0), blocksPerSide: Int(c.info["blocks"] ?? 0), range: range)
            guard p.size == c.vectors.first?.count else { throw ROMError("file basis length does not match the rebuilt problem") }
            let x = p.matrix(rom.referenceParameter)
            let mus = SubdomainPoisson.sample(count: tests, parameters: p.parameterCount, range: range, seed: 99)
            var full: [[Double]] = []
            var fullTime = 0.0
            for m in mus { let w = Stopwatch(); full.append(try p.solve(m)); fullTime += w.elapsed }
            fullTime /= Double(mus.count)
            var sizes: [Int] = []
            var k = 1
            while k < rom.basisSize { sizes.append(k); k = k < 8 ? k + 1 : k + max(2, k / 4) }
            sizes.append(rom.basisSize)
            var best: JSONObject? = nil
            for n in sizes {
                let r = try rom.truncated(to: n)
                var maxRel = 0.0, effMin = Double.infinity, effMax = 0.0, effXMin = Double.infinity, effXMax = 0.0
                for (i, m) in mus.enumerated() {
                    let e = try r.solveWithEstimate(m)
                    let d = DenseVector.subtract(full[i], reconstruct(c.vectors, e.coefficients))
                    let xErr = DenseVector.dot(d, x.multiplied(by: d)).squareRoot()
                    let enErr = DenseVector.dot(d, p.matrix(m).multiplied(by: d)).squareRoot()
                    let uX = DenseVector.dot(full[i], x.multiplied(by: full[i])).squareRoot()
                    maxRel = max(maxRel, xErr / uX)
                    if enErr > 1e-7 * uX {
                        effMin = min(effMin, e.energyBound / enErr); effMax = max(effMax, e.energyBound / enErr)
                        effXMin = min(effXMin, e.xBound / xErr); effXMax = max(effXMax, e.xBound / xErr)
                    }
                }
                let reps = 2000
                let w = Stopwatch()
                for t in 0..<reps { _ = try r.solveWithEstimate(mus[t % mus.count]) }
                let online = w.elapsed / Double(reps)
                var o = JSONObject()
                o.set("problem", "poisson-subdomains"); o.set("unknowns", p.size); o.set("basis_size", n)
                o.set("max_relative_x_error", maxRel)
                o.set("energy_effectivity_min", effMin.isFinite ? effMin : nil); o.set("energy_effectivity_max", effMax > 0 ? effMax : nil)
                o.set("x_effectivity_min", effXMin.isFinite ? effXMin : nil); o.set("x_effectivity_max", effXMax > 0 ? effXMax : nil)
                o.set("online_seconds", online); o.set("full_seconds", fullTime); o.set("speedup", fullTime / online)
                emit(o)
                if best == nil && maxRel <= target { best = o }
            }
            var s = JSONObject()
            s.set("summary", "smallest basis reaching the target")
            s.set("target", target)
            if let b = best { for (k, v) in b.pairs { s.set(k, v) } } else { s.set("reached", false) }
            emit(s)
        }

        func validateFractional(_ c: ROMFileContents) throws(ROMError) {
            let rom = try ROMFile.model(InterpolatedROM.self, from: c)
            let n = Int(c.info["n"] ?? 0), degree = Int(c.info["degree"] ?? 3)
            let alphas = (0..<tests).map { rom.lower + (rom.upper - rom.lower) * (Double($0) + 0.5) / Double(tests) }
            var full: [[Double]] = []
            var fullTime = 0.0
            for a in alphas { let w = Stopwatch(); full.append(try FractionalAlphaROM.fullSolve(alpha: a, degree: degree, intervals: n)); fullTime += w.elapsed }
            fullTime /= Double(alphas.count)
            for k in 1...rom.basisSize {
                let r = try rom.truncated(to: k)
                var maxRel = 0.0
                for (i, a) in alphas.enumerated() {
                    let u = reconstruct(c.vectors, try r.solve(a))
                    maxRel = max(maxRel, DenseVector.norm2(DenseVector.subtract(full[i], u)) / DenseVector.norm2(full[i]))
                }
                let reps = 2000
                let w = Stopwatch()
                for t in 0..<reps { _ = try r.solve(alphas[t % alphas.count]) }
                let online = w.elapsed / Double(reps)
                var o = JSONObject()
                o.set("problem", "fractional"); o.set("unknowns", full[0].count); o.set("basis_size", k)
                o.set("max_relative_error", maxRel); o.set("online_seconds", online); o.set("full_seconds", fullTime)
                o.set("speedup", fullTime / online)
                emit(o)
            }
        }

        func validateHeat(_ c: ROMFileContents) throws(ROMError) {
            let rom = try TimeSeriesROM(data: try ROMFile.model(TimeSeriesROMData.self, from: c), basisVectors: c.vectors)
            let grid = Int(c.info["grid"] ?? 0), dt = c.info["dt"] ?? 0, trainSteps = Int(c.info["train_steps"] ?? 0)
            let states: [[Double]], perStep: Double
            if c.kind == Problem.moment.rawValue {
                var kp = KineticParameters()
                kp.n = grid
                let every = Int(c.info["every"] ?? 1)
                let r = try MomentSeries.simulate(parameters: kp, records: max(steps, trainSteps + 1), every: every)
                states = r.states; perStep = r.secondsPerStep * Double(every)   // per recorded snapshot
            } else {
                (states, perStep) = try HeatEquationSeries.simulate(gridSize: grid, dt: dt, steps: max(steps, trainSteps + 1))
            }
            let a0 = rom.basis.coefficients(of: states[0])
            let w = Stopwatch()
            let traj = rom.predictReduced(from: a0, steps: states.count - 1)
            let romReduced = w.elapsed / Double(states.count - 1)
            var recon = 0.0, train = 0.0, pred = 0.0, projTrain = 0.0
            let w2 = Stopwatch()
            var fields: [[Double]] = []
            for a in traj { fields.append(rom.reconstruct(a)) }
            let reconTime = w2.elapsed / Double(traj.count)
            for (k, x) in states.enumerated() {
                let nx = DenseVector.norm2(x)
                let e = DenseVector.norm2(DenseVector.subtract(fields[k], x)) / nx
                let pe = DenseVector.norm2(DenseVector.subtract(rom.reconstruct(rom.basis.coefficients(of: x)), x)) / nx
                if k <= trainSteps { train = max(train, e); projTrain = max(projTrain, pe) } else { pred = max(pred, e) }
                recon = max(recon, e)
            }
            var o = JSONObject()
            o.set("problem", c.kind); o.set("unknowns", states[0].count); o.set("rank", rom.rank)
            o.set("train_steps", trainSteps); o.set("total_steps", states.count - 1)
            o.set("projection_error_train", projTrain)
            o.set("max_relative_error_train", train); o.set("max_relative_error_prediction", pred)
            o.set("full_seconds_per_step", perStep); o.set("rom_seconds_per_step", romReduced)
            o.set("rom_seconds_per_step_with_reconstruction", romReduced + reconTime)
            o.set("speedup_reduced", perStep / romReduced); o.set("speedup_with_reconstruction", perStep / (romReduced + reconTime))
            o.set("spectral_radius", try rom.eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.max() ?? 0)
            emit(o)
        }
    }
}

/// Loads a ROM file or exits with status 1; checks the kind when `expected` is given.
private func loadROM(_ path: String, expected: ROMCommand.Problem?) -> ROMFileContents {
    let c: ROMFileContents
    do { c = try ROMFile.load(path) } catch { fail(error.description) }
    if let e = expected, e.rawValue != c.kind { fail("\(path) holds a \(c.kind) ROM, not \(e.rawValue)") }
    return c
}

/// `Σ_j c_j v_j`.
private func reconstruct(_ vectors: [[Double]], _ c: [Double]) -> [Double] {
    var u = [Double](repeating: 0, count: vectors.first?.count ?? 0)
    for (j, cj) in c.enumerated() { for i in 0..<u.count { u[i] += cj * vectors[j][i] } }
    return u
}
