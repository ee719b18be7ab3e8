import SparseLA

/// The solver whose ω a `SequenceSolver` tunes.
public enum TunedMethod: String, Codable, Sendable, CaseIterable {
    /// SOR(ω) as the solver (`SOR.solve`); cost = sweeps.
    case sor
    /// CG preconditioned by SSOR(ω) (`SSORPreconditioner`); cost = CG iterations.
    case ssorCG = "ssor-cg"
}

/// Settings of a `SequenceSolver` (the paper's defaults).
public struct SequenceSolverConfiguration: Codable, Sendable, Equatable {
    /// Which solver ω parameterises.
    public var method: TunedMethod
    /// Relative residual tolerance (paper: 1e-8).
    public var tolerance: Double
    /// Iteration cap; a solve that fails (cap reached, divergence, breakdown) costs this many
    /// iterations, as in the paper (cap 10 000).
    public var maxIterations: Int
    /// Start each solve from the previous instance's solution (sizes must agree; otherwise x₀ = 0).
    public var warmStart: Bool
    /// What the tolerance is relative to; nil = the paper's choice per method: ‖r₀‖ for SOR
    /// (`sor.m`, with x₀ = 0 that is ‖b‖), ‖b‖ for SSOR-PCG (MATLAB `pcg`).
    public var reference: String?

    /// Paper defaults: tol 1e-8, cap 10 000, no warm start.
    public init(method: TunedMethod = .sor, tolerance: Double = 1e-8, maxIterations: Int = 10_000,
                warmStart: Bool = false, reference: ToleranceReference? = nil) {
        self.method = method
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.warmStart = warmStart
        self.reference = reference?.rawValue
    }

    /// The effective tolerance reference.
    public var toleranceReference: ToleranceReference {
        if let r = reference, let v = ToleranceReference(rawValue: r) { return v }
        return method == .sor ? .initialResidual : .rightHandSide
    }
}

/// What happened on one instance of the sequence.
public struct SequenceStep: Sendable {
    /// 0-based position in the sequence.
    public var index: Int
    /// The ω used for the reported solve.
    public var omega: Double
    /// Iterations of that solve.
    public var iterations: Int
    /// The cost fed back to the policy: `iterations`, or the cap when the solve failed.
    public var cost: Double
    /// Why the reported solve stopped.
    public var status: StopReason
    /// The instance's context, if any.
    public var context: Double?
    /// Wall-clock seconds of the step (all probes included).
    public var seconds: Double
    /// The ω values the policy probed (the oracle's search), in order; empty for learners.
    public var probedOmegas: [Double]
    /// Their costs.
    public var probedCosts: [Double]

    /// Bundles a step record (for baselines run outside a `SequenceSolver`).
    public init(index: Int, omega: Double, iterations: Int, cost: Double, status: StopReason, context: Double?,
                seconds: Double, probedOmegas: [Double], probedCosts: [Double]) {
        self.index = index
        self.omega = omega
        self.iterations = iterations
        self.cost = cost
        self.status = status
        self.context = context
        self.seconds = seconds
        self.probedOmegas = probedOmegas
        self.probedCosts = probedCosts
    }
}

/// A saved `SequenceSolver`: policy state, configuration, warm-start vector and position.
/// Encode it with `JSONEncoder` to stop a long simulation and resume it later.
public struct SequenceCheckpoint<Policy: OmegaPolicy>: Codable, Sendable {
    /// The policy's full state (including its random generator).
    public var policy: Policy
    /// The solver settings.
    public var configuration: SequenceSolverConfiguration
    /// The last solution (for warm starts), if kept.
    public var previousSolution: [Double]?
    /// Instances solved so far.
    public var solvedCount: Int
}

/// Bad input to a `SequenceSolver`.
public enum SequenceSolverError: Error, Equatable, CustomStringConvertible {
    /// The instance's matrix is not square or `b` has the wrong length.
    case dimensionMismatch(instance: Int, rows: Int, columns: Int, rhs: Int)

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case let .dimensionMismatch(i, r, c, b):
            return "instance \(i): matrix is \(r)x\(c) and b has \(b) entries (need a square matrix and a matching b)"
        }
    }
}

/// Solves a stream of systems `A_t x = b_t`, choosing ω for each with a pluggable `OmegaPolicy`
/// and feeding the iteration count back ("Learning to Relax", Khodak et al. 2024).
///
/// Per instance: the policy chooses ω (the oracle may probe several), the instance is solved by
/// SOR(ω) or SSOR(ω)-PCG from x₀ = 0 or the previous solution, and the cost (iterations; the cap
/// for any failed solve) goes back to the policy. Bad input (non-square matrix, wrong `b`
/// length, zero diagonal) is not a crash: the solve fails and costs the cap, with the reason in
/// `status` (a zero diagonal gives `.breakdown(.zeroDiagonal)`); a non-square matrix or a wrong `b`
/// length throws `SequenceSolverError`. Work per instance: one solve (learners) or |grid| solves (oracle); memory O(n).
public struct SequenceSolver<Policy: OmegaPolicy> {
    /// The policy (its state evolves as instances are solved).
    public private(set) var policy: Policy
    /// Settings.
    public let configuration: SequenceSolverConfiguration
    /// The last solution (kept for warm starts).
    public private(set) var previousSolution: [Double]?
    /// Instances solved so far.
    public private(set) var solvedCount: Int = 0
    private var cg: ConjugateGradient?

