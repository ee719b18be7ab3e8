import SparseLA

/// What the shared stopping logic tells a method after an iteration.
enum ControlDecision {
    /// Keep iterating.
    case proceed
    /// The tested residual met the (current) target: compute the true residual and call
    /// `IterationControl.verify(trueResidual:)`.
    case verify
    /// Stop with this reason.
    case stop(StopReason)
}

/// The stopping logic every iterative method shares, so the rule is implemented once:
/// threshold ε = atol + rtol·‖reference‖, history, NaN/Inf, divergence, stagnation window,
/// monitor, time limit and iteration cap, plus the true-residual gate.
///
/// **True-residual gate.** Recurrence residuals drift from ‖b − A x‖ in floating point. When the
/// tested (recurrence) norm reaches the target, the method computes the true residual. If that
/// meets ε the solve has converged; otherwise the target is lowered by the observed discrepancy
/// (target ← tested·ε/true) and iteration continues. If a second check does not at least halve the
/// true residual, the attainable accuracy is reached and the solve ends with `.stagnated`.
struct IterationControl {
    let options: SolveOptions
    let maxIterations: Int
    /// ε = atol + rtol·‖reference‖.
    let threshold: Double
    let referenceNorm: Double
    /// Tested norm at iteration 0 (the divergence reference).
    let initialNorm: Double
    /// Current target for the tested norm (starts at ε, lowered by failed true checks).
    var target: Double
    var history: [Double]?
    let clock: Stopwatch
    private var lastTrueResidual = Double.infinity
    private var bestNorm = Double.infinity
    private var bestIteration = 0
    /// The last true residual computed by a check (NaN when none).
    var verifiedTrueResidual = Double.nan

    /// - Parameters:
    ///   - bNorm: ‖b‖₂; `r0Norm`: the tested norm of the initial residual; `defaultMax`: the
    ///     method's cap when `options.maxIterations` is nil.
    init(options: SolveOptions, bNorm: Double, r0Norm: Double, defaultMax: Int, clock: Stopwatch) {
        self.options = options
        self.maxIterations = max(0, options.maxIterations ?? defaultMax)
        let ref = options.reference == .rightHandSide ? bNorm : r0Norm
        self.referenceNorm = ref
        self.threshold = options.threshold(referenceNorm: ref)
        self.initialNorm = r0Norm
        self.target = threshold
        self.clock = clock
        if options.recordHistory {
            var h = [Double]()
            h.reserveCapacity(min(maxIterations + 1, 1 << 16))
            h.append(r0Norm)
            history = h
        }
        bestNorm = r0Norm
    }

    /// Decision before the first iteration: NaN in the data, or x₀ already solves the system.
    /// (r₀ is computed exactly, so no true-residual check is needed.)
    func initialDecision() -> StopReason? {
        if !initialNorm.isFinite || !threshold.isFinite { return .notFinite }
        if initialNorm <= threshold { return .converged(.initialGuess) }
        if maxIterations == 0 { return .maxIterations }
        return nil
    }

    /// Decision after iteration `iteration` (1-based count of completed iterations) with tested
    /// residual norm `norm` and current iterate `x` (for the monitor; may be empty).
    mutating func afterIteration(_ iteration: Int, norm: Double, x: UnsafeBufferPointer<Double>) -> ControlDecision {
        history?.append(norm)
        if !norm.isFinite { return .stop(.notFinite) }
        if norm <= target { return .verify }
        return checks(iteration, norm: norm, x: x)
    }

    /// The non-convergence checks (also used after a failed true-residual check).
    mutating func checks(_ iteration: Int, norm: Double, x: UnsafeBufferPointer<Double>) -> ControlDecision {
        if norm > options.divergenceTolerance * initialNorm { return .stop(.diverged) }
        if options.stagnationWindow > 0 {
            if norm < bestNorm * (1 - 1e-12) {
                bestNorm = norm
                bestIteration = iteration
            } else if iteration - bestIteration >= options.stagnationWindow {
                return .stop(.stagnated)
            }
        }
        if let monitor = options.monitor {
            let rel = referenceNorm > 0 ? norm / referenceNorm : norm
            if monitor(IterationInfo(iteration: iteration, residualNorm: norm, relativeResidual: rel, solution: x)) == .stop {
                return .stop(.cancelled)
            }
        }
        if let limit = options.timeLimit, clock.elapsed >= limit { return .stop(.timeLimit) }
        if iteration >= maxIterations { return .stop(.maxIterations) }
        return .proceed
    }

