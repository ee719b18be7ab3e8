import ArgumentParser
import Foundation
import SparseLA
import Iterative

/// `solversuite bench ...`: user-facing benchmarks (the side-by-side peer comparisons live in
/// `Benchmarks/`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks users run on their own matrices.",
        subcommands: [ConvergenceBench.self]
    )
}

/// Convergence benchmark: relative residual vs iteration and vs seconds for a set of
/// method/preconditioner pairs on each matrix; CSV + SVG plots.
struct ConvergenceBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convergence",
        abstract: "Run methods/preconditioners on matrices; write residual histories (CSV) and SVG plots.",
        discussion: """
        Each configuration is METHOD or METHOD+PRECOND, e.g. cg, cg+ic0, cg+amg, minres, gmres+ilu0, \
        bicgstab, sor, ssor. Default: cg, cg+jacobi, cg+ic0, cg+amg, minres for symmetric matrices \
        with a positive diagonal; gmres, gmres+ilu0, bicgstab, bicgstab+ilu0 otherwise. \
        b = A * ones, x0 = 0, stopping rule ||b - A x|| <= rtol ||b||.
        """
    )

    @Argument(help: "Matrix Market files.")
    var matrices: [String]

    @Option(help: "Comma-separated configurations (METHOD[+PRECOND]).")
    var methods: String?

    @Option(help: "Relative tolerance (reference ||b||).")
    var rtol: Double = 1e-8

    @Option(name: .customLong("max-iterations"), help: "Iteration cap per run.")
    var maxIterations: Int = 2000

    @Option(help: "Relaxation factor for sor/ssor.")
    var omega: Double = 1.0

    @Option(help: "Output folder for convergence.csv, summary.csv and one SVG per matrix and axis.")
    var out: String = "convergence"

    func parse(_ spec: String) throws -> IterativeRunner {
        let parts = spec.split(separator: "+").map(String.init)
        guard let m = parts.first.flatMap(IterativeMethodName.init(rawValue:)) else {
            throw ValidationError("unknown method in '\(spec)'")
        }
        var p = PreconditionerName.none
        if parts.count > 1 {
            guard let q = PreconditionerName(rawValue: parts[1]) else { throw ValidationError("unknown preconditioner in '\(spec)'") }
            p = q
        }
        return IterativeRunner(method: m, precond: p, omega: omega)
    }

    func run() throws {
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            fail("\(out): cannot create folder: \(error.localizedDescription)")
        }
        var curves = "matrix,config,iteration,seconds,relative_residual\n"
        var summary = "matrix,rows,nnz,config,status,iterations,setup_seconds,solve_seconds,final_relative_residual\n"
        for path in matrices {
            let (a, _, _) = loadMatrix(path)
            guard a.isSquare else { fail("\(path): not square") }
            let name = URL(fileURLWithPath: path).lastPathComponent.replacingOccurrences(of: ".mtx", with: "")
            let specs: [String]
            if let m = methods {
                specs = m.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            } else if DirectSolver.looksSPD(a) {
                specs = ["cg", "cg+jacobi", "cg+ic0", "cg+amg", "minres"]
            } else {
                specs = ["gmres", "gmres+ilu0", "bicgstab", "bicgstab+ilu0"]
            }
            let b = a.multiplied(by: DenseVector.ones(a.columns))
            let bNorm = max(DenseVector.norm2(b), .leastNormalMagnitude)
            var byIteration = SVGLinePlot(title: "\(name): relative residual vs iteration", xLabel: "iteration", yLabel: "||b - A x|| / ||b||")
            var bySeconds = SVGLinePlot(title: "\(name): relative residual vs time", xLabel: "seconds (after setup)", yLabel: "||b - A x|| / ||b||")
            print("\(name): n = \(a.rows), nnz = \(a.nnz)")
            for spec in specs {
                let runner = try parse(spec)
                var options = SolveOptions(relativeTolerance: rtol, maxIterations: maxIterations)
                options.reference = .rightHandSide
                options.recordHistory = true
                // Timestamps per iteration through the monitor (it costs a clock read per iteration).
                let stamps = TimeStamps()
                options.monitor = { info in
                    stamps.record(info.iteration)
                    return .proceed
                }
                let result: SolveResult
                do { result = try runner.run(a, b, options: options) } catch {
                    print("  \(runner.label.padding(toLength: 16, withPad: " ", startingAt: 0)) setup failed: \(error)")
                    summary += "\(name),\(a.rows),\(a.nnz),\(runner.label),setup_failed,0,,,\n"
                    continue
                }
                let history = result.residualHistory ?? []
                let rel = history.map { $0 / bNorm }
                let seconds = stamps.seconds(count: rel.count, total: result.solveTime)
                for (k, r) in rel.enumerated() {
                    curves += "\(name),\(runner.label),\(k),\(seconds[k]),\(r)\n"
                }
                byIteration.add(runner.label, x: rel.indices.map(Double.init), y: rel)
                bySeconds.add(runner.label, x: seconds, y: rel)
                let finalRel = result.finalTrueResidual / bNorm
                summary += "\(name),\(a.rows),\(a.nnz),\(runner.label),\(result.status.name),\(result.iterations),\(result.setupTime),\(result.solveTime),\(finalRel)\n"
                print("  \(runner.label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(result.status.name.padding(toLength: 16, withPad: " ", startingAt: 0)) iterations \(String(result.iterations).padding(toLength: 6, withPad: " ", startingAt: 0)) setup \(String(format: "%.4f", result.setupTime)) s  solve \(String(format: "%.4f", result.solveTime)) s  rel.res \(String(format: "%.2e", finalRel))")
            }
            do {
                try byIteration.write(to: "\(out)/\(name)_iterations.svg")
                try bySeconds.write(to: "\(out)/\(name)_seconds.svg")
            } catch { fail("\(out): cannot write plots: \(error.localizedDescription)") }
        }
        do {
            try curves.write(toFile: "\(out)/convergence.csv", atomically: true, encoding: .utf8)
            try summary.write(toFile: "\(out)/summary.csv", atomically: true, encoding: .utf8)
        } catch { fail("\(out): cannot write CSV: \(error.localizedDescription)") }
        print("wrote \(out)/convergence.csv, \(out)/summary.csv and SVG plots")
    }
}

/// Wall-clock stamps taken by the monitor, mapped onto residual-history entries.
final class TimeStamps: @unchecked Sendable {
    private let clock = Stopwatch()
    private var stamps: [Int: Double] = [:]

    func record(_ iteration: Int) { stamps[iteration] = clock.elapsed }

    /// Seconds for history entries 0..<count; entries without a stamp are interpolated linearly
    /// over the solve time (methods that do not call the monitor every iteration).
    func seconds(count: Int, total: Double) -> [Double] {
        guard count > 0 else { return [] }
        let t0 = stamps[0] ?? 0
        return (0..<count).map { k in
            if let s = stamps[k] { return max(0, s - t0) }
            return count > 1 ? total * Double(k) / Double(count - 1) : 0
        }
    }
}
