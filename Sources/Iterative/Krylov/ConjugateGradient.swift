import SparseLA

/// Conjugate gradients (Hestenes–Stiefel) for symmetric positive definite `A`, optionally
/// preconditioned with a symmetric positive definite `M` (PCG). One implementation: without a
/// preconditioner `z = r` and no copy is made.
///
/// A reusable workspace: `init(size:)` allocates the five work vectors once; every `solve`
/// afterwards allocates only the returned solution array (and the residual history when
/// `recordHistory` is on, which grows by appending).
///
/// Per iteration: one operator application, one preconditioner application (if any), and three
/// fused passes over the vectors: `p ← z + βp`; `q ← A p` together with `pᵀq` (fused into the
/// SpMV when `A` is a `CSRMatrix`); `x ← x + αp`, `r ← r − αq` together with `rᵀr`.
///
/// Stopping: the rule of `SolveOptions`. The tested norm is the recurrence residual ‖r‖₂ (or
/// ‖M⁻¹r‖₂ with `.preconditioned`); before returning `.converged` the true residual is recomputed
/// (see the true-residual gate: drift beyond the tolerance ends in `.stagnated`).
/// Iteration cap when `maxIterations` is nil: 10 n (SciPy's default).
///
/// Breakdowns: `pᵀAp ≤ 0` → `.breakdown(.nonPositiveCurvature)` (A not SPD);
/// `rᵀM⁻¹r ≤ 0` → `.breakdown(.indefinitePreconditioner)`; NaN/Inf → `.notFinite`.
///
/// With `SolveOptions.scipy(rtol:)` and x₀ = 0 the iterates and iteration counts are those of
/// `scipy.sparse.linalg.cg` (same recurrences, same test ‖r_k‖ ≤ rtol‖b‖ on the recursive residual)
/// up to rounding; SciPy does not verify the true residual, so on matrices whose recurrence drifts
/// we may iterate longer or report `.stagnated` where SciPy reports success.
public final class ConjugateGradient {
    /// The system size this workspace serves.
    public let size: Int
    private let work: VectorBlock

    /// Allocates a workspace for `size x size` systems (6 vectors of `size` doubles).
    public init(size: Int) {
        precondition(size >= 0, "ConjugateGradient: negative size \(size)")
        self.size = size
        work = VectorBlock(n: size, count: 6)
    }

