import SparseLA

/// Restarted GMRES(m) with right preconditioning, for general square `A`.
///
/// Minimizes ‖b − A M⁻¹ y‖₂ over a Krylov space of dimension ≤ m, then restarts. Arnoldi with
/// modified Gram–Schmidt; the Hessenberg least-squares problem is kept triangular with Givens
/// rotations, so the residual estimate |gⱼ₊₁| is available every inner iteration at no cost.
/// Right preconditioning means the estimate is the *unpreconditioned* residual norm (the option
/// `residualNorm` is ignored: GMRES always tests ‖b − A x‖₂). At every restart, and before
/// returning `.converged`, the true residual b − A x is recomputed (one extra matvec per cycle).
///
/// Workspace: `init(size:restart:)` allocates (m + 5) vectors of n plus O(m²) scalars; each solve
/// then allocates only the returned solution (and history when asked). The iterate is formed only
/// at the end of a cycle (x += M⁻¹ V y, one preconditioner application per cycle), so the monitor
/// receives an empty `solution` inside a cycle.
///
/// `iterations` counts inner (Arnoldi) steps summed over cycles; default cap 10 n of them.
/// Stops: `.converged`, `.maxIterations`, `.stagnated` (window, or the true residual cannot
/// reach the tolerance), `.breakdown(.recurrenceZero)` when the Hessenberg matrix becomes
/// exactly singular (A or M⁻¹ singular on the Krylov space), `.notFinite`, `.cancelled`,
/// `.timeLimit`, `.diverged` (cannot happen in exact arithmetic: GMRES residuals are monotone).
public final class GMRES {
    /// System size.
    public let size: Int
    /// Restart length m (Krylov dimension per cycle).
    public let restart: Int
    private let work: VectorBlock      // x, r(=w), t, scratch, then V₀…V_m
    private var h: [Double]            // (m+1) x m column-major Hessenberg
    private var cs: [Double], sn: [Double], g: [Double], y: [Double]

    /// Allocates a GMRES(m) workspace. `restart` is clamped to [1, max(size, 1)].
    public init(size: Int, restart: Int = 30) {
        precondition(size >= 0, "GMRES: negative size \(size)")
        self.size = size
        let m = max(1, min(restart, max(size, 1)))
        self.restart = m
        work = VectorBlock(n: size, count: 4 + m + 1)
        h = [Double](repeating: 0, count: (m + 1) * m)
        cs = [Double](repeating: 0, count: m)
        sn = [Double](repeating: 0, count: m)
        g = [Double](repeating: 0, count: m + 1)
        y = [Double](repeating: 0, count: m)
    }

