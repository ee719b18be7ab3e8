import SparseLA
import Iterative

/// The iterative methods the CLI offers (`--method`).
enum IterativeMethodName: String, CaseIterable {
    case cg, pcg, minres, gmres, bicgstab, jacobi, gs, sor, ssor
}

/// The preconditioners the CLI offers (`--precond`).
enum PreconditionerName: String, CaseIterable {
    case none, jacobi, ssor, ic0, ilu0, amg
}

/// Builds preconditioners and runs iterative methods by name: the one place where CLI names
/// map to library types, shared by `solve` and `bench convergence`.
struct IterativeRunner {
    var method: IterativeMethodName
    var precond: PreconditionerName
    /// Relaxation factor for sor/ssor (solver or preconditioner).
    var omega: Double = 1.0
    /// GMRES restart length.
    var restart: Int = 30
    /// Threads for the operator's SpMV (1 = the serial kernel).
    var threads: Int = 1

    /// `pcg` without `--precond` means Jacobi-preconditioned CG.
    var effectivePreconditioner: PreconditionerName {
        (method == .pcg && precond == .none) ? .jacobi : precond
    }

    var label: String {
        let p = effectivePreconditioner
        switch method {
        case .jacobi, .gs, .sor, .ssor: return method.rawValue
        default: return p == .none ? method.rawValue : "\(method.rawValue)+\(p.rawValue)"
        }
    }

    /// Builds the preconditioner (its setup time is measured by the caller).
    func makePreconditioner(_ a: CSRMatrix) throws -> (any Preconditioner)? {
        switch effectivePreconditioner {
        case .none: return nil
        case .jacobi: return try JacobiPreconditioner(a)
        case .ssor: return try SSORPreconditioner(a, omega: omega)
        case .ic0: return try IncompleteCholesky(a, shiftStrategy: .automatic())
        case .ilu0: return try IncompleteLU(a, shiftStrategy: .automatic())
        case .amg: return try SmoothedAggregationAMG(a)
        }
    }

    /// Runs the method. Preconditioner errors come back as thrown errors (reported as "not solved").
    func run(_ a: CSRMatrix, _ b: [Double], options: SolveOptions) throws -> SolveResult {
        let clock = Stopwatch()
        switch method {
        case .jacobi: return Jacobi.solve(A: a, b: b, options: options)
        case .gs: return GaussSeidel.solve(A: a, b: b, options: options)
        case .sor: return SOR.solve(A: a, b: b, omega: omega, options: options)
        case .ssor: return SSOR.solve(A: a, b: b, omega: omega, options: options)
        default: break
        }
        let m = try makePreconditioner(a)
        let setup = clock.elapsed
        var result: SolveResult
        if threads > 1 {
            result = runKrylov(ParallelCSROperator(a, threads: threads), b, m, options)
        } else {
            result = runKrylov(a, b, m, options)
        }
        result.setupTime = setup   // preconditioner construction, measured here for every method
        return result
    }

    private func runKrylov(_ op: some LinearOperator, _ b: [Double], _ m: (any Preconditioner)?,
                           _ options: SolveOptions) -> SolveResult {
        switch method {
        case .cg, .pcg: return Krylov.cg(op, b, preconditioner: m, options: options)
        case .minres: return Krylov.minres(op, b, preconditioner: m, options: options)
        case .gmres: return Krylov.gmres(op, b, restart: restart, preconditioner: m, options: options)
        case .bicgstab: return Krylov.bicgstab(op, b, preconditioner: m, options: options)
        case .jacobi, .gs, .sor, .ssor: fatalError("stationary methods are handled in run")
        }
    }
}
