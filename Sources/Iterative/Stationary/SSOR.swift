import SparseLA

/// Symmetric SOR as a solver: each iteration is a forward SOR(ω) sweep followed by a backward one
/// (for symmetric `A` the iteration matrix is then symmetrizable, the reason SSOR is the
/// preconditioner of choice for CG: see `SSORPreconditioner`).
///
/// Cost per iteration: two sweeps (≈ 2 SpMV) plus one SpMV per residual check (every
/// `checkEvery` iterations). Zero diagonal → `.breakdown(.zeroDiagonal)`.
public enum SSOR {
    /// Solves `A x = b` by SSOR(ω) iteration.
    public static func solve(A: CSRMatrix, b: [Double], omega: Double, options: SolveOptions = .init(),
                             checkEvery: Int = 1) -> SolveResult {
        let clock = Stopwatch()
        guard let sweeps = try? RelaxationSweeps(A) else {
            return StationaryIteration.zeroDiagonalResult(A, b, options: options)
        }
        let setup = clock.elapsed
        return StationaryIteration.run(A, b, options: options, checkEvery: checkEvery, needsResidual: false,
                                       setupTime: setup) { b, x, _ in
            sweeps.forward(b: b, x: x, omega: omega)
            sweeps.backward(b: b, x: x, omega: omega)
        }
    }
}
