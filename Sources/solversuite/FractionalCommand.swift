import Foundation
import ArgumentParser
import SparseLA
import Iterative
import PDE

/// `solversuite fractional`: the Riesz fractional diffusion problem −∂^α u/∂|x|^α = s on (0, 1) by
/// degree-p B-spline collocation, with the manufactured solution u = x²(1−x)²eˣ.
struct FractionalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fractional",
        abstract: "Riesz fractional diffusion by B-spline collocation: direct (LAPACK) or FFT-GMRES with tau/circulant preconditioners.",
        discussion: """
        Prints the max error against u = x^2(1-x)^2 e^x on 4001 points, Krylov iterations and times.
        --study solves n = 8, 16, ..., --n and prints the error/order table; --matvec-scaling times the
        O(N log N) FFT matrix-vector product against the dense one. Exit status 0 ok, 1 bad input,
        2 when a solve did not converge.
        """
    )

    enum Solver: String, ExpressibleByArgument, CaseIterable {
        case direct, gmres
        case gmresTau = "gmres-tau"
        case gmresCirculant = "gmres-circulant"
    }

    enum Planning: String, ExpressibleByArgument, CaseIterable { case estimate, measure }

    enum RHS: String, ExpressibleByArgument, CaseIterable { case manufactured }

    @Option(help: "Fractional order alpha in (1, 2).") var alpha: Double = 1.5
    @Option(help: "Spline degree p >= 2.") var degree: Int = 3
    @Option(help: "Number of knot intervals n (N = n + p - 2 unknowns).") var n: Int = 512
    @Option(help: "direct | gmres | gmres-tau | gmres-circulant") var solver: Solver = .gmresTau
    @Option(help: "Right-hand side (only 'manufactured').") var rhs: RHS = .manufactured
    @Option(help: "GMRES relative tolerance on ||b - A x|| / ||b||.") var rtol: Double = 1e-10
    @Option(help: "GMRES restart length.") var restart: Int = 400
    @Option(help: "GMRES iteration cap (default 10 N).") var maxIterations: Int?
    @Option(help: "FFTW planning: estimate (instant) or measure (slower setup, faster transforms).") var fftw: Planning = .estimate
    @Flag(help: "Convergence study: n = 8, 16, ..., --n; prints the error/order table.") var study = false
    @Flag(help: "Time the FFT matvec against the dense product for n = 64 ... --n.") var matvecScaling = false
    @Flag(help: "Print JSON (one object per line in --study / --matvec-scaling).") var json = false

    func run() throws {
        if matvecScaling { return try runMatvecScaling() }
        let sizes: [Int]
        if study {
            var s: [Int] = []
            var k = 8
            while k <= n { s.append(k); k *= 2 }
            if s.isEmpty { s = [n] }
            sizes = s
        } else {
            sizes = [n]
        }
        var previous: Double?
        var allConverged = true
        if study && !json {
            print("Riesz collocation: alpha = \(alpha), p = \(degree), solver = \(solver.rawValue), manufactured u = x^2(1-x)^2 e^x")
            let claim = Double(degree % 2 == 0 ? degree + 2 : degree + 1) - alpha
            print("expected order p+2-alpha (even p) / p+1-alpha (odd p) = \(fmt(claim, 2))")
            print(pad("n", 7) + pad("N", 7) + pad("max error", 12) + pad("order", 8) + pad("iters", 7) + pad("status", 16) + pad("solve s", 10))
        }
        for size in sizes {
            let report = try solve(intervals: size)
            let order = previous.map { log2($0 / report.maxError) }
            previous = report.maxError
            if report.status != "converged" { allConverged = false }
            if json {
                var o = JSONObject()
                o.set("n", size)
                o.set("max_error", report.maxError)
                o.set("iterations", report.iterations)
                o.set("status", report.status)
                o.set("solve_seconds", report.solveSeconds)
                o.set("size", report.size)
                o.set("alpha", alpha)
                o.set("degree", degree)
                o.set("solver", solver.rawValue)
                o.set("assembly_seconds", report.assemblySeconds)
                if study { o.set("order", order) }
                print(o.rendered)
            } else if study {
                print(pad("\(size)", 7) + pad("\(report.size)", 7) + pad(sci(report.maxError), 12)
                      + pad(order.map { fmt($0, 3) } ?? "-", 8) + pad("\(report.iterations)", 7)
                      + pad(report.status, 16) + pad(fmt(report.solveSeconds, 4), 10))
            } else {
                print("fractional: alpha = \(alpha), p = \(degree), n = \(size) (N = \(report.size)), solver = \(solver.rawValue)")
                print("  max error   \(sci(report.maxError))   (max |u_h - u| on 4001 points)")
                print("  iterations  \(report.iterations)   status \(report.status)")
                print("  time        assembly \(fmt(report.assemblySeconds, 4)) s, solve \(fmt(report.solveSeconds, 4)) s")
            }
        }
        if !allConverged { throw ExitCode(2) }
    }

    private func problem(_ intervals: Int) throws -> RieszCollocation {
        do {
            return try RieszCollocation(alpha: alpha, degree: degree, intervals: intervals)
        } catch let e as FractionalError {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func solve(intervals: Int) throws -> RieszSolveReport {
        let prob = try problem(intervals)
        if restart < 1 || rtol <= 0 || !(rtol.isFinite) || (maxIterations ?? 1) < 1 {
            FileHandle.standardError.write(Data("error: \(#fileID):\(#line): need --restart >= 1, --rtol > 0, --max-iterations >= 1\n".utf8))
            throw ExitCode(1)
        }
        switch solver {
        case .direct:
            do { return try rieszSolveDirect(prob) } catch let e as FractionalError {
                FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
                throw ExitCode(1)
            }
        case .gmres, .gmresTau, .gmresCirculant:
            let kind: RieszPreconditionerKind = solver == .gmres ? .none : (solver == .gmresTau ? .tau : .circulant)
            return rieszSolveGMRES(prob, preconditioner: kind, relativeTolerance: rtol, restart: restart,
                                   maxIterations: maxIterations, planning: fftw == .measure ? .measure : .estimate)
        }
    }

    private func runMatvecScaling() throws {
        if !json { print(pad("n", 9) + pad("N", 9) + pad("FFT s/apply", 14) + pad("dense s/apply", 15) + pad("rel diff", 10)) }
        var k = 64
        while k <= n {
            let prob = try problem(k)
            let matrix = RieszCollocationMatrix(problem: prob)
            let op = ToeplitzFFTOperator(matrix: matrix, planning: fftw == .measure ? .measure : .estimate)
            let x = (0..<prob.size).map { sin(Double($0) * 0.7) }
            var y = [Double](repeating: 0, count: prob.size)
            let reps = max(3, min(2000, 2_000_000 / prob.size))
            var w = Stopwatch()
            for _ in 0..<reps { op.apply(x, into: &y) }
            let fft = w.restart() / Double(reps)
            var denseTime: Double? = nil
            var diff: Double? = nil
            if prob.size <= 4096 {
                let d = matrix.dense()
                let N = prob.size
                var yd = [Double](repeating: 0, count: N)
                let dreps = max(1, min(200, 20_000_000 / (N * N)))
                w.restart()
                for _ in 0..<dreps {
                    d.withUnsafeBufferPointer { dp in
                        for i in 0..<N {
                            var s = 0.0
                            for j in 0..<N { s += dp[i * N + j] * x[j] }
                            yd[i] = s
                        }
                    }
                }
                denseTime = w.elapsed / Double(dreps)
                diff = zip(y, yd).map { abs($0 - $1) }.max()! / yd.map(abs).max()!
            }
            if json {
                var o = JSONObject()
                o.set("n", k)
                o.set("size", prob.size)
                o.set("fft_seconds_per_apply", fft)
                o.set("dense_seconds_per_apply", denseTime)
                o.set("relative_difference", diff)
                print(o.rendered)
            } else {
                print(pad("\(k)", 9) + pad("\(prob.size)", 9) + pad(sci(fft), 14)
                      + pad(denseTime.map(sci) ?? "-", 15) + pad(diff.map(sci) ?? "-", 10))
            }
            k *= 2
        }
    }

    private func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
    private func sci(_ v: Double) -> String { String(format: "%.3e", v) }
    private func fmt(_ v: Double, _ d: Int) -> String { String(format: "%.\(d)f", v) }
}
