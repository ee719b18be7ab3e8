import SparseLA

/// The deep conjugate direction method (DCDM; Kaneda et al., ICML 2023) for symmetric positive
/// definite `A`, with any `DirectionProposer` in place of the paper's network.
///
/// Iteration (ITERATIVE.md §2.3, `dcdm()` of the reference code):
/// ```
/// r = b − A x₀
/// repeat:  q = f(r/‖r‖)
///          q ← q − Σ_{j∈last s} (qᵀA p_j)/(p_jᵀA p_j) p_j      (A-orthogonalise, s = 2)
///          α = qᵀr / qᵀAq ;  x ← x + α q
///          r = b − A x                                        (true residual, recomputed)
/// ```
/// With `f` = identity this is CG, with `f` = M⁻¹ (SPD) it is PCG, with `f` = A⁻¹ it converges in
/// one step. Because the residual is recomputed each iteration, the tested norm is the true
/// residual and no drift check is needed.
///
/// A reusable workspace: `init(size:directions:)` allocates every work vector once (x, r, the
/// normalised residual, q, Aq, and s past directions with their A-images); a solve allocates only
/// the returned solution (and the history when requested).
///
/// Per iteration: one proposer call, two operator applications (`Aq` and the true residual; the
/// coefficients qᵀA p_j use the stored images A p_j), and O(s·n) vector work.
///
/// Stopping: the rule of `SolveOptions` on ‖b − A x‖₂ (`.preconditioned` falls back to it).
/// Default cap when `maxIterations` is nil: 10 n. `qᵀAq ≤ 0` (A not SPD, or the proposer returned
/// a direction A-dependent on the previous ones, e.g. zero) ends with
/// `.breakdown(.nonPositiveCurvature)`; NaN/Inf (including from the proposer) with `.notFinite`.
public final class DeepConjugateDirection {
    /// The system size this workspace serves.
    public let size: Int
    /// How many previous directions each new one is A-orthogonalised against (paper: 2).
    public let directions: Int
    private let work: VectorBlock

    /// Allocates a workspace for `size x size` systems, orthogonalising against `directions`
    /// previous directions (≥ 0; 2 in the paper). Memory: (5 + 2·directions)·size doubles.
    public init(size: Int, directions: Int = 2) {
        precondition(size >= 0, "DeepConjugateDirection: negative size \(size)")
        precondition(directions >= 0, "DeepConjugateDirection: negative direction count \(directions)")
        self.size = size
        self.directions = directions
        work = VectorBlock(n: size, count: 5 + 2 * directions)
    }

    /// Solves `A x = b` with search directions proposed by `proposer`.
    /// - Parameters:
    ///   - A: a square SPD operator with `size` rows.
    ///   - b: right-hand side, `size` entries.
    ///   - proposer: maps the normalised residual to a direction (see `DirectionProposer`).
    ///   - options: tolerances, cap, initial guess, history, monitor (see `SolveOptions`).
    /// - Returns: the solution and statistics; `preconditionerApplications` counts proposer calls.
    /// - Precondition: dimensions agree.
    /// Complexity: per iteration two operator applications + one proposer call + O(s·n).
    public func solve(_ A: some LinearOperator, _ b: [Double], proposer: some DirectionProposer,
                      options: SolveOptions = .init()) -> SolveResult {
        let n = size
        checkSolveDimensions("DCDM", operator: A, b: b, n: n, auxiliary: ("proposer", proposer.size))
        if n == 0 { return emptySystemResult(options: options) }
        let clock = Stopwatch()
        let x = work.vector(0), r = work.vector(1), rhat = work.vector(2), q = work.vector(3), aq = work.vector(4)
        let s = directions
        // Ring buffer of past directions p_j and their images A p_j, with pᵀAp cached.
        var pAp = [Double](repeating: 0, count: s)
        var stored = 0, head = 0
        let xb = UnsafeBufferPointer(start: UnsafePointer(x), count: n)

        return b.withUnsafeBufferPointer { bb -> SolveResult in
            let bp = bb.baseAddress!
            var matVecs = 0, proposals = 0
            var rn = A.initialResidual(b: bp, x: x, into: r, n: n, options: options, matVecs: &matVecs)
            let bNorm = Vec.norm(bp, n)
            var control = IterationControl(options: options, bNorm: bNorm, r0Norm: rn, defaultMax: 10 * n, clock: clock)
            var k = 0
            var status: StopReason
            if let st = control.initialDecision() {
                status = st
            } else {
                loop: while true {
                    let inv = 1 / rn
                    for i in 0..<n { rhat[i] = r[i] * inv }
                    proposer.propose(UnsafeBufferPointer(start: rhat, count: n), into: UnsafeMutableBufferPointer(start: q, count: n))
                    proposals += 1
                    // A-orthogonalise against stored directions (classical Gram–Schmidt in the A
                    // inner product, as in the reference code: coefficients from the raw q).
                    // qᵀA p_j = qᵀ(A p_j) with the stored images: no extra operator application.
                    for j in 0..<stored {
                        let slot = (head - 1 - j + s) % s
                        let p = work.vector(5 + slot), ap = work.vector(5 + s + slot)
                        let c = Vec.dot(q, ap, n) / pAp[slot]
                        for i in 0..<n { q[i] -= c * p[i] }
                    }
                    A.apply(UnsafeBufferPointer(start: q, count: n), into: UnsafeMutableBufferPointer(start: aq, count: n))
                    matVecs += 1
                    let qAq = Vec.dot(q, aq, n)
                    if !(qAq > 0) {
                        status = qAq.isNaN || qAq.isInfinite ? .notFinite : .breakdown(.nonPositiveCurvature)
                        break
                    }
                    let alpha = Vec.dot(q, r, n) / qAq
                    Vec.axpy(alpha, q, x, n)
                    rn = A.residual(b: bp, x: x, into: r, n: n)
                    matVecs += 1
                    k += 1
                    if s > 0 {
                        let p = work.vector(5 + head), ap = work.vector(5 + s + head)
                        Vec.copy(q, p, n)
                        Vec.copy(aq, ap, n)
                        pAp[head] = qAq
                        head = (head + 1) % s
                        stored = min(stored + 1, s)
                    }
                    switch control.afterIteration(k, norm: rn, x: xb) {
                    case .proceed:
                        continue
                    case .stop(let st):
                        status = st
                        break loop
                    case .verify:
                        // The tested norm is already the true residual.
                        if let st = control.verify(trueResidual: rn, testedNorm: rn) {
                            status = st
                            break loop
                        }
                        if case .stop(let st) = control.checks(k, norm: rn, x: xb) {
                            status = st
                            break loop
                        }
                    }
                }
            }
            return makeResult(operator: A, b: bp, x: x, scratch: rhat, n: n, status: status, iterations: k,
                              control: control, trueResidual: rn, testedResidual: rn,
                              matVecs: matVecs, preconditionerApplications: proposals, setupTime: 0)
        }
    }
}

extension Krylov {
    /// One-call DCDM (see `DeepConjugateDirection`); builds a fresh workspace.
    public static func dcdm(_ A: some LinearOperator, _ b: [Double], proposer: some DirectionProposer,
                            directions: Int = 2, options: SolveOptions = .init()) -> SolveResult {
        DeepConjugateDirection(size: A.rows, directions: directions).solve(A, b, proposer: proposer, options: options)
    }
}
