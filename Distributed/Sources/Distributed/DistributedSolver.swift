import CPETSc
import Iterative

/// The Krylov method PETSc runs (`KSPType`).
public enum DistributedMethod: String, Sendable, CaseIterable {
    /// KSPCG: conjugate gradients, SPD A and SPD preconditioner, left preconditioning.
    case cg
    /// KSPGMRES(restart), classical Gram–Schmidt; right preconditioning when the unpreconditioned
    /// norm is tested (as our `GMRES`).
    case gmres
    /// KSPBCGS (BiCGSTAB); right preconditioning when the unpreconditioned norm is tested.
    case bicgstab

    var kspType: String {
        switch self {
        case .cg: return "cg"
        case .gmres: return "gmres"
        case .bicgstab: return "bcgs"
        }
    }
}

/// The preconditioner PETSc applies (`PCType`).
public enum DistributedPreconditioner: String, Sendable, CaseIterable {
    /// PCNONE.
    case none
    /// PCJACOBI: diagonal scaling (purely local).
    case jacobi
    /// PCBJACOBI with ILU(0) on each rank's diagonal block (= ILU(0) on one rank); couplings
    /// between ranks are dropped, so iterations grow with the rank count.
    case bjacobi
    /// PCGAMG: PETSc's smoothed-aggregation algebraic multigrid.
    case gamg
    /// PCHYPRE with BoomerAMG (classical AMG); only when `PETScRuntime.hasHypre`.
    case hypre
}

/// What to run and when to stop. The stopping rule is ours (see `SolveOptions`): the fields used
/// are `relativeTolerance`, `absoluteTolerance`, `maxIterations` (nil: 10·N, our Krylov default),
/// `reference` (‖b‖ or ‖r₀‖), `residualNorm`, `recordHistory`, `divergenceTolerance`.
/// PETSc tests `‖r‖ ≤ max(rtol·ref, atol)`, ours `‖r‖ ≤ atol + rtol·ref`: identical when atol = 0.
public struct DistributedSolveOptions {
    /// Krylov method.
    public var method: DistributedMethod = .cg
    /// Preconditioner.
    public var preconditioner: DistributedPreconditioner = .none
    /// Stopping rule and history switch (shared with the local solvers).
    public var solve: SolveOptions = SolveOptions()
    /// GMRES restart length.
    public var restart: Int = 30

    /// Defaults: CG, no preconditioner, our default stopping rule.
    public init(method: DistributedMethod = .cg, preconditioner: DistributedPreconditioner = .none,
                solve: SolveOptions = SolveOptions(), restart: Int = 30) {
        self.method = method
        self.preconditioner = preconditioner
        self.solve = solve
        self.restart = restart
    }
}

/// The result of a distributed solve on this rank.
public struct DistributedSolveOutcome {
    /// Our result type. `solution` holds only THIS rank's rows (`rowRange`; gather with
    /// `PETScRuntime.gatherToRoot`). `matVecs` and `preconditionerApplications` are derived from
    /// the iteration count (PETSc does not count them per solve): iterations + 2 (initial and final
    /// true residual) and iterations + 1 (0 without a preconditioner). Times are max over ranks.
    public var result: SolveResult
    /// Rows of the solution held here.
    public var rowRange: Range<Int>
    /// PETSc's `KSPConvergedReason` as a number and as its name (e.g. "CONVERGED_RTOL").
    public var petscReasonCode: Int32
    /// PETSc's name for the reason.
    public var petscReason: String
    /// Ranks that took part.
    public var ranks: Int
}