    /// After `.verify`: the method computed the true residual norm of the current iterate.
    /// Returns `.converged`, `.stagnated` or nil (continue; the target has been lowered). On nil the
    /// caller should still run `checks` for the other stopping conditions.
    mutating func verify(trueResidual: Double, testedNorm: Double) -> StopReason? {
        verifiedTrueResidual = trueResidual
        if !trueResidual.isFinite { return .notFinite }
        if trueResidual <= threshold { return .converged(.tolerance) }
        if lastTrueResidual.isFinite && trueResidual > 0.5 * lastTrueResidual { return .stagnated }
        lastTrueResidual = trueResidual
        target = min(target, testedNorm * threshold / trueResidual)
        if !(target > 0) { return .stagnated }
        return nil
    }

    /// Records a true residual computed for other reasons (GMRES restarts) for the final report.
    mutating func noteTrueResidual(_ value: Double) { verifiedTrueResidual = value }
}

extension LinearOperator {
    /// `out = b − A x`; returns ‖out‖₂. One operator application.
    @inline(__always)
    func residual(b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>, n: Int) -> Double {
        apply(UnsafeBufferPointer(start: x, count: n), into: UnsafeMutableBufferPointer(start: out, count: n))
        var s = 0.0
        for i in 0..<n {
            let v = b[i] - out[i]
            out[i] = v
            s += v * v
        }
        return s.isFinite && s > 1e-280 ? s.squareRoot() : Vec.norm(out, n)
    }
}

/// Raw-pointer vector kernels for the solvers' inner loops (no allocation, no bounds checks).
enum Vec {
    /// xᵀy: `DenseVector.dot` (four partial sums; `@inlinable`, so it is specialised into this
    /// module and compiles to the same loop as a local copy would).
    @inline(__always)
    static func dot(_ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, _ n: Int) -> Double {
        DenseVector.dot(UnsafeBufferPointer(start: x, count: n), UnsafeBufferPointer(start: y, count: n))
    }

    /// ‖x‖₂ (scaled fallback against overflow/underflow).
    static func norm(_ x: UnsafePointer<Double>, _ n: Int) -> Double {
        DenseVector.norm2(UnsafeBufferPointer(start: x, count: n))
    }

    @inline(__always)
    static func copy(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        y.update(from: x, count: n)
    }

    @inline(__always)
    static func zero(_ x: UnsafeMutablePointer<Double>, _ n: Int) {
        x.update(repeating: 0, count: n)
    }

    /// y += a x
    @inline(__always)
    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        for i in 0..<n { y[i] += a * x[i] }
    }
}

/// Owns `count` vectors of length `n` in one allocation (freed in `deinit`).
final class VectorBlock {
    let n: Int
    let count: Int
    let base: UnsafeMutablePointer<Double>

    init(n: Int, count: Int) {
        precondition(n >= 0 && count >= 0, "VectorBlock: negative size")
        self.n = n
        self.count = count
        base = .allocate(capacity: max(1, n * count))
        base.initialize(repeating: 0, count: max(1, n * count))
    }

    /// Vector `k` (0-based).
    @inline(__always)
    func vector(_ k: Int) -> UnsafeMutablePointer<Double> { base + k * n }

    deinit { base.deallocate() }
}

extension SolveOptions {
    /// Copies the initial guess into `x` (or zeros it). Returns whether x₀ ≠ 0 was given.
    func loadInitialGuess(into x: UnsafeMutablePointer<Double>, n: Int) -> Bool {
        guard n > 0 else { return false }
        if let g = initialGuess {
            precondition(g.count == n, "initialGuess has \(g.count) entries, system has \(n)")
            g.withUnsafeBufferPointer { x.update(from: $0.baseAddress!, count: n) }
            return g.contains { $0 != 0 }
        }
        Vec.zero(x, n)
        return false
    }
}

