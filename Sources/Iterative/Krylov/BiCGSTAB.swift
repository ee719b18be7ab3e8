import SparseLA

/// BiCGSTAB (van der Vorst) with right preconditioning, for general square `A`.
///
/// Per iteration: two matvecs, two preconditioner applications, a handful of fused vector passes.
/// The shadow residual is r̂ = r₀. The tested norm is the recurrence residual ‖r‖₂ (right
/// preconditioning: unpreconditioned; `residualNorm` is ignored), also tested after the half step
/// `s = r − αv` as SciPy does; before `.converged` the true residual is recomputed.
///
/// Workspace: `init(size:)` allocates 9 vectors; solves allocate only the result.
/// Default cap 10 n iterations.
/// Breakdowns (`.breakdown(.recurrenceZero)`): ρ = r̂ᵀr ≈ 0, r̂ᵀv ≈ 0, or ω = 0 (also when
/// tᵀt = 0); "≈ 0" means below ε²·‖r̂‖·‖·‖ in magnitude.
public final class BiCGSTAB {
    /// System size.
    public let size: Int
    private let work: VectorBlock

    /// Allocates a workspace for `size x size` systems.
    public init(size: Int) {
        precondition(size >= 0, "BiCGSTAB: negative size \(size)")
        self.size = size
        work = VectorBlock(n: size, count: 9)
    }

    /// Solves `A x = b` (preconditioner applied on the right: it need not be symmetric).
    /// - Precondition: dimensions agree.
    public func solve(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                      options: SolveOptions = .init()) -> SolveResult {
        let n = size
        checkSolveDimensions("BiCGSTAB", operator: A, b: b, n: n, auxiliary: preconditioner.map { (what: "preconditioner", size: $0.size) })
        if n == 0 { return emptySystemResult(options: options) }
        let clock = Stopwatch()
        let M = preconditioner
        let x = work.vector(0), r = work.vector(1), rhat = work.vector(2), p = work.vector(3)
        let v = work.vector(4), t = work.vector(5), phatBuf = work.vector(6), shatBuf = work.vector(7)
        let scratch = work.vector(8)
        let phat = M == nil ? p : phatBuf
        let shat = M == nil ? r : shatBuf      // s is stored in r
        let xb = UnsafeBufferPointer(start: UnsafePointer(x), count: n)
        let tiny = Double.ulpOfOne * Double.ulpOfOne

        @inline(__always) func matvec(_ from: UnsafeMutablePointer<Double>, _ to: UnsafeMutablePointer<Double>) {
            A.apply(UnsafeBufferPointer(start: from, count: n), into: UnsafeMutableBufferPointer(start: to, count: n))
        }

        return b.withUnsafeBufferPointer { bb -> SolveResult in
            let bp = bb.baseAddress!
            var matVecs = 0, precApps = 0
            var rn = A.initialResidual(b: bp, x: x, into: r, n: n, options: options, matVecs: &matVecs)
            Vec.copy(r, rhat, n)
            let rhatNorm = rn
            var control = IterationControl(options: options, bNorm: Vec.norm(bp, n), r0Norm: rn,
                                           defaultMax: 10 * n, clock: clock)
            var k = 0
            var status: StopReason
            var trueResidual: Double? = nil
            if let s = control.initialDecision() {
                status = s
                trueResidual = rn
            } else {
                var rhoPrev = 1.0, alpha = 1.0, omega = 1.0
                var fresh = true
                // Handles a control decision; returns a status to stop with.
                func handle(_ d: ControlDecision, _ norm: Double) -> StopReason? {
                    switch d {
                    case .proceed: return nil
                    case .stop(let s): return s
                    case .verify:
                        let tr = A.residual(b: bp, x: x, into: scratch, n: n)
                        matVecs += 1
                        trueResidual = tr
                        if let s = control.verify(trueResidual: tr, testedNorm: norm) { return s }
                        if case .stop(let s) = control.checks(k, norm: norm, x: xb) { return s }
                        // Continue from the true residual with a fresh recurrence.
                        Vec.copy(scratch, r, n)
                        rn = tr
                        fresh = true
                        trueResidual = nil
                        return nil
                    }
                }
                loop: while true {
                    let rho = Vec.dot(rhat, r, n)
                    if !rho.isFinite { status = .notFinite; break }
                    if abs(rho) <= tiny * rhatNorm * rn { status = .breakdown(.recurrenceZero); break }
                    if fresh {
                        Vec.copy(r, p, n)
                        fresh = false
                    } else {
                        let beta = (rho / rhoPrev) * (alpha / omega)
                        for i in 0..<n { p[i] = r[i] + beta * (p[i] - omega * v[i]) }
                    }
                    if let M {
                        M.apply(UnsafeBufferPointer(start: p, count: n), into: UnsafeMutableBufferPointer(start: phat, count: n))
                        precApps += 1
                    }
                    matvec(phat, v)
                    matVecs += 1
                    let rv = Vec.dot(rhat, v, n)
                    if !rv.isFinite { status = .notFinite; break }
                    if abs(rv) <= tiny * rhatNorm * Vec.norm(v, n) || rv == 0 { status = .breakdown(.recurrenceZero); break }
                    alpha = rho / rv
                    // s = r − αv (in r), with ‖s‖.
                    var ss = 0.0
                    for i in 0..<n { let si = r[i] - alpha * v[i]; r[i] = si; ss += si * si }
                    let sn = ss.squareRoot()
                    rhoPrev = rho
                    if sn <= control.target || !sn.isFinite {
                        // Half step suffices: x += α p̂.
                        Vec.axpy(alpha, phat, x, n)
                        k += 1
                        rn = sn
                        if let s = handle(control.afterIteration(k, norm: sn, x: xb), sn) { status = s; break }
                        continue
                    }
                    if let M {
                        M.apply(UnsafeBufferPointer(start: r, count: n), into: UnsafeMutableBufferPointer(start: shat, count: n))
                        precApps += 1
                    }
                    matvec(shat, t)
                    matVecs += 1
                    var tt = 0.0, ts = 0.0
                    for i in 0..<n { let ti = t[i]; tt += ti * ti; ts += ti * r[i] }
                    if !(tt.isFinite && ts.isFinite) { status = .notFinite; break }
                    if tt == 0 || ts == 0 {
                        // ω = 0: take the half step and stop.
                        Vec.axpy(alpha, phat, x, n)
                        k += 1
                        status = .breakdown(.recurrenceZero)
                        break
                    }
                    omega = ts / tt
                    var rr = 0.0
                    for i in 0..<n {
                        x[i] += alpha * phat[i] + omega * shat[i]
                        let ri = r[i] - omega * t[i]
                        r[i] = ri
                        rr += ri * ri
                    }
                    rn = rr.squareRoot()
                    k += 1
                    if let s = handle(control.afterIteration(k, norm: rn, x: xb), rn) { status = s; break loop }
                }
            }
            return makeResult(operator: A, b: bp, x: x, scratch: scratch, n: n, status: status, iterations: k,
                              control: control, trueResidual: trueResidual, testedResidual: rn, matVecs: matVecs,
                              preconditionerApplications: precApps, setupTime: M?.setupTime ?? 0)
        }
    }
}
