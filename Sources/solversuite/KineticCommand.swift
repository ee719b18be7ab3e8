import Foundation
import ArgumentParser
import SparseLA
import PDE

/// Parameters shared by the `kinetic` subcommands (docs/PDE.md §2).
struct KineticOptions: ParsableArguments {
    @Option(help: "Active stress alpha (< 0 extensile).") var alpha: Double = -3
    @Option(help: "Constraint stress beta.") var beta: Double = 0.8
    @Option(help: "Alignment strength zeta.") var zeta: Double = 0.2
    @Option(name: .customLong("dT"), help: "Translational diffusion d_T.") var dT: Double = 0.05
    @Option(name: .customLong("dR"), help: "Rotational diffusion d_R.") var dR: Double = 0.05
    @Option(help: "Box side L.") var length: Double = 10
    @Option(help: "Spatial modes per direction (even).") var n: Int = 64
    @Option(help: "Orientational modes (even).") var ntheta: Int = 32
    @Option(help: "Time step.") var dt: Double = 0.01
    @Option(help: "Seed of the plane-wave initial perturbation.") var seed: UInt64 = 1
    @Option(help: "Initial perturbation amplitude (0.1 in the reference code).") var amplitude: Double = 0.1
    @Option(help: "Velocity fixed-point tolerance (Sigma depends on E).") var velocityTol: Double = 1e-8
    @Option(help: "Velocity fixed-point iteration cap (1 = lag E one step).") var velocityMaxIter: Int = 30

    var parameters: KineticParameters {
        var p = KineticParameters()
        p.alpha = alpha; p.beta = beta; p.zeta = zeta; p.dT = dT; p.dR = dR; p.length = length
        p.n = n; p.nTheta = ntheta; p.dt = dt
        p.velocityTolerance = velocityTol; p.velocityMaxIterations = velocityMaxIter
        return p
    }
}

/// `solversuite kinetic`: the active-suspension kinetic solver and its moment closures.
struct KineticCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinetic",
        abstract: "Active fluid: pseudo-spectral kinetic theory (Saintillan-Shelley) and D-tensor moment model with quadratic / Bingham / learned closures.",
        subcommands: [KineticRunCommand.self, KineticTrainCommand.self, KineticCompareCommand.self],
        defaultSubcommand: KineticRunCommand.self
    )
}

enum KineticModel: String, ExpressibleByArgument, CaseIterable { case kinetic, full, moment }
enum ClosureKind: String, ExpressibleByArgument, CaseIterable { case quadratic, linear, bingham, learned }

func makeClosure(_ kind: ClosureKind, weights: String?) -> MomentClosure {
    switch kind {
    case .quadratic: return QuadraticClosure()
    case .linear: return LinearClosure()
    case .bingham: return BinghamClosure()
    case .learned:
        guard let w = weights else { fail("--closure learned needs --weights FILE (make one with `solversuite kinetic train-closure`)") }
        do {
            return try LearnedClosure.parse(try String(contentsOfFile: w, encoding: .utf8))
        } catch let e as KineticError { fail("\(w): \(e.description)") } catch { fail("\(w): \(error)") }
    }
}

/// One model behind a common face for the CLI.
final class ActiveFluidRun {
    let kinetic: KineticSolver?
    let moment: MomentSolver?
    let clock: FFTClock
    init(model: KineticModel, closure: MomentClosure?, options o: KineticOptions) throws {
        let k = try KineticSolver(parameters: o.parameters, seed: o.seed, amplitude: o.amplitude)
        if model == .moment, let closure {
            moment = try MomentSolver(parameters: o.parameters, closure: closure, from: k)
            kinetic = nil
            clock = moment!.fftClock
        } else {
            kinetic = k; moment = nil; clock = k.fftClock
        }
    }
    func step() { if let kinetic { kinetic.step() } else { moment!.step() } }
    func diagnostics() -> ActiveFluidDiagnostics { kinetic?.diagnostics() ?? moment!.diagnostics() }
    func spectrum() -> [Double] { kinetic?.velocitySpectrum() ?? moment!.velocitySpectrum() }
    func fields() -> (c: [Double], d11: [Double], d12: [Double], d22: [Double], ux: [Double], uy: [Double]) {
        kinetic?.momentFields() ?? moment!.momentFields()
    }
}

