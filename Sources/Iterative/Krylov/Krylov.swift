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
