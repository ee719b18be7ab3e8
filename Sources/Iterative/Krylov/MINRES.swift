import SparseLA

/// MINRES (Paige–Saunders) for symmetric, possibly indefinite `A`, optionally preconditioned with
/// a symmetric positive definite `M`.
///
/// Minimizes ‖r‖ over the Krylov space with a three-term Lanczos recurrence (short recurrences,
/// 10 work vectors). The recurrence gives φ̄ₖ = ‖rₖ‖_{M⁻¹} (= ‖rₖ‖₂ without a preconditioner) for
/// free; the tested norm is φ̄ₖ·‖r₀‖₂/φ̄₀, i.e. the 2-norm estimate (exact without preconditioner),
/// and before `.converged` the true ‖b − A x‖₂ is recomputed (`residualNorm` is ignored).
/// Same recurrences as `scipy.sparse.linalg.minres` (shift 0).
///
/// Workspace: `init(size:)` allocates 10 vectors; solves allocate only the result.
/// Default cap 10 n iterations.
/// Stops: `.breakdown(.indefinitePreconditioner)` when rᵀM⁻¹r < 0; `.stagnated` when the Lanczos
/// process terminates (β ≤ ε‖Tₖ‖_F) without reaching the tolerance (singular inconsistent system) or the
/// true residual cannot reach it; the other reasons as in `SolveOptions`.
/// A nonsymmetric `A` is not detected; results are then meaningless (use GMRES).
public final class MINRES {
    /// System size.
    public let size: Int
    private let work: VectorBlock

    /// Allocates a workspace for `size x size` systems.
    public init(size: Int) {
        precondition(size >= 0, "MINRES: negative size \(size)")
        self.size = size
        work = VectorBlock(n: size, count: 10)
    }

    /// Solves `A x = b` for symmetric `A`.
    /// - Precondition: dimensions agree.
    public func solve(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                      options: SolveOptions = .init()) -> SolveResult {
        let n = size
        checkSolveDimensions("MINRES", operator: A, b: b, n: n, auxiliary: preconditioner.map { (what: "preconditioner", size: $0.size) })
        if n == 0 { return emptySystemResult(options: options) }
        let clock = Stopwatch()
        let M = preconditioner
        let x = work.vector(0), v = work.vector(1), py = work.vector(2), scratch = work.vector(3)
        var r1 = work.vector(4), r2 = work.vector(5), free = work.vector(6)
        var w = work.vector(7), w2 = work.vector(8), w1 = work.vector(9)
        let xb = UnsafeBufferPointer(start: UnsafePointer(x), count: n)

        return b.withUnsafeBufferPointer { bb -> SolveResult in
            let bp = bb.baseAddress!
            var matVecs = 0, precApps = 0
            let r0 = A.initialResidual(b: bp, x: x, into: r1, n: n, options: options, matVecs: &matVecs)
            Vec.copy(r1, r2, n)
            // y = M⁻¹ r₁ (aliases r₂ without a preconditioner).
            var y: UnsafeMutablePointer<Double> = r2
            var beta1 = r0 * r0
            if let M {
                M.apply(UnsafeBufferPointer(start: r1, count: n), into: UnsafeMutableBufferPointer(start: py, count: n))
                precApps += 1
                y = py
                beta1 = Vec.dot(r1, py, n)
            }
            var control = IterationControl(options: options, bNorm: Vec.norm(bp, n), r0Norm: r0,
                                           defaultMax: 10 * n, clock: clock)
            var k = 0
            var status: StopReason
            var trueResidual: Double? = nil
            var tested = r0
            if let s = control.initialDecision() {
                status = s
                trueResidual = r0
            } else if !(beta1 > 0) {
                status = beta1.isNaN ? .notFinite : .breakdown(.indefinitePreconditioner)
            } else {
                beta1 = beta1.squareRoot()
                let scale = r0 / beta1            // φ̄ (M⁻¹-norm) → 2-norm estimate
                var oldb = 0.0, beta = beta1, dbar = 0.0, epsln = 0.0, phibar = beta1
                var cs = -1.0, sn = 0.0
                var tnorm2 = 0.0                  // ‖T_k‖_F², estimates ‖A‖ (M-scaled)
                Vec.zero(w, n); Vec.zero(w2, n); Vec.zero(w1, n)
                loop: while true {
                    if !(beta > Double.ulpOfOne * tnorm2.squareRoot()) {
                        // Lanczos terminated without reaching the tolerance.
                        status = beta.isNaN ? .notFinite : .stagnated
                        break
                    }
                    let s = 1 / beta
                    for i in 0..<n { v[i] = s * y[i] }
                    A.apply(UnsafeBufferPointer(start: v, count: n), into: UnsafeMutableBufferPointer(start: free, count: n))
                    matVecs += 1
                    if k >= 1 {
                        let c = beta / oldb
                        for i in 0..<n { free[i] -= c * r1[i] }
                    }
                    let alfa = Vec.dot(v, free, n)
                    let c2 = alfa / beta
                    for i in 0..<n { free[i] -= c2 * r2[i] }
                    // r1 ← r2, r2 ← new y, free ← old r1.
                    let oldR1 = r1
                    r1 = r2; r2 = free; free = oldR1
                    oldb = beta
                    if let M {
                        M.apply(UnsafeBufferPointer(start: r2, count: n), into: UnsafeMutableBufferPointer(start: py, count: n))
                        precApps += 1
                        y = py
                        beta = Vec.dot(r2, py, n)
                        if beta < 0 { status = .breakdown(.indefinitePreconditioner); break }
                    } else {
                        y = r2
                        beta = Vec.dot(r2, r2, n)
                    }
                    beta = beta.squareRoot()
                    tnorm2 += alfa * alfa + oldb * oldb + beta * beta
                    // Previous rotation, then the next one.
                    let oldeps = epsln
                    let delta = cs * dbar + sn * alfa
                    let gbar = sn * dbar - cs * alfa
                    epsln = sn * beta
                    dbar = -cs * beta
                    var gamma = (gbar * gbar + beta * beta).squareRoot()
                    gamma = max(gamma, Double.ulpOfOne)
                    cs = gbar / gamma
                    sn = beta / gamma
                    let phi = cs * phibar
                    phibar = sn * phibar
                    // w_new = (v − oldeps·w1 − delta·w2)/gamma with (w1, w2) ← (w2, w); x += φ w_new.
                    let denom = 1 / gamma
                    let nw = w1                      // old w1 is no longer needed
                    let nw1 = w2, nw2 = w
                    for i in 0..<n {
                        let wi = (v[i] - oldeps * nw1[i] - delta * nw2[i]) * denom
                        nw[i] = wi
                        x[i] += phi * wi
                    }
                    w = nw; w1 = nw1; w2 = nw2
                    k += 1
                    tested = abs(phibar) * scale
                    switch control.afterIteration(k, norm: tested, x: xb) {
                    case .proceed: continue
                    case .stop(let st): status = st; break loop
                    case .verify:
                        let tr = A.residual(b: bp, x: x, into: scratch, n: n)
                        matVecs += 1
                        trueResidual = tr
                        if let st = control.verify(trueResidual: tr, testedNorm: tested) { status = st; break loop }
                        if case .stop(let st) = control.checks(k, norm: tested, x: xb) { status = st; break loop }
                        trueResidual = nil
                    }
                }
            }
            return makeResult(operator: A, b: bp, x: x, scratch: scratch, n: n, status: status, iterations: k,
                              control: control, trueResidual: trueResidual, testedResidual: tested, matVecs: matVecs,
                              preconditionerApplications: precApps, setupTime: M?.setupTime ?? 0)
        }
    }
}
