import ArgumentParser
import Foundation
import Iterative
import SparseLA
import Distributed

/// Builds the shared `SolveOptions` (kept in one place so both engines get the same rule).
enum SolveOptionsBox {
    typealias Options = SolveOptions
    static func make(rtol: Double, atol: Double, maxIterations: Int?, preconditionedNorm: Bool, history: Bool) -> SolveOptions {
        var o = SolveOptions(relativeTolerance: rtol, absoluteTolerance: atol, maxIterations: maxIterations)
        o.reference = .rightHandSide
        o.residualNorm = preconditionedNorm ? .preconditioned : .unpreconditioned
        o.recordHistory = history
        return o
    }
}

/// Minimal ordered JSON writer for `--json`.
struct JSON {
    private var parts: [String] = []
    mutating func add(_ key: String, _ raw: String) { parts.append("\"\(key)\": \(raw)") }
    mutating func add(_ key: String, string: String) {
        let esc = string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        add(key, "\"\(esc)\"")
    }
    mutating func add(_ key: String, _ v: Int) { add(key, String(v)) }
    mutating func add(_ key: String, _ v: Double) { add(key, v.isFinite ? "\(v)" : "null") }
    mutating func add(_ key: String, _ v: Bool) { add(key, v ? "true" : "false") }
    mutating func add(_ key: String, array: [Double]) { add(key, "[" + array.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ", ") + "]") }
    var rendered: String { "{" + parts.joined(separator: ", ") + "}" }
}

/// Prints on rank 0 only.
func say(_ s: String) { if PETScRuntime.rank == 0 { print(s) } }

/// The in-process Swift solve on rank 0 matching a distributed run (same method, stopping rule).
/// Preconditioner equivalents: jacobi → Jacobi; bjacobi → ILU(0) (= PETSc's on one rank);
/// gamg/hypre → our smoothed-aggregation AMG (a different AMG: iteration counts are not comparable).
func localSolve(_ a: CSRMatrix, _ b: [Double], engine: EngineOptions) throws -> SolveResult {
    let options = engine.localSolveOptions
    let pc: (any Preconditioner)?
    switch DistributedPreconditioner(rawValue: engine.precond)! {
    case .none: pc = nil
    case .jacobi: pc = try JacobiPreconditioner(a)
    case .bjacobi: pc = try IncompleteLU(a)
    case .gamg, .hypre: pc = try SmoothedAggregationAMG(a)
    }
    switch DistributedMethod(rawValue: engine.method)! {
    case .cg: return Krylov.cg(a, b, preconditioner: pc, options: options)
    case .gmres: return Krylov.gmres(a, b, restart: engine.restart, preconditioner: pc, options: options)
    case .bicgstab: return Krylov.bicgstab(a, b, preconditioner: pc, options: options)
    }
}

func norm2(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

/// Runs a distributed solve on assembled rows and reports it (JSON or text) on rank 0.
/// `localProblem` builds the full system on rank 0 for `--compare-local`.
func runAndReport(rows: LocalRows, localRHS: [Double], engine: EngineOptions, problem: [(String, String)],
                  localProblem: () throws -> (CSRMatrix, [Double])) throws -> Bool {
    let me = PETScRuntime.rank
    let a = try DistributedMatrix(localRows: rows)
    let nnz = try a.globalNonzeros()
    let outcome = try DistributedSolver.solve(a, localRHS: localRHS, options: engine.distributedOptions)
    let r = outcome.result
    let full = engine.compareLocal ? PETScRuntime.gatherToRoot(r.solution) : nil
    let bNormSquared = PETScRuntime.sumOverRanks(localRHS.reduce(0) { $0 + $1 * $1 })
    let bNorm = bNormSquared.squareRoot()
    var j = JSON()
    j.add("engine", string: "petsc")
    j.add("petsc_version", string: PETScRuntime.version)
    j.add("ranks", outcome.ranks)
    for (k, v) in problem { j.add(k, v) }
    j.add("n", rows.globalSize)
    j.add("nnz", nnz)
    j.add("method", string: engine.method)
    j.add("precond", string: engine.precond)
    j.add("norm", string: engine.norm)
    j.add("rtol", engine.rtol)
    j.add("status", string: r.status.name)
    j.add("converged", r.converged)
    j.add("petsc_reason", string: outcome.petscReason)
    j.add("iterations", r.iterations)
    j.add("true_residual", r.finalTrueResidual)
    j.add("relative_residual", bNorm > 0 ? r.finalTrueResidual / bNorm : r.finalTrueResidual)
    j.add("tested_residual", r.finalTestedResidual)
    j.add("assembly_seconds", a.assemblyTime)
    j.add("setup_seconds", r.setupTime)
    j.add("solve_seconds", r.solveTime)
    if let h = r.residualHistory { j.add("residual_history", array: h) }
    var text = """
    engine petsc (\(PETScRuntime.version)), \(outcome.ranks) rank(s), n = \(rows.globalSize), nnz = \(nnz)
    \(engine.method) + \(engine.precond): \(r.status.name) (\(outcome.petscReason)) after \(r.iterations) iterations
    relative residual ||b - A x||/||b|| = \(bNorm > 0 ? r.finalTrueResidual / bNorm : r.finalTrueResidual)
    time: assembly \(a.assemblyTime) s, setup \(r.setupTime) s, solve \(r.solveTime) s
    """
    if engine.compareLocal && me == 0, let xd = full {
        let (la, lb) = try localProblem()
        let local = try localSolve(la, lb, engine: engine)
        let diff = zip(xd, local.solution).map { $0 - $1 }
        let rel = norm2(diff) / max(norm2(local.solution), .leastNormalMagnitude)
        let lbNorm = norm2(lb)
        var l = JSON()
        l.add("status", string: local.status.name)
        l.add("iterations", local.iterations)
        l.add("relative_residual", lbNorm > 0 ? local.finalTrueResidual / lbNorm : local.finalTrueResidual)
        l.add("solve_seconds", local.solveTime + local.setupTime)
        j.add("local", l.rendered)
        j.add("solution_relative_difference", rel)
        text += "\nlocal Swift \(engine.method): \(local.status.name) after \(local.iterations) iterations, relative residual \(lbNorm > 0 ? local.finalTrueResidual / lbNorm : local.finalTrueResidual); ||x_petsc - x_local||/||x_local|| = \(rel)"
    }
    say(engine.json ? j.rendered : text)
    return r.converged
}

/// Initializes PETSc, runs `body`, finalizes, and maps errors/convergence to exit codes.
func withPETSc(_ options: String, _ body: () throws -> Bool) throws {
    do {
        try PETScRuntime.initialize(options: options)
    } catch {
        FileHandle.standardError.write("solversuite-mpi: \(error)\n".data(using: .utf8)!)
        throw ExitCode(1)
    }
    var code: Int32 = 0
    do {
        code = try body() ? 0 : 2
    } catch {
        if PETScRuntime.rank == 0 { FileHandle.standardError.write("solversuite-mpi: \(error)\n".data(using: .utf8)!) }
        code = 1
    }
    PETScRuntime.finalize()
    if code != 0 { throw ExitCode(code) }
}