/// Series of diagnostics with timing.
struct RunRecord {
    var series: [ActiveFluidDiagnostics] = []
    var seconds = 0.0
    var fftSeconds = 0.0
    var steps = 0
    var spectrum: [Double] = []
    var secondsPerStep: Double { seconds / Double(max(steps, 1)) }
    var fftShare: Double { seconds > 0 ? fftSeconds / seconds : 0 }
}

func runModel(_ run: ActiveFluidRun, steps: Int, every: Int, progress: Bool, spectrumAfter: Int? = nil,
              onSnapshot: ((Int) -> Void)? = nil) -> RunRecord {
    var spectrumSum: [Double] = [], spectrumCount = 0
    var rec = RunRecord()
    rec.series.append(run.diagnostics())
    run.clock.reset()
    let watch = Stopwatch()
    var lastPrint = 0.0
    for s in 1...max(steps, 1) {
        run.step()
        if s % max(every, 1) == 0 || s == steps {
            let d = run.diagnostics()
            rec.series.append(d)
            onSnapshot?(s)
            if let after = spectrumAfter, s > after {
                let e = run.spectrum()
                if spectrumSum.isEmpty { spectrumSum = e } else { for k in 0..<e.count { spectrumSum[k] += e[k] } }
                spectrumCount += 1
            }
            if !d.orderParameter.isFinite || !d.meanSpeed.isFinite { rec.steps = s; break }
        }
        if progress, watch.elapsed - lastPrint > 1 {
            lastPrint = watch.elapsed
            var err = StandardError()
            print("\r  step \(s)/\(steps)  t = \(String(format: "%.3f", Double(s) * run.clockTimeStep))", terminator: "", to: &err)
        }
        rec.steps = s
    }
    if progress { var err = StandardError(); print("", to: &err) }
    rec.seconds = watch.elapsed
    rec.fftSeconds = run.clock.seconds
    rec.spectrum = spectrumCount > 0 ? spectrumSum.map { $0 / Double(spectrumCount) } : run.spectrum()
    return rec
}

extension ActiveFluidRun { var clockTimeStep: Double { kinetic?.parameters.dt ?? moment!.parameters.dt } }

func writeSeriesCSV(_ path: String, _ series: [ActiveFluidDiagnostics]) {
    var s = "time,mean_c,order_parameter,mean_speed,u_rms,kinetic_energy,velocity_iterations\n"
    for d in series {
        s += "\(d.time),\(d.meanConcentration),\(d.orderParameter),\(d.meanSpeed),\(d.uRMS),\(d.kineticEnergy),\(d.velocityIterations)\n"
    }
    do { try s.write(toFile: path, atomically: true, encoding: .utf8) } catch { fail("cannot write \(path): \(error)") }
}