/// The dimension preconditions every workspace solve checks first (a programming error otherwise):
/// `A` is `n x n`, `b` has `n` entries, and the auxiliary operator (`auxiliary.what` of size
/// `auxiliary.size`: the preconditioner, DCDM's proposer), when given, has size `n`.
/// `method` prefixes the messages ("CG: b has 3 entries, expected 4").
@inline(__always)
func checkSolveDimensions(_ method: String, operator A: some LinearOperator, b: [Double], n: Int,
                          auxiliary: (what: String, size: Int)?, file: StaticString = #file, line: UInt = #line) {
    precondition(A.rows == n && A.columns == n, "\(method): operator is \(A.rows)x\(A.columns), workspace size \(n)",
                 file: file, line: line)
    precondition(b.count == n, "\(method): b has \(b.count) entries, expected \(n)", file: file, line: line)
    if let auxiliary {
        precondition(auxiliary.size == n, "\(method): \(auxiliary.what) size \(auxiliary.size), expected \(n)",
                     file: file, line: line)
    }
}

extension LinearOperator {
    /// The initial residual of a solve: loads x₀ from `options` into `x` and sets `r = b − A x₀`
    /// (one operator application, added to `matVecs`), or, when x₀ = 0, `r = b` without one.
    /// Returns ‖r‖₂.
    func initialResidual(b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>, into r: UnsafeMutablePointer<Double>,
                         n: Int, options: SolveOptions, matVecs: inout Int) -> Double {
        if options.loadInitialGuess(into: x, n: n) {
            matVecs += 1
            return residual(b: b, x: x, into: r, n: n)
        }
        Vec.copy(b, r, n)
        return Vec.norm(r, n)
    }
}

/// Builds the `SolveResult` every method returns: copies the iterate (the only allocation of a
/// workspace solve besides the history) and computes ‖b − A x‖ if no check already did.
func makeResult(operator A: some LinearOperator, b: UnsafePointer<Double>, x: UnsafeMutablePointer<Double>,
                scratch: UnsafeMutablePointer<Double>, n: Int, status: StopReason, iterations: Int,
                control: IterationControl, trueResidual: Double?, testedResidual: Double,
                matVecs: Int, preconditionerApplications: Int, setupTime: Double) -> SolveResult {
    var mv = matVecs
    let trueNorm: Double
    if let t = trueResidual {
        trueNorm = t
    } else if n == 0 {
        trueNorm = 0
    } else {
        trueNorm = A.residual(b: b, x: x, into: scratch, n: n)
        mv += 1
    }
    return SolveResult(solution: Array(UnsafeBufferPointer(start: x, count: n)), status: status,
                       iterations: iterations, residualHistory: control.history,
                       finalTrueResidual: trueNorm, finalTestedResidual: testedResidual,
                       referenceNorm: control.referenceNorm, matVecs: mv,
                       preconditionerApplications: preconditionerApplications,
                       setupTime: setupTime, solveTime: control.clock.elapsed)
}

/// The result for an empty (0 x 0) system.
func emptySystemResult(options: SolveOptions) -> SolveResult {
    SolveResult(solution: [], status: .converged(.initialGuess), iterations: 0,
                residualHistory: options.recordHistory ? [0] : nil, finalTrueResidual: 0,
                finalTestedResidual: 0, referenceNorm: 0, matVecs: 0, preconditionerApplications: 0,
                setupTime: 0, solveTime: 0)
}

extension CSRMatrix {
    /// `y = A x` fused with the dot product `x·y` (one pass; CG's `pᵀAp`).
    func multiplyDot(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>) -> Double {
        rowPointers.withUnsafeBufferPointer { rpb in
            columnIndices.withUnsafeBufferPointer { cib in
                values.withUnsafeBufferPointer { vab in
                    let rp = rpb.baseAddress!
                    guard let ci = cib.baseAddress, let va = vab.baseAddress else {
                        for i in 0..<rows { y[i] = 0 }
                        return 0
                    }
                    var dot0 = 0.0, dot1 = 0.0
                    var k = rp[0]
                    var i = 0
                    let m = rows
                    while i + 2 <= m {
                        let e0 = rp[i + 1]
                        var s0 = 0.0
                        while k < e0 { s0 += va[k] * x[Int(ci[k])]; k += 1 }
                        let e1 = rp[i + 2]
                        var s1 = 0.0
                        while k < e1 { s1 += va[k] * x[Int(ci[k])]; k += 1 }
                        y[i] = s0; y[i + 1] = s1
                        dot0 += s0 * x[i]; dot1 += s1 * x[i + 1]
                        i += 2
                    }
                    if i < m {
                        let e0 = rp[i + 1]
                        var s0 = 0.0
                        while k < e0 { s0 += va[k] * x[Int(ci[k])]; k += 1 }
                        y[i] = s0
                        dot0 += s0 * x[i]
                    }
                    return dot0 + dot1
                }
            }
        }
    }
}
