import SparseLA

/// Successive over-relaxation: forward sweeps `x ← x + M⁻¹(b − A x)`, `M = D/ω + L`, as a solver
/// (Paper 1's `sor.m`: x₀ = 0 and ‖r‖/‖r₀‖ < tol give the same iteration counts with
/// `SolveOptions(relativeTolerance: tol)`; default cap 10 000).
///
/// Converges for SPD `A` when 0 < ω < 2. Each iteration: one sweep (O(nnz)); every `checkEvery`
/// iterations one SpMV for the true residual and the stopping test. A zero, missing or non-finite
/// diagonal ends the solve with `.breakdown(.zeroDiagonal)`; ω outside (0, 2) is allowed and
/// typically ends in `.diverged`/`.maxIterations`.
public enum SOR {
    /// Solves `A x = b` by SOR(ω). `iterations` in the result is the sweep count.
    public static func solve(A: CSRMatrix, b: [Double], omega: Double, options: SolveOptions = .init(),
                             checkEvery: Int = 1) -> SolveResult {
        let clock = Stopwatch()
        guard let sweeps = try? RelaxationSweeps(A) else {
            return StationaryIteration.zeroDiagonalResult(A, b, options: options)
        }
        return solve(sweeps: sweeps, b: b, omega: omega, options: options, checkEvery: checkEvery, setupTime: clock.elapsed)
    }

    /// SOR with prepared sweeps (reuse across many solves with the same matrix, e.g. ω tuning).
    public static func solve(sweeps: RelaxationSweeps, b: [Double], omega: Double, options: SolveOptions = .init(),
                             checkEvery: Int = 1, setupTime: Double = 0) -> SolveResult {
        StationaryIteration.run(sweeps.matrix, b, options: options, checkEvery: checkEvery, needsResidual: false,
                                setupTime: setupTime) { b, x, _ in
            sweeps.forward(b: b, x: x, omega: omega)
        }
    }
}