struct KineticRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the kinetic solver or the moment model; prints order parameter, mean speed, time per step.",
        discussion: "Exit status 0 ok, 1 bad input, 2 when the run blew up (non-finite diagnostics)."
    )
    @OptionGroup var options: KineticOptions
    @Option(help: "kinetic (full) | moment") var model: KineticModel = .kinetic
    @Option(help: "Moment closure: quadratic | linear | bingham | learned") var closure: ClosureKind = .bingham
    @Option(help: "Learned-closure weights file (from train-closure).") var weights: String?
    @Option(help: "Time steps.") var steps: Int = 4000
    @Option(help: "Diagnostics every this many steps.") var every: Int = 20
    @Option(help: "Write the diagnostics time series as CSV.") var out: String?
    @Option(help: "Write an SVG plot of order parameter and mean speed.") var svg: String?
    @Option(help: "Write the final state as PREFIX.bin (ActiveFluidSnapshot layout) and PREFIX_order.svg.") var snapshot: String?
    @Flag(help: "Print one JSON object.") var json = false
    @Flag(help: "Progress on stderr.") var progress = false

    func run() throws {
        let closureObject = model == .moment ? makeClosure(closure, weights: weights) : nil
        let r: ActiveFluidRun
        do { r = try ActiveFluidRun(model: model, closure: closureObject, options: options) } catch { fail("\(error)") }
        let rec = runModel(r, steps: steps, every: every, progress: progress)
        if let out { writeSeriesCSV(out, rec.series) }
        if let svg {
            var plot = SVGLinePlot(title: "active fluid: \(model.rawValue)\(model == .moment ? " (\(closure.rawValue))" : "")",
                                   xLabel: "time", yLabel: "value", logY: false)
            plot.add("order parameter", x: rec.series.map(\.time), y: rec.series.map(\.orderParameter))
            plot.add("mean speed", x: rec.series.map(\.time), y: rec.series.map(\.meanSpeed))
            do { try plot.write(to: svg) } catch { fail("cannot write \(svg): \(error)") }
        }
        if let snapshot {
            let f = r.fields()
            do {
                let snap = try ActiveFluidSnapshot(n: options.n, length: options.length, time: rec.series.last!.time,
                                                   c: f.c, d11: f.d11, d12: f.d12, d22: f.d22, ux: f.ux, uy: f.uy)
                try snap.write(to: snapshot + ".bin")
                let s = snap.orderParameterField, n = options.n
                let xFastest = (0..<(n * n)).map { s[($0 % n) * n + $0 / n] }
                try SVGHeatmap.render(values: xFastest, nx: n, ny: n, title: "order parameter, t = \(snap.time)")
                    .write(toFile: snapshot + "_order.svg", atomically: true, encoding: .utf8)
            } catch { fail("cannot write snapshot \(snapshot): \(error)") }
        }
        let last = rec.series.last!
        let ok = last.orderParameter.isFinite && last.meanSpeed.isFinite
        if json {
            var o = JSONObject()
            o.set("model", model == .full ? "kinetic" : model.rawValue)
            o.set("closure", model == .moment ? closure.rawValue : "exact")
            o.set("n", options.n); o.set("ntheta", options.ntheta); o.set("dt", options.dt); o.set("steps", rec.steps)
            o.set("time", last.time); o.set("mean_c", last.meanConcentration)
            o.set("order_parameter", last.orderParameter); o.set("mean_speed", last.meanSpeed); o.set("u_rms", last.uRMS)
            o.set("seconds_per_step", rec.secondsPerStep); o.set("fft_share", rec.fftShare)
            o.set("velocity_iterations", last.velocityIterations)
            print(o.rendered)
        } else {
            print("model \(model.rawValue)\(model == .moment ? " closure \(closure.rawValue)" : ""), n = \(options.n)\(model == .moment ? "" : ", ntheta = \(options.ntheta)"), dt = \(options.dt), steps = \(rec.steps)")
            print(String(format: "t = %.3f  <c> = %.15f  order parameter = %.6f  mean speed = %.6f  u_rms = %.6f",
                         last.time, last.meanConcentration, last.orderParameter, last.meanSpeed, last.uRMS))
            print(String(format: "time per step %.3f ms, FFT share %.1f %%, velocity fixed-point iterations (last) %d",
                         rec.secondsPerStep * 1e3, 100 * rec.fftShare, last.velocityIterations))
        }
        if !ok { throw ExitCode(ExitStatus.notSolved) }
    }
}