    /// A fresh solver.
    public init(policy: Policy, configuration: SequenceSolverConfiguration = .init()) {
        self.policy = policy
        self.configuration = configuration
    }

    /// Resumes from a checkpoint; subsequent choices are identical to an uninterrupted run's.
    public init(resuming checkpoint: SequenceCheckpoint<Policy>) {
        self.policy = checkpoint.policy
        self.configuration = checkpoint.configuration
        self.previousSolution = checkpoint.previousSolution
        self.solvedCount = checkpoint.solvedCount
    }

    /// The state to save.
    public var checkpoint: SequenceCheckpoint<Policy> {
        SequenceCheckpoint(policy: policy, configuration: configuration,
                           previousSolution: configuration.warmStart ? previousSolution : nil, solvedCount: solvedCount)
    }

    /// Solves one instance; returns the step record and the solution.
    /// - Throws: `SequenceSolverError.dimensionMismatch` (the policy is not consulted then).
    public mutating func solve(_ instance: SequenceInstance) throws(SequenceSolverError) -> (step: SequenceStep, solution: [Double]) {
        let clock = Stopwatch()
        let n = instance.matrix.rows
        guard instance.matrix.isSquare && instance.rhs.count == n else {
            throw .dimensionMismatch(instance: solvedCount, rows: n, columns: instance.matrix.columns, rhs: instance.rhs.count)
        }
        let config = configuration
        var options = SolveOptions(relativeTolerance: config.tolerance, absoluteTolerance: 0,
                                   maxIterations: config.maxIterations)
        options.reference = config.toleranceReference
        if config.warmStart, let x0 = previousSolution, x0.count == n { options.initialGuess = x0 }
        if config.method == .ssorCG && (cg == nil || cg!.size != n) { cg = ConjugateGradient(size: n) }
        let workspace = cg
        let sweeps: RelaxationSweeps? = config.method == .sor ? try? RelaxationSweeps(instance.matrix) : nil

        func run(_ omega: Double) -> SolveResult {
            switch config.method {
            case .sor:
                guard let s = sweeps else { return Self.failed(n: n, reason: .breakdown(.zeroDiagonal), options: options) }
                return SOR.solve(sweeps: s, b: instance.rhs, omega: omega, options: options)
            case .ssorCG:
                guard let M = try? SSORPreconditioner(instance.matrix, omega: omega), let w = workspace else {
                    return Self.failed(n: n, reason: .breakdown(.zeroDiagonal), options: options)
                }
                return w.solve(instance.matrix, instance.rhs, preconditioner: M, options: options)
            }
        }
        func cost(of r: SolveResult) -> Double {
            r.status.isConverged ? Double(r.iterations) : Double(config.maxIterations)
        }

        var probedOmegas: [Double] = [], probedCosts: [Double] = []
        var cached: (omega: Double, result: SolveResult)? = nil
        var p = policy
        let omega = p.chooseOmega(for: instance) { w in
            let r = run(w)
            let c = cost(of: r)
            probedOmegas.append(w); probedCosts.append(c)
            if cached == nil || c < cost(of: cached!.result) { cached = (w, r) }
            return c
        }
        let result: SolveResult
        if let c = cached, c.omega == omega { result = c.result } else { result = run(omega) }
        let c = cost(of: result)
        p.observe(cost: c)
        policy = p
        if config.warmStart && result.solution.allSatisfy({ $0.isFinite }) { previousSolution = result.solution }
        let step = SequenceStep(index: solvedCount, omega: omega, iterations: result.iterations, cost: c,
                                status: result.status, context: instance.context, seconds: clock.elapsed,
                                probedOmegas: probedOmegas, probedCosts: probedCosts)
        solvedCount += 1
        return (step, result.solution)
    }

    /// Runs `count` instances drawn from `sequence` (fewer if it ends), passing each solution back
    /// to the sequence (time steppers advance with it); `onStep` sees every step.
    /// - Throws: `SequenceSolverError` from the first malformed instance.
    public mutating func run<S: InstanceSequence>(_ sequence: inout S, count: Int,
                                                  onStep: (SequenceStep) -> Void = { _ in }) throws(SequenceSolverError) -> [SequenceStep] {
        var steps: [SequenceStep] = []
        steps.reserveCapacity(max(count, 0))
        var last: [Double]? = nil
        for _ in 0..<max(count, 0) {
            guard let instance = sequence.next(previousSolution: last) else { break }
            let (step, x) = try solve(instance)
            last = x
            onStep(step)
            steps.append(step)
        }
        return steps
    }

    private static func failed(n: Int, reason: StopReason, options: SolveOptions) -> SolveResult {
        SolveResult(solution: options.initialGuess ?? [Double](repeating: 0, count: max(n, 0)), status: reason,
                    iterations: 0, residualHistory: nil, finalTrueResidual: .nan, finalTestedResidual: .nan,
                    referenceNorm: .nan, matVecs: 0, preconditionerApplications: 0, setupTime: 0, solveTime: 0)
    }
}

/// A source of instances for a `SequenceSolver`: generators of the paper's setups, or a user's
/// list of matrices.
public protocol InstanceSequence {
    /// The range of the contexts it produces, when it produces contexts (ChebCB and the bins need it).
    var contextRange: ClosedRange<Double>? { get }
    /// The next instance, or nil at the end. `previousSolution` is the solution of the instance
    /// returned by the previous call (nil on the first call); time-stepping sequences advance
    /// their state with it.
    mutating func next(previousSolution: [Double]?) -> SequenceInstance?
}