/// KSP solves on a `DistributedMatrix`.
public enum DistributedSolver {
    /// Solves A x = b, b given by this rank's rows (collective: every rank calls it with the same
    /// options). Returns our `SolveResult` with `StopReason` mapped from `KSPConvergedReason`.
    ///
    /// - Throws: `PETScError` when PETSc rejects the setup (e.g. `.hypre` without hypre, or a
    ///   preconditioner that fails to build); not converging is a `StopReason`, not an error.
    public static func solve(_ a: DistributedMatrix, localRHS: [Double],
                             options: DistributedSolveOptions = DistributedSolveOptions()) throws(PETScError) -> DistributedSolveOutcome {
        if options.preconditioner == .hypre && !PETScRuntime.hasHypre {
            throw .invalidInput("DistributedSolver", "this PETSc build has no hypre (BoomerAMG); use gamg")
        }
        let so = options.solve
        let n = a.globalSize
        let b = try DistributedVector(like: a, local: localRHS)
        var initial = [Double](repeating: 0, count: a.rowRange.count)
        if let x0 = so.initialGuess {
            guard x0.count == n else {
                throw .invalidInput("DistributedSolver", "initial guess has \(x0.count) entries, need \(n)")
            }
            initial = Array(x0[a.rowRange])
        }
        let x = try DistributedVector(like: a, local: initial)
        let r = try DistributedVector(like: a, local: [Double](repeating: 0, count: a.rowRange.count))

        // Reference norm: ‖b‖ or ‖b − A x₀‖.
        let bNorm = try b.norm()
        var referenceNorm = bNorm
        if so.reference == .initialResidual && so.initialGuess != nil {
            referenceNorm = try trueResidual(a, x, b, r)
        }

        var ksp: KSP? = nil
        try petscCheck(KSPCreate(ss_petsc_comm_world(), &ksp), "KSPCreate")
        defer { _ = KSPDestroy(&ksp) }
        try petscCheck(KSPSetOperators(ksp, a.handle, a.handle), "KSPSetOperators")
        try petscCheck(KSPSetType(ksp, options.method.kspType), "KSPSetType(\(options.method.kspType))")
        if options.method == .gmres {
            try petscCheck(KSPGMRESSetRestart(ksp, Int32(max(1, options.restart))), "KSPGMRESSetRestart")
        }
        var pc: PC? = nil
        try petscCheck(KSPGetPC(ksp, &pc), "KSPGetPC")
        switch options.preconditioner {
        case .none: try petscCheck(PCSetType(pc, "none"), "PCSetType(none)")
        case .jacobi: try petscCheck(PCSetType(pc, "jacobi"), "PCSetType(jacobi)")
        case .bjacobi: try petscCheck(PCSetType(pc, "bjacobi"), "PCSetType(bjacobi)")
        case .gamg: try petscCheck(PCSetType(pc, "gamg"), "PCSetType(gamg)")
        case .hypre:
            try petscCheck(PCSetType(pc, "hypre"), "PCSetType(hypre)")
            try petscCheck(PCHYPRESetType(pc, "boomeramg"), "PCHYPRESetType(boomeramg)")
        }
        // Norm and side: unpreconditioned norm needs right preconditioning for GMRES/BiCGSTAB.
        let unpreconditioned = so.residualNorm == .unpreconditioned || options.preconditioner == .none
        if unpreconditioned {
            if options.method != .cg && options.preconditioner != .none {
                try petscCheck(KSPSetPCSide(ksp, PC_RIGHT), "KSPSetPCSide(right)")
            }
            try petscCheck(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED), "KSPSetNormType(unpreconditioned)")
        } else {
            try petscCheck(KSPSetNormType(ksp, KSP_NORM_PRECONDITIONED), "KSPSetNormType(preconditioned)")
        }
        let maxIt = so.maxIterations ?? max(10 * n, 1)
        guard maxIt >= 0, maxIt < Int(Int32.max) else {
            throw .invalidInput("DistributedSolver", "maxIterations \(maxIt) outside 0..<2^31")
        }
        // rtol applies to ‖b‖ by PETSc's default; to ‖r₀‖ after SetUIRNorm (same when x₀ = 0).
        try petscCheck(KSPSetTolerances(ksp, so.relativeTolerance, so.absoluteTolerance,
                                        so.divergenceTolerance, Int32(maxIt)), "KSPSetTolerances")
        if so.initialGuess != nil {
            try petscCheck(KSPSetInitialGuessNonzero(ksp, PETSC_TRUE), "KSPSetInitialGuessNonzero")
            if so.reference == .initialResidual {
                try petscCheck(KSPConvergedDefaultSetUIRNorm(ksp), "KSPConvergedDefaultSetUIRNorm")
            }
        }
        let historyCapacity = so.recordHistory ? min(maxIt + 1, 1_000_000) : 0
        let history = UnsafeMutablePointer<PetscReal>.allocate(capacity: max(historyCapacity, 1))
        defer { history.deallocate() }
        if so.recordHistory {
            try petscCheck(KSPSetResidualHistory(ksp, history, Int32(historyCapacity), PETSC_TRUE), "KSPSetResidualHistory")
        }
        // PETSc options (-ksp_*, -pc_*) given to PETScRuntime.initialize override the above.
        try petscCheck(KSPSetFromOptions(ksp), "KSPSetFromOptions")

        PETScRuntime.barrier()
        let t0 = PETScRuntime.wallTime()
        try petscCheck(KSPSetUp(ksp), "KSPSetUp")
        let setupTime = PETScRuntime.maxOverRanks(PETScRuntime.wallTime() - t0)
        PETScRuntime.barrier()
        let t1 = PETScRuntime.wallTime()
        try petscCheck(KSPSolve(ksp, b.handle, x.handle), "KSPSolve")
        let solveTime = PETScRuntime.maxOverRanks(PETScRuntime.wallTime() - t1)