/// Runs the kinetic solver on `seed` and collects closure samples every `every` steps after `skip`
/// steps, together with the run's diagnostics (spectrum averaged after `spectrumAfter` steps).
func collectSamples(options: KineticOptions, seed: UInt64, steps: Int, every: Int, skip: Int, stride: Int,
                    spectrumAfter: Int) throws -> (samples: ClosureSamples, snapshots: Int, record: RunRecord) {
    var o = options
    o.seed = seed
    let k = try ActiveFluidRun(model: .kinetic, closure: nil, options: o)
    var all = ClosureSamples(), snaps = 0
    let rec = runModel(k, steps: steps, every: every, progress: false, spectrumAfter: spectrumAfter) { s in
        if s > skip { all.append(k.kinetic!.closureSamples(stride: stride)); snaps += 1 }
    }
    return (all, snaps, rec)
}

/// Time average of a diagnostic over t > `after`.
func timeAverage(_ rec: RunRecord, after: Double, _ f: (ActiveFluidDiagnostics) -> Double) -> Double {
    let xs = rec.series.filter { $0.time > after + 1e-12 }.map(f)
    return xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count)
}

/// Mean |log10 E_a − log10 E_b| over the resolved shells 1 … n/3.
func logSpectrumError(_ a: [Double], _ b: [Double], n: Int) -> Double {
    let kmax = min(n / 3, a.count - 1, b.count - 1)
    var s = 0.0, cnt = 0
    for k in 1...max(kmax, 1) where k < a.count && k < b.count && a[k] > 0 && b[k] > 0 { s += abs(log10(a[k]) - log10(b[k])); cnt += 1 }
    return cnt > 0 ? s / Double(cnt) : .nan
}

/// Onset of the isotropic → turbulent transition: the first diagnostic time at which ⟨|u|⟩
/// reaches half its own average over t > `after` (nan if never).
func onsetTime(_ rec: RunRecord, after: Double) -> Double {
    let level = 0.5 * timeAverage(rec, after: after, \.meanSpeed)
    return rec.series.first { $0.meanSpeed >= level }?.time ?? .nan
}

/// A-posteriori discrepancy of a moment run from the kinetic reference over t > `after`:
/// |Δ⟨s⟩|/⟨s⟩ + |Δ⟨|u|⟩|/⟨|u|⟩ + spectrum mean |Δlog10|, and the three parts.
func aPosterioriScore(_ r: RunRecord, reference ref: RunRecord, after: Double, n: Int)
    -> (total: Double, order: Double, speed: Double, spectrum: Double) {
    let s0 = timeAverage(ref, after: after, \.orderParameter), u0 = timeAverage(ref, after: after, \.meanSpeed)
    let ds = abs(timeAverage(r, after: after, \.orderParameter) - s0) / s0
    let du = abs(timeAverage(r, after: after, \.meanSpeed) - u0) / u0
    let de = logSpectrumError(r.spectrum, ref.spectrum, n: n)
    let t = ds + du + de
    return (t.isFinite ? t : .infinity, ds, du, de)
}

