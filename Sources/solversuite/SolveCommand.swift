import ArgumentParser
import Foundation
import SparseLA
import Iterative

/// `solversuite solve A.mtx ...`: one system, direct or iterative, with a report.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve A x = b for a Matrix Market matrix, directly (SuiteSparse) or iteratively.",
        discussion: """
        Without --rhs, b = A * ones. Methods: auto|cholesky|lu|klu|qr (direct) and \
        cg|pcg|minres|gmres|bicgstab|jacobi|gs|sor|ssor (iterative; stopping rule \
        ||b - A x|| <= rtol ||b||). auto: Cholesky for SPD-looking symmetric input (LU if Cholesky \
        fails), LU otherwise, QR for rectangular. dcdm: deep conjugate directions with a trained \
        network (--model); the unknowns must be the cells of a full --grid in grid order, first \
        index fastest (default: the square/cube with the matrix's rows), e.g. \
        solversuite solve box.mtx --method dcdm --model Benchmarks/models/dcdm2d_mask_g64.bin. \
        Exit status: 0 solved, 1 bad input, 2 not solved.
        """
    )

    @Argument(help: "Matrix Market file (.mtx or .mtx.gz).")
    var matrix: String

    @Option(help: "Right-hand side as a Matrix Market vector (default: b = A * ones).")
    var rhs: String?

    @Option(help: "auto|cholesky|lu|klu|qr|cg|pcg|minres|gmres|bicgstab|jacobi|gs|sor|ssor|dcdm")
    var method: String = "auto"

    @Option(help: "DCDM model file (written by 'solversuite train dcdm'); needed by and only for --method dcdm.")
    var model: String?

    @OptionGroup var dcdmOptions: DCDMDirectionOptions

    @Option(help: "Cell grid NxM or NxMxK of the unknowns for --method dcdm (default: square/cube from the rows).")
    var grid: String?

    @Option(help: "Preconditioner for Krylov methods: none|jacobi|ssor|ic0|ilu0|amg (pcg defaults to jacobi).")
    var precond: String = "none"

    @Option(help: "Relative tolerance for iterative methods (reference ||b||).")
    var rtol: Double = 1e-8

    @Option(help: "Absolute tolerance for iterative methods.")
    var atol: Double = 0

    @Option(name: .customLong("max-iterations"), help: "Iteration cap (default: the method's own).")
    var maxIterations: Int?

    @Option(help: "Relaxation factor for sor/ssor.")
    var omega: Double = 1.0

    @Option(help: "GMRES restart length.")
    var restart: Int = 30

    @Option(help: "Threads for the matrix-vector product in Krylov methods.")
    var threads: Int = 1

    @Option(help: "Write the solution as a Matrix Market vector.")
    var output: String?

    @Option(help: "Write the residual history (iteration, residual, relative residual) as CSV.")
    var history: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        dcdmOptions.check()
        let isDCDM = method == "dcdm"
        if isDCDM && model == nil { fail("--method dcdm needs --model FILE (e.g. Benchmarks/models/dcdm2d_mask_g64.bin)") }
        if !isDCDM && model != nil { fail("--model applies to --method dcdm only") }
        if !isDCDM && grid != nil { fail("--grid applies to --method dcdm only") }
        if isDCDM && precond != "none" { fail("--precond does not apply to --method dcdm (the network proposes the directions)") }
        let (a, _, readSeconds) = loadMatrix(matrix)
        let b: [Double] = rhs.map { loadVector($0, expectedLength: a.rows) } ?? a.multiplied(by: DenseVector.ones(a.columns))
        guard b.allSatisfy(\.isFinite) else { fail("\(rhs ?? matrix): right-hand side has non-finite entries") }

        var report = JSONObject()
        report.set("matrix", matrix)
        report.set("rows", a.rows)
        report.set("columns", a.columns)
        report.set("nnz", a.nnz)
        report.set("read_seconds", readSeconds)

        let x: [Double]
        let solved: Bool
        if let direct = DirectMethod(rawValue: method) {
            do {
                let r = try DirectSolver.solve(a, b, method: direct)
                x = r.solution
                solved = x.allSatisfy(\.isFinite)
                report.set("method", r.method.rawValue)
                report.set("status", solved ? "solved" : "not_finite")
                report.set("iterations", 0)
                report.set("setup_seconds", r.setupSeconds)
                report.set("solve_seconds", r.solveSeconds)
                report.set("factor_nnz", r.info.factorNonzeros)
                report.set("ordering", r.info.ordering)
                report.set("rcond_estimate", r.info.reciprocalCondition)
                report.set("fallback", r.fallbackReason)
            } catch {
                report.set("method", direct.rawValue)
                report.set("status", "failed")
                report.set("error", error.description)
                emit(report, text: "\(direct.rawValue) failed: \(error.description)")
                throw ExitCode(ExitStatus.notSolved)
            }
        } else if isDCDM || IterativeMethodName(rawValue: method) != nil {
            guard a.isSquare else { fail("\(matrix): \(a.rows)x\(a.columns) is not square; iterative methods need a square matrix (use --method qr)") }
            var options = SolveOptions(relativeTolerance: rtol, absoluteTolerance: atol, maxIterations: maxIterations)
            options.reference = .rightHandSide
            options.recordHistory = history != nil
            let result: SolveResult
            var dcdmRun: GridRun? = nil
            if isDCDM {
                dcdmRun = solveDCDM(a, b, model: model ?? "", options: options)
                report.set("method", "dcdm")
                result = dcdmRun!.result
            } else {
                guard let p = PreconditionerName(rawValue: precond) else {
                    throw ValidationError("unknown --precond '\(precond)'; expected one of \(PreconditionerName.allCases.map(\.rawValue).joined(separator: "|"))")
                }
                let runner = IterativeRunner(method: IterativeMethodName(rawValue: method)!, precond: p, omega: omega, restart: restart, threads: threads)
                report.set("method", runner.label)
                do { result = try runner.run(a, b, options: options) } catch {
                    report.set("status", "preconditioner_failed")
                    report.set("error", "\(error)")
                    emit(report, text: "\(runner.label): preconditioner setup failed: \(error)")
                    throw ExitCode(ExitStatus.notSolved)
                }
            }
            x = result.solution
            solved = result.converged
            report.set("status", result.status.name)
            report.set("iterations", result.iterations)
            report.set("setup_seconds", result.setupTime)
            report.set("solve_seconds", result.solveTime)
            report.set("matvecs", result.matVecs)
            report.set("preconditioner_applications", result.preconditionerApplications)
            if let run = dcdmRun {
                report.set("model", model)
                report.set("grid", run.gridLabel)
                report.set("inference_seconds", run.inferenceSeconds)
                report.set("ms_per_inference", run.inferenceCalls > 0 ? 1000 * run.inferenceSeconds / Double(run.inferenceCalls) : 0)
            }
            if let path = history, let h = result.residualHistory {
                let bn = DenseVector.norm2(b)
                var csv = "iteration,residual,relative_residual\n"
                for (k, r) in h.enumerated() { csv += "\(k),\(r),\(bn > 0 ? r / bn : r)\n" }
                do { try csv.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    fail("\(path): cannot write residual history: \(error.localizedDescription)")
                }
            }
        } else {
            throw ValidationError("unknown --method '\(method)'; expected auto|cholesky|lu|klu|qr|\(IterativeMethodName.allCases.map(\.rawValue).joined(separator: "|"))|dcdm")
        }

        // The residual is always recomputed here, independent of what the solver reported.
        let bNorm = DenseVector.norm2(b)
        let residual = a.residualNorm(x: x, b: b)
        let relative = bNorm > 0 ? residual / bNorm : residual
        report.set("relative_residual", relative)
        if let out = output {
            do { try MatrixMarket.writeVector(x, to: out) } catch { fail(error.description) }
            report.set("output", out)
        }
        let text = """
        \(matrix): \(a.rows) x \(a.columns), \(a.nnz) nonzeros
        method \(reportString(report, "method")), status \(reportString(report, "status")), \
        iterations \(reportString(report, "iterations"))
        relative residual ||b - A x|| / ||b|| = \(String(format: "%.3e", relative))
        setup \(String(format: "%.4f", reportDouble(report, "setup_seconds"))) s, \
        solve \(String(format: "%.4f", reportDouble(report, "solve_seconds"))) s
        """
        emit(report, text: text)
        if !solved { throw ExitCode(ExitStatus.notSolved) }
    }

    /// DCDM on `a`, whose unknowns are the cells of the `--grid` box (default: the square or cube
    /// matching the rows and the model's dimension). Grid/row mismatches exit 1.
    private func solveDCDM(_ a: CSRMatrix, _ b: [Double], model path: String, options: SolveOptions) -> GridRun {
        let dims: [Int]
        if let spec = grid {
            guard let g = parseGridDims(spec), g.count == 2 || g.count == 3 else { fail("--grid must be NxM or NxMxK, got '\(spec)'") }
            dims = g
        } else {
            // The model's dimension decides square or cube; the model is loaded again below with
            // the domain (cheap: tens of KB).
            let dimension: Int
            do { dimension = try DirectionNetworkFile.load(from: path).configuration.dimension } catch { fail(error.description) }
            let side = Int((pow(Double(a.rows), 1 / Double(dimension))).rounded())
            guard (dimension == 2 || dimension == 3), [Int](repeating: side, count: dimension).reduce(1, *) == a.rows else {
                fail("\(matrix): \(a.rows) rows are not a perfect \(dimension == 3 ? "cube" : "square") for the \(dimension)-D model; pass --grid NxM[xK]")
            }
            dims = [Int](repeating: side, count: dimension)
        }
        guard dims.reduce(1, *) == a.rows else {
            fail("\(matrix): \(a.rows) rows do not match --grid \(dims.map(String.init).joined(separator: "x")) (\(dims.reduce(1, *)) cells)")
        }
        let domain: GridDomain
        do { domain = try GridDomain.box(dims: dims) } catch { fail(error.description) }
        let proposer = loadProposer(model: path, domain: domain)
        let solvers: GridSolverSet
        do { solvers = try GridSolverSet(matrix: a, methods: [.dcdm], proposer: proposer, dcdmOptions: dcdmOptions) } catch { fail("\(error)") }
        return solvers.run(.dcdm, b, options: options)
    }

    private func emit(_ report: JSONObject, text: String) {
        if json { print(report.rendered) } else { print(text) }
    }
}

func reportString(_ o: JSONObject, _ key: String) -> String {
    guard let v = o.pairs.first(where: { $0.0 == key })?.1 else { return "-" }
    switch v {
    case .string(let s): return s
    case .int(let i): return String(i)
    case .double(let d): return "\(d)"
    default: return JSONObject.render(v)
    }
}

func reportDouble(_ o: JSONObject, _ key: String) -> Double {
    if case .double(let d)? = o.pairs.first(where: { $0.0 == key })?.1 { return d }
    return .nan
}
