import SparseLA

/// The loop every stationary method shares. Each iteration runs `step` (one sweep), then every
/// `checkEvery` iterations (and at the cap) computes the true residual ‖b − A x‖ with one SpMV and
/// applies the `SolveOptions` stopping rule, so the stationary methods have a residual stopping
/// test (unlike IterativeSolvers.jl, whose SOR stops only at maxiter). The residual is exact, so no
/// extra verification is needed. Default cap: 10 000 iterations (Paper 1's SOR cap).
///
/// Statistics: `iterations` counts sweeps; `matVecs` counts residual evaluations (a sweep costs
/// about one SpMV too); `residualHistory` holds r₀ and one entry per check.
enum StationaryIteration {
    /// `step(b, x, r)` performs one iteration in place on `x`; `r` holds the residual b − A x of
    /// the current x when `needsResidual` (then the residual is computed every iteration).
    static func run(_ A: CSRMatrix, _ b: [Double], options: SolveOptions, checkEvery: Int, needsResidual: Bool,
                    setupTime: Double,
                    step: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>, UnsafePointer<Double>) -> Void) -> SolveResult {
        let n = A.rows
        precondition(A.columns == n, "stationary solve: matrix is \(A.rows)x\(A.columns), must be square")
        precondition(b.count == n, "stationary solve: b has \(b.count) entries, expected \(n)")
        if n == 0 { return emptySystemResult(options: options) }
        let every = needsResidual ? 1 : max(1, checkEvery)
        let clock = Stopwatch()
        let work = VectorBlock(n: n, count: 2)
        let x = work.vector(0), r = work.vector(1)
        let xb = UnsafeMutableBufferPointer(start: x, count: n)
        return b.withUnsafeBufferPointer { bb in
            let bp = bb.baseAddress!
            _ = options.loadInitialGuess(into: x, n: n)
            var rn = A.residual(b: bp, x: x, into: r, n: n)
            var matVecs = 1
            var control = IterationControl(options: options, bNorm: Vec.norm(bp, n), r0Norm: rn,
                                           defaultMax: 10_000, clock: clock)
            var k = 0
            var status: StopReason
            if let s = control.initialDecision() {
                status = s
            } else {
                loop: while true {
                    step(bb, xb, r)
                    k += 1
                    let check = k % every == 0 || k >= control.maxIterations
                    if !check {
                        if let limit = options.timeLimit, clock.elapsed >= limit { status = .timeLimit; break }
                        continue
                    }
                    rn = A.residual(b: bp, x: x, into: r, n: n)
                    matVecs += 1
                    switch control.afterIteration(k, norm: rn, x: UnsafeBufferPointer(xb)) {
                    case .proceed: continue
                    case .stop(let s): status = s; break loop
                    case .verify:
                        if let s = control.verify(trueResidual: rn, testedNorm: rn) { status = s; break loop }
                        if case .stop(let s) = control.checks(k, norm: rn, x: UnsafeBufferPointer(xb)) { status = s; break loop }
                    }
                }
            }
            return makeResult(operator: A, b: bp, x: x, scratch: r, n: n, status: status, iterations: k,
                              control: control, trueResidual: rn, testedResidual: rn, matVecs: matVecs,
                              preconditionerApplications: 0, setupTime: setupTime)
        }
    }

    /// The result when setup failed on a zero diagonal (no iterations are possible).
    static func zeroDiagonalResult(_ A: CSRMatrix, _ b: [Double], options: SolveOptions) -> SolveResult {
        let x = options.initialGuess ?? [Double](repeating: 0, count: A.rows)
        let rn = b.count == A.rows && x.count == A.columns ? A.residualNorm(x: x, b: b) : .nan
        return SolveResult(solution: x, status: .breakdown(.zeroDiagonal), iterations: 0,
                           residualHistory: options.recordHistory ? [rn] : nil, finalTrueResidual: rn,
                           finalTestedResidual: rn, referenceNorm: options.reference == .rightHandSide ? DenseVector.norm2(b) : rn,
                           matVecs: 1, preconditionerApplications: 0, setupTime: 0, solveTime: 0)
    }
}