struct KineticTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-closure",
        abstract: "Train the learned closure on kinetic-solver data and write a weights file; prints a-priori errors.",
        discussion: """
        With several candidates (--hidden widths x --candidates seeds) each is run in the moment model \
        from the training seed's initial state and the one closest to the training kinetic run \
        a posteriori (order parameter, mean speed, spectrum over the second half) is written: model \
        selection through the solver, on training data only.
        """
    )
    @OptionGroup var options: KineticOptions
    @Option(help: "Kinetic steps of the training run.") var steps: Int = 1500
    @Option(help: "Snapshot every this many steps.") var every: Int = 100
    @Option(help: "Skip the first this many steps (transient).") var skip: Int = 300
    @Option(help: "Use every stride-th grid point.") var stride: Int = 3
    @Option(help: "Adam steps.") var trainSteps: Int = 4000
    @Option(help: "Hidden width (two hidden layers); repeat to make several candidates.") var hidden: [Int] = [16]
    @Option(help: "Initial-weight seeds per width (candidates = widths x this).") var candidates: Int = 1
    @Option(help: "Output form: residual (isotropically consistent, v2) | plain (v1).") var form: String = "residual"
    @Option(help: "Hidden activation: softsign | tanh.") var activation: String = "softsign"
    @Option(help: "Weights file to write.") var out: String = "closure_weights.txt"
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        guard let formValue = LearnedClosure.Form(rawValue: form) else { fail("--form must be residual or plain") }
        guard let act = ClosureActivation(rawValue: activation) else { fail("--activation must be softsign or tanh") }
        guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 && $0 <= 256 }), candidates >= 1, candidates <= 16 else {
            fail("--hidden widths must be in 1...256 and --candidates in 1...16")
        }
        let watch = Stopwatch()
        let data: (samples: ClosureSamples, snapshots: Int, record: RunRecord)
        do { data = try collectSamples(options: options, seed: options.seed, steps: steps, every: every, skip: skip,
                                       stride: stride, spectrumAfter: steps / 2) } catch { fail("\(error)") }
        let all = data.samples
        guard all.count > 0 else { fail("no snapshots: need steps > skip and every <= steps - skip") }
        let dataSeconds = watch.elapsed
        let after = Double(steps / 2) * options.dt
        var best: (closure: LearnedClosure, loss: Double, score: Double, label: String)?
        var table: [(String, Double, Double, (total: Double, order: Double, speed: Double, spectrum: Double))] = []
        for width in hidden {
            for k in 0..<candidates {
                var to = LearnedClosure.TrainingOptions()
                to.steps = trainSteps; to.hidden = [width, width]; to.form = formValue; to.activation = act
                to.seed = 7 + UInt64(k)
                let (closure, loss) = try LearnedClosure.train(samples: all, options: to)
                let label = "width \(width) seed \(to.seed)"
                var score = (total: 0.0, order: 0.0, speed: 0.0, spectrum: 0.0)
                if hidden.count * candidates > 1 {
                    var o = options
                    o.seed = options.seed
                    let r: ActiveFluidRun
                    do { r = try ActiveFluidRun(model: .moment, closure: closure, options: o) } catch { fail("\(error)") }
                    let rec = runModel(r, steps: steps, every: every, progress: false, spectrumAfter: steps / 2)
                    score = aPosterioriScore(rec, reference: data.record, after: after, n: options.n)
                }
                table.append((label, loss, all.relativeError(of: closure, zeta: options.zeta).mean, score))
                if best == nil || score.total < best!.score { best = (closure, loss, score.total, label) }
            }
        }
        var binghamScore: (total: Double, order: Double, speed: Double, spectrum: Double)?
        if table.count > 1 {   // the reference a learned candidate has to beat, same data
            let r: ActiveFluidRun
            do { r = try ActiveFluidRun(model: .moment, closure: BinghamClosure(), options: options) } catch { fail("\(error)") }
            let rec = runModel(r, steps: steps, every: every, progress: false, spectrumAfter: steps / 2)
            binghamScore = aPosterioriScore(rec, reference: data.record, after: after, n: options.n)
        }
        let closure = best!.closure
        do { try closure.serialized().write(toFile: out, atomically: true, encoding: .utf8) } catch { fail("cannot write \(out): \(error)") }
        let errs: [(String, Double)] = [("quadratic", all.relativeError(of: QuadraticClosure(), zeta: options.zeta).mean),
                                        ("bingham", all.relativeError(of: BinghamClosure(), zeta: options.zeta).mean),
                                        ("learned", all.relativeError(of: closure, zeta: options.zeta).mean)]
        if json {
            var o = JSONObject()
            o.set("samples", all.count); o.set("final_loss", best!.loss); o.set("data_seconds", dataSeconds)
            o.set("train_seconds", watch.elapsed - dataSeconds); o.set("weights", out); o.set("selected", best!.label)
            o.set("form", form); o.set("activation", activation); o.set("selection_score", best!.score)
            if let sc = binghamScore { o.set("bingham_selection_score", sc.total) }
            for (n, e) in errs { o.set("training_rel_mse_\(n)", e) }
            print(o.rendered)
        } else {
            print("trained on \(all.count) points from \(data.snapshots) snapshots (seed \(options.seed)); form \(form), activation \(activation)")
            if table.count > 1 {
                print("candidates, a-posteriori on the TRAINING seed (t > \(after)): |d<s>|/<s> + |d<|u|>|/<|u|> + spectrum |dlog10|")
                for (l, loss, ap, sc) in table {
                    print(String(format: "  %-20@ loss %.3e  a-priori %.3e  score %.4f (s %.4f, |u| %.4f, spectrum %.4f)",
                                 l as NSString, loss, ap, sc.total, sc.order, sc.speed, sc.spectrum))
                }
                if let sc = binghamScore {
                    print(String(format: "  %-20@ %32@score %.4f (s %.4f, |u| %.4f, spectrum %.4f)", "bingham (reference)" as NSString,
                                 "" as NSString, sc.total, sc.order, sc.speed, sc.spectrum))
                }
            }
            print("selected \(best!.label); final loss \(best!.loss); wrote \(out)")
            print(String(format: "kinetic data %.1f s, training and selection %.1f s", dataSeconds, watch.elapsed - dataSeconds))
            for (n, e) in errs { print("  training-set a-priori rel. MSE of S:T  \(n): \(e)") }
        }
    }
}

