/// Why a breakdown ended a Krylov recurrence.
public enum Breakdown: String, Sendable, Equatable, CaseIterable {
    /// pᵀ A p ≤ 0 in CG: the matrix is not positive definite (or is singular).
    case nonPositiveCurvature
    /// rᵀ M⁻¹ r ≤ 0 in PCG / MINRES: the preconditioner is not positive definite.
    case indefinitePreconditioner
    /// A scalar recurrence (ρ, ω, ⟨r̂, v⟩ in BiCGSTAB) became zero.
    case recurrenceZero
    /// A pivot or diagonal entry needed by a stationary method or factorization is zero.
    case zeroDiagonal
}

/// How a converged solve met its tolerance.
public enum ConvergenceKind: String, Sendable, Equatable {
    /// residual ≤ atol + rtol‖reference‖ with the relative part active.
    case tolerance
    /// The initial guess already solved the system (r₀ below the threshold).
    case initialGuess
}

/// Why a solve stopped. Not converging is data, not an error.
///
/// Like PETSc's `KSPConvergedReason`, meanings are stable: `.converged` is the only success.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// Residual met the stopping rule (see `SolveOptions`).
    case converged(ConvergenceKind)
    /// Hit `maxIterations` first.
    case maxIterations
    /// A recurrence broke down; the associated value says which.
    case breakdown(Breakdown)
    /// The residual stopped decreasing (or the true residual cannot reach the tolerance).
    case stagnated
    /// The residual grew past `divergenceTolerance · ‖r₀‖`.
    case diverged
    /// A NaN or infinity appeared.
    case notFinite
    /// The monitor returned `.stop`.
    case cancelled
    /// `timeLimit` elapsed.
    case timeLimit

    /// Whether the solve succeeded.
    public var isConverged: Bool {
        if case .converged = self { return true }
        return false
    }

    /// A stable machine-readable name (used by the CLI's JSON output).
    public var name: String {
        switch self {
        case .converged: return "converged"
        case .maxIterations: return "max_iterations"
        case .breakdown(let b): return "breakdown_\(b.rawValue)"
        case .stagnated: return "stagnated"
        case .diverged: return "diverged"
        case .notFinite: return "not_finite"
        case .cancelled: return "cancelled"
        case .timeLimit: return "time_limit"
        }
    }

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String { name }
}

/// The outcome of an iterative solve: the solution plus the statistics users ask for.
public struct SolveResult {
    /// The final iterate (also on failure: the best the method had).
    public var solution: [Double]
    /// Why the solve stopped.
    public var status: StopReason
    /// Iterations performed (for GMRES: inner iterations summed over restarts).
    public var iterations: Int
    /// Residual norm after each iteration, entry 0 = initial residual (only when `recordHistory`).
    public var residualHistory: [Double]?
    /// ‖b − A x‖₂ of the returned solution, computed afresh.
    public var finalTrueResidual: Double
    /// The residual norm the stopping test used at the end.
    public var finalTestedResidual: Double
    /// ‖reference‖ (‖b‖ or ‖r₀‖) the relative tolerance was applied to.
    public var referenceNorm: Double
    /// Operator applications (including the residual checks).
    public var matVecs: Int
    /// Preconditioner applications.
    public var preconditionerApplications: Int
    /// Seconds spent on setup (preconditioner construction, passed in by the caller).
    public var setupTime: Double
    /// Seconds spent in the iteration.
    public var solveTime: Double

    /// Memberwise initializer (used by the solvers; each argument sets the property of the same name).
    public init(solution: [Double], status: StopReason, iterations: Int, residualHistory: [Double]?,
                finalTrueResidual: Double, finalTestedResidual: Double, referenceNorm: Double,
                matVecs: Int, preconditionerApplications: Int, setupTime: Double, solveTime: Double) {
        self.solution = solution
        self.status = status
        self.iterations = iterations
        self.residualHistory = residualHistory
        self.finalTrueResidual = finalTrueResidual
        self.finalTestedResidual = finalTestedResidual
        self.referenceNorm = referenceNorm
        self.matVecs = matVecs
        self.preconditionerApplications = preconditionerApplications
        self.setupTime = setupTime
        self.solveTime = solveTime
    }

    /// Whether the solve converged.
    public var converged: Bool { status.isConverged }
}