        var its: PetscInt = 0
        try petscCheck(KSPGetIterationNumber(ksp, &its), "KSPGetIterationNumber")
        var reason = KSP_CONVERGED_ITERATING
        try petscCheck(KSPGetConvergedReason(ksp, &reason), "KSPGetConvergedReason")
        var reasonText: UnsafePointer<CChar>? = nil
        _ = KSPGetConvergedReasonString(ksp, &reasonText)
        var tested: PetscReal = 0
        try petscCheck(KSPGetResidualNorm(ksp, &tested), "KSPGetResidualNorm")
        var historyArray: [Double]? = nil
        if so.recordHistory {
            var hp: UnsafePointer<PetscReal>? = nil
            var count: PetscInt = 0
            try petscCheck(KSPGetResidualHistory(ksp, &hp, &count), "KSPGetResidualHistory")
            historyArray = hp.map { Array(UnsafeBufferPointer(start: $0, count: Int(count))) } ?? []
        }
        let trueRes = try trueResidual(a, x, b, r)
        let local = try x.localValues()
        let status = stopReason(reason, iterations: Int(its))
        let pcApps = options.preconditioner == .none ? 0 : Int(its) + 1
        let result = SolveResult(solution: local, status: status, iterations: Int(its), residualHistory: historyArray,
                                 finalTrueResidual: trueRes, finalTestedResidual: tested, referenceNorm: referenceNorm,
                                 matVecs: Int(its) + 2, preconditionerApplications: pcApps,
                                 setupTime: setupTime, solveTime: solveTime)
        return DistributedSolveOutcome(result: result, rowRange: a.rowRange, petscReasonCode: reason.rawValue,
                                       petscReason: reasonText.map { String(cString: $0) } ?? "UNKNOWN",
                                       ranks: PETScRuntime.size)
    }

    /// ‖b − A x‖₂ into scratch `r` (collective).
    static func trueResidual(_ a: DistributedMatrix, _ x: DistributedVector, _ b: DistributedVector,
                             _ r: DistributedVector) throws(PETScError) -> Double {
        try petscCheck(MatMult(a.handle, x.handle, r.handle), "MatMult")
        try petscCheck(VecAYPX(r.handle, -1, b.handle), "VecAYPX")
        return try r.norm()
    }

    /// Maps PETSc's `KSPConvergedReason` to our `StopReason` (stable, documented):
    /// CONVERGED_RTOL/ATOL(_NORMAL)/HAPPY_BREAKDOWN/STEP_LENGTH → `.converged(.tolerance)`
    /// (`.initialGuess` at 0 iterations); DIVERGED_ITS → `.maxIterations`; DIVERGED_DTOL →
    /// `.diverged`; DIVERGED_BREAKDOWN(_BICG) → `.breakdown(.recurrenceZero)`; DIVERGED_INDEFINITE_PC →
    /// `.breakdown(.indefinitePreconditioner)`; DIVERGED_INDEFINITE_MAT / NONSYMMETRIC →
    /// `.breakdown(.nonPositiveCurvature)`; DIVERGED_NANORINF → `.notFinite`; DIVERGED_PC_FAILED →
    /// `.breakdown(.zeroDiagonal)`; anything else (e.g. DIVERGED_NULL) → `.stagnated`.
    public static func stopReason(_ reason: KSPConvergedReason, iterations: Int) -> StopReason {
        switch reason {
        case KSP_CONVERGED_RTOL, KSP_CONVERGED_ATOL, KSP_CONVERGED_RTOL_NORMAL, KSP_CONVERGED_ATOL_NORMAL,
             KSP_CONVERGED_HAPPY_BREAKDOWN, KSP_CONVERGED_STEP_LENGTH, KSP_CONVERGED_ITS:
            return .converged(iterations == 0 ? .initialGuess : .tolerance)
        case KSP_DIVERGED_ITS: return .maxIterations
        case KSP_DIVERGED_DTOL: return .diverged
        case KSP_DIVERGED_BREAKDOWN, KSP_DIVERGED_BREAKDOWN_BICG: return .breakdown(.recurrenceZero)
        case KSP_DIVERGED_INDEFINITE_PC: return .breakdown(.indefinitePreconditioner)
        case KSP_DIVERGED_INDEFINITE_MAT, KSP_DIVERGED_NONSYMMETRIC: return .breakdown(.nonPositiveCurvature)
        case KSP_DIVERGED_NANORINF: return .notFinite
        case KSP_DIVERGED_PC_FAILED: return .breakdown(.zeroDiagonal)
        default: return .stagnated
        }
    }
}
