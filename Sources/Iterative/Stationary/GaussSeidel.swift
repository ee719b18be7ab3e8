import SparseLA

/// Forward Gauss-Seidel (SOR with ω = 1) as a solver: converges for SPD and for diagonally
/// dominant matrices. See `SOR` for the stopping test and statistics.
public enum GaussSeidel {
    /// Solves `A x = b` by forward Gauss-Seidel sweeps; the true residual is checked every
    /// `checkEvery` sweeps (each check costs one SpMV).
    public static func solve(A: CSRMatrix, b: [Double], options: SolveOptions = .init(), checkEvery: Int = 1) -> SolveResult {
        SOR.solve(A: A, b: b, omega: 1, options: options, checkEvery: checkEvery)
    }
}
