import SparseLA

/// The (weighted) Jacobi iteration `x ← x + ω D⁻¹ (b − A x)` as a solver.
///
/// Converges for strictly diagonally dominant matrices and (with ω small enough) SPD ones.
/// Each iteration: one SpMV for the residual (which is also the stopping test, checked every
/// iteration) and one O(n) update. A zero, missing or non-finite diagonal entry ends the solve
/// immediately with `.breakdown(.zeroDiagonal)`. See `StationaryIteration` for statistics.
public enum Jacobi {
    /// Solves `A x = b` by Jacobi iteration with damping `omega` (1 = plain Jacobi).
    /// Complexity: O(nnz) per iteration. Non-convergent cases end in `.maxIterations` or `.diverged`.
    public static func solve(A: CSRMatrix, b: [Double], omega: Double = 1, options: SolveOptions = .init()) -> SolveResult {
        let clock = Stopwatch()
        guard let sweeps = try? RelaxationSweeps(A) else {
            return StationaryIteration.zeroDiagonalResult(A, b, options: options)
        }
        let setup = clock.elapsed
        return sweeps.inverseDiagonal.withUnsafeBufferPointer { d in
            StationaryIteration.run(A, b, options: options, checkEvery: 1, needsResidual: true, setupTime: setup) { _, x, r in
                for i in 0..<x.count { x[i] += omega * d[i] * r[i] }
            }
        }
    }
}
