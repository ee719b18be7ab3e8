import Foundation
import SparseLA
import Iterative

/// Preconditioner choice for the Krylov solve of the Riesz collocation system.
public enum RieszPreconditionerKind: String, Sendable, CaseIterable {
    /// No preconditioner.
    case none
    /// τ(f_{p,α}) sine-transform preconditioner (`TauPreconditioner`).
    case tau
    /// Strang circulant from the central Toeplitz part (`CirculantPreconditioner`).
    case circulant
}

/// Solves Â c = h^α s (manufactured problem) with right-preconditioned GMRES(`restart`) on the FFT
/// operator, stopping when ‖b − Â c‖ ≤ `relativeTolerance` ‖b‖ (x₀ = 0, so ‖b‖ = ‖r₀‖), at most
/// `maxIterations` inner steps (default 10 N). The restart length is capped so the Krylov basis
/// stays ≤ 2^27 doubles (1 GiB). Operator and preconditioner setup are inside
/// `solveSeconds`; assembly is reported separately. Not converging is reported in `status`.
public func rieszSolveGMRES(_ problem: RieszCollocation, preconditioner kind: RieszPreconditionerKind,
                            relativeTolerance: Double = 1e-10, restart: Int = 400, maxIterations: Int? = nil,
                            planning: FFTWPlanning = .measure, errorSamples: Int = 4001) -> RieszSolveReport {
    let m = RieszManufacturedSolution(alpha: problem.alpha)
    var w = Stopwatch()
    let matrix = RieszCollocationMatrix(problem: problem)
    let assembly = w.restart()
    let b = rieszManufacturedRHS(problem, m)
    let op = ToeplitzFFTOperator(matrix: matrix, planning: planning)
    let pc: (any Preconditioner)?
    switch kind {
    case .none: pc = nil
    case .tau: pc = TauPreconditioner(problem: problem, planning: planning)
    case .circulant: pc = CirculantPreconditioner(matrix: matrix, planning: planning)
    }
    var options = SolveOptions(relativeTolerance: relativeTolerance, absoluteTolerance: 0,
                               maxIterations: maxIterations ?? 10 * problem.size)
    options.reference = .rightHandSide
    // Cap the Krylov basis at 2^27 doubles (1 GiB) so huge N cannot trigger an absurd allocation.
    let effectiveRestart = max(1, min(restart, (1 << 27) / max(problem.size, 1)))
    let gmres = GMRES(size: problem.size, restart: effectiveRestart)
    let result = gmres.solve(op, b, preconditioner: pc, options: options)
    let solve = w.elapsed
    let err = errorSamples > 1 ? rieszMaxError(problem, coefficients: result.solution, exact: m.solution, samples: errorSamples) : .nan
    return RieszSolveReport(size: problem.size, coefficients: result.solution, maxError: err,
                            iterations: result.iterations, status: result.status.name,
                            assemblySeconds: assembly, solveSeconds: solve)
}