/// Evidence: a-priori closure errors on held-out kinetic data, a-posteriori comparison of the
/// moment model with each closure against the kinetic solver, cost per step and FFT share.
struct KineticCompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "A-priori and a-posteriori closure comparison against the kinetic solver (trains the learned closure on a separate seed unless --weights is given)."
    )
    @OptionGroup var options: KineticOptions
    @Option(help: "Steps of every run.") var steps: Int = 2000
    @Option(help: "Diagnostics / snapshot every this many steps.") var every: Int = 50
    @Option(help: "Ignore the first this many steps in a-priori errors and time averages.") var skip: Int = 500
    @Option(help: "Learned-closure weights (otherwise trained here on seed + 1000).") var weights: String?
    @Option(help: "Also run these (older) learned-closure weights, network evaluated in every fixed-point iteration, as 'learned-v1'.") var oldWeights: String?
    @Flag(help: "Evaluate the learned network in every velocity fixed-point iteration (not once per step at the extrapolated strain).") var learnedPerIteration = false
    @Option(help: "Adam steps when training here.") var trainSteps: Int = 4000
    @Option(help: "Write the time series of all models as CSV.") var out: String?
    @Option(help: "Write an SVG plot of the order parameter of all models.") var svg: String?
    @Option(help: "Write the time-averaged (after --skip) velocity spectra of all models as CSV.") var spectra: String?
    @Option(help: "Also write the per-model results as JSON lines to this file.") var jsonOut: String?
    @Flag(help: "Print JSON lines.") var json = false

    func run() throws {
        // 1. Learned closure.
        let learned: MomentClosure
        if let weights { learned = makeClosure(.learned, weights: weights) } else {
            let data: (samples: ClosureSamples, snapshots: Int, record: RunRecord)
            do { data = try collectSamples(options: options, seed: options.seed + 1000, steps: steps, every: every, skip: skip,
                                           stride: 3, spectrumAfter: steps) } catch { fail("\(error)") }
            guard data.samples.count > 0 else { fail("no training snapshots (steps must exceed skip)") }
            var to = LearnedClosure.TrainingOptions()
            to.steps = trainSteps
            learned = try LearnedClosure.train(samples: data.samples, options: to).closure
        }
        if learnedPerIteration, let l = learned as? LearnedClosure { l.evaluatePerIteration = true }
        var closures: [(String, MomentClosure)] = [("quadratic", QuadraticClosure()), ("bingham", BinghamClosure()), ("learned", learned)]
        if let oldWeights, let old = makeClosure(.learned, weights: oldWeights) as? LearnedClosure {
            old.evaluatePerIteration = true   // exactly the pre-v2 evaluation
            closures.append(("learned-v1", old))
        }
        // 2. Kinetic reference run with held-out snapshots.
        let kin: ActiveFluidRun
        do { kin = try ActiveFluidRun(model: .kinetic, closure: nil, options: options) } catch { fail("\(error)") }
        var held = ClosureSamples()
        let kRec = runModel(kin, steps: steps, every: every, progress: false, spectrumAfter: skip) { s in
            if s > skip { held.append(kin.kinetic!.closureSamples(stride: 1)) }
        }
        var aPriori: [(String, Double)] = []
        for (name, c) in closures { aPriori.append((name, held.relativeError(of: c, zeta: options.zeta).mean)) }
        // Cost of one closure evaluation (prepare + contract) per grid point, on the held-out data.
        func nsPerPoint(_ c: MomentClosure) -> Double {
            let m = held.count
            guard m > 0 else { return .nan }
            var cc = zip(held.d11, held.d22).map { $0 + $1 }, a = held.d11, b = held.d12, d = held.d22
            var x = held.e11, y = held.e12
            var t11 = a, t12 = b, t22 = d, o1 = a, o2 = a, o3 = a
            let reps = max(1, 200_000 / m)
            let w = Stopwatch()
            for _ in 0..<reps {
                if c.usesPredictedStrain {   // as MomentSolver calls it: the strain-predicting prepare
                    c.prepare(c: &cc, d11: &a, d12: &b, d22: &d, predictedE11: &x, predictedE12: &y, count: m)
                } else {
                    c.prepare(c: &cc, d11: &a, d12: &b, d22: &d, count: m)
                }
                c.contract(t11: &t11, t12: &t12, t22: &t22, e11: &x, e12: &y, zeta: options.zeta, st11: &o1, st12: &o2, st22: &o3, count: m)
            }
            return w.elapsed / Double(reps * m) * 1e9
        }
        var costs = closures.map { ($0.0, nsPerPoint($0.1)) }
        do {   // the direct Bessel root solve per point (what the Chebyshev fit replaces)
            let m = min(held.count, 5000)
            let w = Stopwatch()
            var sink = 0.0
            for i in 0..<m {
                let c = held.d11[i] + held.d22[i], q11 = held.d11[i] / c - 0.5, q12 = held.d12[i] / c
                sink += BinghamClosure.directS1111(mu1: min(0.5 + (q11 * q11 + q12 * q12).squareRoot(), 1 - 1e-12))
            }
            costs.append(("bingham-direct", m > 0 && sink.isFinite ? w.elapsed / Double(m) * 1e9 : .nan))
        }
        if json {
            var o = JSONObject()
            for (n, v) in costs { o.set("closure_ns_per_point_\(n)", v) }
            print(o.rendered)
        } else {
            print("closure cost per point (prepare + contract): " + costs.map { "\($0.0) \(String(format: "%.0f", $0.1)) ns" }.joined(separator: ", "))
        }
        // 3. Moment runs.
        var records: [(String, RunRecord)] = [("kinetic", kRec)]
        for (name, c) in closures {
            let r: ActiveFluidRun
            do { r = try ActiveFluidRun(model: .moment, closure: c, options: options) } catch { fail("\(error)") }
            records.append((name, runModel(r, steps: steps, every: every, progress: false, spectrumAfter: skip)))
        }
        // 4. Compare.
        let after = Double(skip) * options.dt
        func avg(_ rec: RunRecord, _ f: (ActiveFluidDiagnostics) -> Double) -> Double { timeAverage(rec, after: after, f) }
        func seriesError(_ a: RunRecord, _ b: RunRecord, _ f: (ActiveFluidDiagnostics) -> Double) -> Double {
            let m = min(a.series.count, b.series.count)
            var num = 0.0, den = 0.0
            for i in 0..<m { num += pow(f(a.series[i]) - f(b.series[i]), 2); den += pow(f(b.series[i]), 2) }
            return den > 0 ? (num / den).squareRoot() : .nan
        }
        func spectrumError(_ a: [Double], _ b: [Double]) -> Double { logSpectrumError(a, b, n: options.n) }
        let ref = kRec
        if let spectra {
            var t = "k"
            for (name, _) in records { t += "," + name }
            t += "\n"
            for k in 0..<ref.spectrum.count {
                t += "\(Double(k) * 2 * Double.pi / options.length)"
                for (_, r) in records { t += ",\(k < r.spectrum.count ? r.spectrum[k] : .nan)" }
                t += "\n"
            }
            try? t.write(toFile: spectra, atomically: true, encoding: .utf8)
        }
        if let out {
            var s = "model,time,order_parameter,mean_speed,u_rms\n"
            for (name, r) in records { for d in r.series { s += "\(name),\(d.time),\(d.orderParameter),\(d.meanSpeed),\(d.uRMS)\n" } }
            try? s.write(toFile: out, atomically: true, encoding: .utf8)
        }
        if let svg {
            var plot = SVGLinePlot(title: "order parameter: kinetic vs moment closures", xLabel: "time", yLabel: "<s>", logY: false)
            for (name, r) in records { plot.add(name, x: r.series.map(\.time), y: r.series.map(\.orderParameter)) }
            try? plot.write(to: svg)
        }
        var jsonLines = ""
        for (name, r) in records {
            let ap = aPriori.first { $0.0 == name }?.1
            let ns = costs.first { $0.0 == name }?.1
            if json || jsonOut != nil {
                var o = JSONObject()
                o.set("model", name); o.set("seed", Int(options.seed)); o.set("n", options.n); o.set("ntheta", options.ntheta); o.set("steps", r.steps)
                o.set("a_priori_rel_mse_ST", ap)
                o.set("mean_order_parameter", avg(r, \.orderParameter)); o.set("mean_speed", avg(r, \.meanSpeed))
                o.set("order_parameter_series_rel_error", seriesError(r, ref, \.orderParameter))
                o.set("mean_speed_series_rel_error", seriesError(r, ref, \.meanSpeed))
                o.set("time_avg_spectrum_mean_abs_log10_error", spectrumError(r.spectrum, ref.spectrum))
                o.set("seconds_per_step", r.secondsPerStep); o.set("fft_share", r.fftShare)
                o.set("cost_ratio_vs_kinetic", r.secondsPerStep / ref.secondsPerStep)
                o.set("onset_time", onsetTime(r, after: after))
                o.set("closure_ns_per_point", ns)
                jsonLines += o.rendered + "\n"
                if json { print(o.rendered) }
            }
            if !json {
                print(String(format: "%-10@ a-priori relMSE(S:T) %@  <s> %.4f  <|u|> %.4f  series err s %.3f |u| %.3f  <E(k)> |dlog10| %.3f  %.3f ms/step (x%.3f of kinetic)  FFT %.0f %%  onset t %.1f",
                             name as NSString, (ap.map { String(format: "%.3e", $0) } ?? "    -    ") as NSString,
                             avg(r, \.orderParameter), avg(r, \.meanSpeed),
                             seriesError(r, ref, \.orderParameter), seriesError(r, ref, \.meanSpeed),
                             spectrumError(r.spectrum, ref.spectrum), r.secondsPerStep * 1e3,
                             r.secondsPerStep / ref.secondsPerStep, 100 * r.fftShare, onsetTime(r, after: after)))
            }
        }
        if let jsonOut {
            do { try jsonLines.write(toFile: jsonOut, atomically: true, encoding: .utf8) } catch { fail("cannot write \(jsonOut): \(error)") }
        }
    }
}
