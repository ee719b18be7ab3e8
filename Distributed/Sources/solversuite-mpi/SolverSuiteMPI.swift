import ArgumentParser
import Foundation
import Distributed

/// `solversuite-mpi`: the MPI/PETSc engine of SolverSuite, a separate executable so the main
/// `solversuite` CLI stays free of PETSc/MPI. Run it under `mpirun -np N`.
@main
struct SolverSuiteMPI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solversuite-mpi",
        abstract: "Distributed solves through PETSc (KSP/PC, hypre BoomerAMG) over MPI.",
        discussion: """
        Run under MPI, e.g. `mpirun -np 4 Distributed/.build/release/solversuite-mpi solve A.mtx \
        --engine petsc --method cg --precond gamg`. Only rank 0 prints. Exit status: 0 converged, \
        1 bad input or PETSc error, 2 not converged.
        """,
        subcommands: [SolveMPICommand.self, PoissonMPICommand.self, InfoMPICommand.self]
    )
}

/// Options shared by `solve` and `poisson`.
struct EngineOptions: ParsableArguments {
    @Option(help: "Distributed engine (only 'petsc').")
    var engine: String = "petsc"

    @Option(help: "Krylov method: cg|gmres|bicgstab.")
    var method: String = "cg"

    @Option(help: "Preconditioner: none|jacobi|bjacobi (block Jacobi + ILU(0))|gamg|hypre (BoomerAMG).")
    var precond: String = "none"

    @Option(help: "Relative tolerance: ||b - A x|| <= rtol ||b|| (x0 = 0).")
    var rtol: Double = 1e-8

    @Option(help: "Absolute tolerance (PETSc: max(rtol ||b||, atol)).")
    var atol: Double = 0

    @Option(name: .customLong("max-iterations"), help: "Iteration cap (default 10 n).")
    var maxIterations: Int?

    @Option(help: "GMRES restart length.")
    var restart: Int = 30

    @Option(help: "Residual norm tested: unpreconditioned (default, as the local solvers) or preconditioned (PETSc's default).")
    var norm: String = "unpreconditioned"

    @Option(name: .customLong("petsc-options"), help: "Extra PETSc options, e.g. \"-ksp_monitor -pc_gamg_threshold 0.02\" (applied last).")
    var petscOptions: String = ""

    @Flag(name: .customLong("compare-local"), help: "Also solve on rank 0 with the in-process Swift solver (Iterative) and report both.")
    var compareLocal = false

    @Flag(help: "Record the residual history (JSON key residual_history).")
    var history = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard engine == "petsc" else { throw ValidationError("--engine: only 'petsc' is available, got '\(engine)'") }
        guard DistributedMethod(rawValue: method) != nil else { throw ValidationError("--method must be cg|gmres|bicgstab, got '\(method)'") }
        guard DistributedPreconditioner(rawValue: precond) != nil else {
            throw ValidationError("--precond must be none|jacobi|bjacobi|gamg|hypre, got '\(precond)'")
        }
        guard norm == "unpreconditioned" || norm == "preconditioned" else { throw ValidationError("--norm must be unpreconditioned|preconditioned") }
        guard rtol >= 0, atol >= 0, rtol.isFinite, atol.isFinite else { throw ValidationError("--rtol/--atol must be finite and >= 0") }
        if let m = maxIterations, m < 0 { throw ValidationError("--max-iterations must be >= 0") }
        guard restart >= 1 else { throw ValidationError("--restart must be >= 1") }
    }

    var distributedOptions: DistributedSolveOptions {
        var o = DistributedSolveOptions(method: DistributedMethod(rawValue: method)!,
                                        preconditioner: DistributedPreconditioner(rawValue: precond)!,
                                        restart: restart)
        o.solve = localSolveOptions
        return o
    }

    /// The stopping rule both engines use: ‖b − A x‖ ≤ rtol ‖b‖ (+ atol), x₀ = 0.
    var localSolveOptions: SolveOptionsBox.Options {
        SolveOptionsBox.make(rtol: rtol, atol: atol, maxIterations: maxIterations,
                             preconditionedNorm: norm == "preconditioned", history: history)
    }
}