    /// Solves `A x = b`. `preconditioner` is applied on the right (`A M⁻¹ u = b, x = M⁻¹ u`), so
    /// it need not be symmetric.
    /// - Precondition: dimensions agree.
    /// Complexity per inner step j: one matvec, one preconditioner application, O(j n) for
    /// orthogonalization.
    public func solve(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                      options: SolveOptions = .init()) -> SolveResult {
        let n = size, m = restart
        checkSolveDimensions("GMRES", operator: A, b: b, n: n, auxiliary: preconditioner.map { (what: "preconditioner", size: $0.size) })
        if n == 0 { return emptySystemResult(options: options) }
        let clock = Stopwatch()
        let M = preconditioner
        let x = work.vector(0), r = work.vector(1), t = work.vector(2), scratch = work.vector(3)
        func v(_ i: Int) -> UnsafeMutablePointer<Double> { work.vector(4 + i) }
        let empty = UnsafeBufferPointer<Double>(start: nil, count: 0)

        return b.withUnsafeBufferPointer { bb -> SolveResult in
            let bp = bb.baseAddress!
            var matVecs = 0, precApps = 0
            _ = options.loadInitialGuess(into: x, n: n)
            var beta = A.residual(b: bp, x: x, into: r, n: n)
            matVecs += 1
            var control = IterationControl(options: options, bNorm: Vec.norm(bp, n), r0Norm: beta,
                                           defaultMax: 10 * n, clock: clock)
            var k = 0
            var status: StopReason
            var tested = beta
            if let s = control.initialDecision() {
                status = s
            } else {
                status = .maxIterations
                h.withUnsafeMutableBufferPointer { hb in
                cs.withUnsafeMutableBufferPointer { csb in
                sn.withUnsafeMutableBufferPointer { snb in
                g.withUnsafeMutableBufferPointer { gb in
                y.withUnsafeMutableBufferPointer { yb in
                    let H = hb.baseAddress!, c = csb.baseAddress!, s = snb.baseAddress!
                    let gg = gb.baseAddress!, yy = yb.baseAddress!
                    @inline(__always) func hij(_ i: Int, _ j: Int) -> UnsafeMutablePointer<Double> { H + j * (m + 1) + i }
                    cycles: while true {
                        // r holds b − A x, beta = ‖r‖.
                        let v0 = v(0)
                        let inv = 1 / beta
                        for i in 0..<n { v0[i] = r[i] * inv }
                        gg[0] = beta
                        for i in 1...m { gg[i] = 0 }
                        var jDone = 0
                        var pending: ControlDecision = .proceed
                        for j in 0..<m {
                            // w = A M⁻¹ v_j, into v_{j+1}.
                            let w = v(j + 1)
                            if let M {
                                M.apply(UnsafeBufferPointer(start: v(j), count: n), into: UnsafeMutableBufferPointer(start: t, count: n))
                                precApps += 1
                                A.apply(UnsafeBufferPointer(start: t, count: n), into: UnsafeMutableBufferPointer(start: w, count: n))
                            } else {
                                A.apply(UnsafeBufferPointer(start: v(j), count: n), into: UnsafeMutableBufferPointer(start: w, count: n))
                            }
                            matVecs += 1
                            for i in 0...j {
                                let vi = v(i)
                                let hv = Vec.dot(w, vi, n)
                                hij(i, j).pointee = hv
                                for l in 0..<n { w[l] -= hv * vi[l] }
                            }
                            let hn = Vec.norm(w, n)
                            hij(j + 1, j).pointee = hn
                            if hn > 0 && hn.isFinite {
                                let inv = 1 / hn
                                for l in 0..<n { w[l] *= inv }
                            }
                            // Apply the previous rotations to column j, then a new one.
                            for i in 0..<j {
                                let a = hij(i, j).pointee, bq = hij(i + 1, j).pointee
                                hij(i, j).pointee = c[i] * a + s[i] * bq
                                hij(i + 1, j).pointee = -s[i] * a + c[i] * bq
                            }
                            let a = hij(j, j).pointee, bq = hij(j + 1, j).pointee
                            let denom = (a * a + bq * bq).squareRoot()
                            k += 1
                            if !(denom > 0) {
                                // Exactly singular Hessenberg column: drop it and stop.
                                pending = denom.isNaN ? .stop(.notFinite) : .stop(.breakdown(.recurrenceZero))
                                break
                            }
                            c[j] = a / denom
                            s[j] = bq / denom
                            hij(j, j).pointee = denom
                            hij(j + 1, j).pointee = 0
                            gg[j + 1] = -s[j] * gg[j]
                            gg[j] = c[j] * gg[j]
                            jDone = j + 1
                            tested = abs(gg[j + 1])
                            pending = control.afterIteration(k, norm: tested, x: empty)
                            if case .proceed = pending {
                                if hn == 0 { pending = .verify; break }   // happy breakdown
                                continue
                            }
                            break
                        }
                        // x += M⁻¹ V y with H y = g (upper triangular jDone x jDone).
                        if jDone > 0 {
                            var i = jDone - 1
                            while i >= 0 {
                                var sum = gg[i]
                                for l in (i + 1)..<jDone { sum -= hij(i, l).pointee * yy[l] }
                                yy[i] = sum / hij(i, i).pointee
                                i -= 1
                            }
                            let u = M == nil ? x : t
                            if M != nil { Vec.zero(t, n) }
                            for l in 0..<jDone { Vec.axpy(yy[l], v(l), u, n) }
                            if let M {
                                M.apply(UnsafeBufferPointer(start: t, count: n), into: UnsafeMutableBufferPointer(start: scratch, count: n))
                                precApps += 1
                                for l in 0..<n { x[l] += scratch[l] }
                            }
                        }
                        beta = A.residual(b: bp, x: x, into: r, n: n)
                        matVecs += 1
                        control.noteTrueResidual(beta)
                        let xb = UnsafeBufferPointer(start: UnsafePointer(x), count: n)
                        switch pending {
                        case .stop(let st):
                            status = st
                            break cycles
                        case .verify:
                            if let st = control.verify(trueResidual: beta, testedNorm: tested) { status = st; break cycles }
                            if case .stop(let st) = control.checks(k, norm: tested, x: xb) { status = st; break cycles }
                        case .proceed:
                            // End of a cycle without convergence: the true residual restarts the next.
                            if !beta.isFinite { status = .notFinite; break cycles }
                            if beta <= control.threshold {
                                // Estimate lagged behind the true residual: converged.
                                status = .converged(.tolerance)
                                break cycles
                            }
                        }
                    }
                }}}}}
            }
            return makeResult(operator: A, b: bp, x: x, scratch: scratch, n: n, status: status, iterations: k,
                              control: control, trueResidual: beta, testedResidual: tested, matVecs: matVecs,
                              preconditionerApplications: precApps, setupTime: M?.setupTime ?? 0)
        }
    }
}