    /// Solves `A x = b`.
    /// - Parameters:
    ///   - A: a square operator with `size` rows (SPD for the method to be meaningful).
    ///   - b: right-hand side, `size` entries.
    ///   - preconditioner: an SPD approximate inverse `M⁻¹`, or nil for plain CG.
    ///   - options: tolerances, cap, initial guess, history, monitor (see `SolveOptions`).
    /// - Returns: the solution and statistics; non-convergence is reported in `status`.
    /// - Precondition: dimensions agree (a programming error otherwise).
    /// Complexity: per iteration O(nnz(A) + n) plus one preconditioner application.
    public func solve(_ A: some LinearOperator, _ b: [Double], preconditioner: (any Preconditioner)? = nil,
                      options: SolveOptions = .init()) -> SolveResult {
        let n = size
        checkSolveDimensions("CG", operator: A, b: b, n: n, auxiliary: preconditioner.map { (what: "preconditioner", size: $0.size) })
        if n == 0 { return emptySystemResult(options: options) }
        let clock = Stopwatch()
        let csr = A as? CSRMatrix
        let x = work.vector(0), r = work.vector(1), p = work.vector(2), q = work.vector(3)
        let zbuf = work.vector(4), scratch = work.vector(5)
        let M = preconditioner
        let z = M == nil ? r : zbuf
        let usePrecTest = options.residualNorm == .preconditioned && M != nil
        let xb = UnsafeBufferPointer(start: UnsafePointer(x), count: n)

        return b.withUnsafeBufferPointer { bb -> SolveResult in
            let bp = bb.baseAddress!
            var matVecs = 0, precApps = 0
            var rn = A.initialResidual(b: bp, x: x, into: r, n: n, options: options, matVecs: &matVecs)
            let bNorm = Vec.norm(bp, n)

            // z = M⁻¹ r, ρ = rᵀz, and the tested norm.
            var rho = rn * rn
            var tested = rn
            func applyPreconditioner() {
                guard let M else { return }
                M.apply(UnsafeBufferPointer(start: r, count: n), into: UnsafeMutableBufferPointer(start: zbuf, count: n))
                precApps += 1
                if usePrecTest {
                    var rz = 0.0, zz = 0.0
                    for i in 0..<n { let zi = zbuf[i]; rz += r[i] * zi; zz += zi * zi }
                    rho = rz
                    tested = zz.squareRoot()
                } else {
                    rho = Vec.dot(r, zbuf, n)
                }
            }
            applyPreconditioner()

            var control = IterationControl(options: options, bNorm: bNorm, r0Norm: tested,
                                           defaultMax: 10 * n, clock: clock)
            var k = 0
            var status: StopReason
            var trueResidual: Double? = nil
            if let s = control.initialDecision() {
                status = s
                trueResidual = rn
            } else {
                var rhoPrev = 0.0
                loop: while true {
                    if M != nil && !(rho > 0) {
                        status = rho.isNaN ? .notFinite : .breakdown(.indefinitePreconditioner)
                        break
                    }
                    if k == 0 {
                        Vec.copy(z, p, n)
                    } else {
                        let beta = rho / rhoPrev
                        for i in 0..<n { p[i] = z[i] + beta * p[i] }
                    }
                    let pq: Double
                    if let csr {
                        pq = csr.multiplyDot(p, into: q)
                    } else {
                        A.apply(UnsafeBufferPointer(start: p, count: n), into: UnsafeMutableBufferPointer(start: q, count: n))
                        pq = Vec.dot(p, q, n)
                    }
                    matVecs += 1
                    if !(pq > 0) {
                        status = pq.isNaN || pq.isInfinite ? .notFinite : .breakdown(.nonPositiveCurvature)
                        break
                    }
                    let alpha = rho / pq
                    var rr0 = 0.0, rr1 = 0.0
                    var i = 0
                    while i + 2 <= n {
                        x[i] += alpha * p[i]; x[i + 1] += alpha * p[i + 1]
                        let r0 = r[i] - alpha * q[i], r1 = r[i + 1] - alpha * q[i + 1]
                        r[i] = r0; r[i + 1] = r1
                        rr0 += r0 * r0; rr1 += r1 * r1
                        i += 2
                    }
                    if i < n {
                        x[i] += alpha * p[i]
                        let r0 = r[i] - alpha * q[i]
                        r[i] = r0
                        rr0 += r0 * r0
                    }
                    let rr = rr0 + rr1
                    k += 1
                    rhoPrev = rho
                    rn = rr.isFinite && rr > 1e-280 ? rr.squareRoot() : Vec.norm(r, n)
                    rho = rr
                    tested = rn
                    applyPreconditioner()
                    switch control.afterIteration(k, norm: tested, x: xb) {
                    case .proceed:
                        continue
                    case .stop(let s):
                        status = s
                        break loop
                    case .verify:
                        let t = A.residual(b: bp, x: x, into: scratch, n: n)
                        matVecs += 1
                        var checked = t
                        if usePrecTest, let M {
                            M.apply(UnsafeBufferPointer(start: scratch, count: n), into: UnsafeMutableBufferPointer(start: q, count: n))
                            precApps += 1
                            checked = Vec.norm(q, n)
                        }
                        if let s = control.verify(trueResidual: checked, testedNorm: tested) {
                            status = s
                            trueResidual = t
                            break loop
                        }
                        if case .stop(let s) = control.checks(k, norm: tested, x: xb) {
                            status = s
                            trueResidual = t
                            break loop
                        }
                    }
                }
            }
            return makeResult(operator: A, b: bp, x: x, scratch: scratch, n: n, status: status, iterations: k,
                              control: control, trueResidual: trueResidual, testedResidual: tested,
                              matVecs: matVecs, preconditionerApplications: precApps,
                              setupTime: M?.setupTime ?? 0)
        }
    }
}
