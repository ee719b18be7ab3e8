/// What a residual tolerance is relative to.
public enum ToleranceReference: String, Sendable, CaseIterable {
    /// ‖r₀‖ = ‖b − A x₀‖ (Krylov.jl, Accelerate, PETSc default). Our default.
    case initialResidual
    /// ‖b‖ (SciPy, MATLAB `pcg`, Eigen).
    case rightHandSide
}

/// Which residual norm the stopping test reads.
public enum ResidualNormKind: String, Sendable, CaseIterable {
    /// ‖b − A x‖₂, the unpreconditioned residual (the recursively updated one, verified at the end).
    case unpreconditioned
    /// ‖M⁻¹(b − A x)‖₂ for left-preconditioned recurrences; methods without one fall back to
    /// the unpreconditioned norm and say so in their documentation.
    case preconditioned
}

/// What a monitor tells the solver after each iteration.
public enum MonitorAction: Sendable {
    case proceed
    case stop
}

/// Read-only snapshot handed to a monitor after each iteration.
public struct IterationInfo {
    /// Iterations completed (0 = before the first iteration).
    public let iteration: Int
    /// The residual norm the stopping test uses.
    public let residualNorm: Double
    /// `residualNorm / ‖reference‖` (or `residualNorm` when the reference is 0).
    public let relativeResidual: Double
    /// The current iterate; valid only during the monitor call. Empty for methods that do not
    /// form the iterate every step (GMRES inside a cycle).
    public let solution: UnsafeBufferPointer<Double>
}

/// Options shared by every iterative method.
///
/// **The stopping rule, stated once:** the solve has converged when
/// `residualNorm <= absoluteTolerance + relativeTolerance * ‖reference‖`, where `reference` is
/// ‖r₀‖ or ‖b‖ (`reference`) and the residual is the one named by `residualNorm`. Before
/// returning `.converged`, methods whose residual is a recurrence recompute ‖b − A x‖ and keep
/// iterating if the recurrence drifted (unless no progress is possible, then `.stagnated`).
///
/// `SolveOptions.scipy(rtol:)` reproduces SciPy's rule `‖b − A x‖ <= rtol ‖b‖` (atol = 0) so
/// published iteration counts can be compared.
public struct SolveOptions {
    /// Relative tolerance (default √ε ≈ 1.5e-8).
    public var relativeTolerance: Double = Double.ulpOfOne.squareRoot()
    /// Absolute tolerance (default 0).
    public var absoluteTolerance: Double = 0
    /// Iteration cap; `nil` means the method's default (10 n for the Krylov methods, SciPy's `cg`
    /// default; 10 000 for the stationary methods; documented per method).
    public var maxIterations: Int? = nil
    /// What the relative tolerance multiplies.
    public var reference: ToleranceReference = .initialResidual
    /// Which residual the stopping test reads.
    public var residualNorm: ResidualNormKind = .unpreconditioned
    /// Keep the residual norm of every iteration in `SolveResult.residualHistory` (entry 0 = r₀).
    public var recordHistory: Bool = false
    /// Called after every iteration; returning `.stop` ends the solve with `.cancelled`.
    public var monitor: ((IterationInfo) -> MonitorAction)? = nil
    /// Starting vector x₀ (zero when `nil`).
    public var initialGuess: [Double]? = nil
    /// Stop with `.diverged` when the residual exceeds `divergenceTolerance * ‖r₀‖`.
    public var divergenceTolerance: Double = 1e10
    /// Stop with `.stagnated` when the residual norm has not decreased by at least a factor
    /// (1 - 1e-12) over this many consecutive iterations (0 disables the check).
    public var stagnationWindow: Int = 0
    /// Wall-clock limit in seconds (`nil`: none); hitting it ends with `.timeLimit`.
    public var timeLimit: Double? = nil

    /// Default options: rtol = √ε, atol = 0, reference ‖r₀‖, method-default iteration cap.
    public init() {}

    /// Options with the given tolerances, everything else at its default.
    public init(relativeTolerance: Double, absoluteTolerance: Double = 0, maxIterations: Int? = nil) {
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maxIterations = maxIterations
    }

    /// SciPy-compatible rule: ‖b − A x‖ <= max(rtol ‖b‖, atol) with atol = 0, reference ‖b‖,
    /// unpreconditioned residual, SciPy's default cap of 10 n iterations unless `maxIterations` set.
    public static func scipy(rtol: Double = 1e-5, maxIterations: Int? = nil) -> SolveOptions {
        var o = SolveOptions(relativeTolerance: rtol, absoluteTolerance: 0, maxIterations: maxIterations)
        o.reference = .rightHandSide
        return o
    }

    /// The threshold ε = atol + rtol·‖reference‖ for the given reference norm.
    public func threshold(referenceNorm: Double) -> Double {
        absoluteTolerance + relativeTolerance * referenceNorm
    }
}
