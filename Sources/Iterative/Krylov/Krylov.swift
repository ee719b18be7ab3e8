import SparseLA

/// One-line conveniences for the Krylov methods. Each call builds a fresh workspace; for repeated
/// solves of the same size keep a workspace (`ConjugateGradient(size:)` etc.) instead.
public enum Krylov {
    /// Conjugate gradients / preconditioned CG for SPD `A` (see `ConjugateGradient`).
    public static func cg(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                          options: SolveOptions = .init()) -> SolveResult {
        ConjugateGradient(size: A.rows).solve(A, b, preconditioner: preconditioner, options: options)
    }
}

extension Krylov {
    /// MINRES for symmetric (possibly indefinite) `A`, optional SPD preconditioner (see `MINRES`).
    public static func minres(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                              options: SolveOptions = .init()) -> SolveResult {
        MINRES(size: A.rows).solve(A, b, preconditioner: preconditioner, options: options)
    }

    /// Restarted GMRES(`restart`) with right preconditioning for general square `A` (see `GMRES`).
    public static func gmres(_ A: some LinearOperator, _ b: [Double], restart: Int = 30,
                             preconditioner: (any Preconditioner)? = nil, options: SolveOptions = .init()) -> SolveResult {
        GMRES(size: A.rows, restart: restart).solve(A, b, preconditioner: preconditioner, options: options)
    }

    /// Right-preconditioned BiCGSTAB for general square `A` (see `BiCGSTAB`).
    public static func bicgstab(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                                options: SolveOptions = .init()) -> SolveResult {
        BiCGSTAB(size: A.rows).solve(A, b, preconditioner: preconditioner, options: options)
    }
}
