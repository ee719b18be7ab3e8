import SparseLA

/// One linear system of a sequence `A_t x = b_t`, with the optional side information the
/// contextual policies and the evaluation baselines read.
public struct SequenceInstance: Sendable {
    /// `A_t` (square; SPD for SSOR-PCG, positive diagonal for SOR).
    public var matrix: CSRMatrix
    /// `b_t`.
    public var rhs: [Double]
    /// A scalar context known before solving (the shift c of a shifted Laplacian, the diffusion
    /// coefficient κ(t) of a heat step); nil when there is none.
    public var context: Double?
    /// Young's optimal SOR ω for this matrix when known in closed form (evaluation only).
    public var youngOmega: Double?

    /// Bundles an instance.
    public init(matrix: CSRMatrix, rhs: [Double], context: Double? = nil, youngOmega: Double? = nil) {
        self.matrix = matrix
        self.rhs = rhs
        self.context = context
        self.youngOmega = youngOmega
    }
}

/// A rule choosing ω for each instance of a sequence and learning from the cost (iterations) it
/// observes afterwards. Policies are value types: deterministic given their seed (they own a
/// `SeededGenerator`), and `Codable`, so a long simulation can save the policy as JSON, stop, and
/// resume with exactly the choices an uninterrupted run would make.
///
/// Protocol of use, once per instance: `chooseOmega(for:probe:)`, solve with the returned ω,
/// then `observe(cost:)` with the iteration count (failures reported as the iteration cap).
public protocol OmegaPolicy: Codable, Sendable {
    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    var name: String { get }
    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double
    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    mutating func observe(cost: Double)
}

/// The ω grids the tuning code uses.
public enum OmegaGrid {
    /// `count` equally spaced values from `lower` to `upper` inclusive (MATLAB `linspace`).
    /// The paper's default is `linspace(1, 1.95, 20)`.
    /// - Precondition: count ≥ 1.
    public static func linear(from lower: Double = 1.0, to upper: Double = 1.95, count: Int = 20) -> [Double] {
        precondition(count >= 1, "OmegaGrid.linear: count must be ≥ 1")
        if count == 1 { return [lower] }
        return (0..<count).map { lower + (upper - lower) * Double($0) / Double(count - 1) }
    }

    /// The paper's default grid: 20 values in [1, 1.95].
    public static let paperDefault = linear()
}

/// Always the same ω (the fixed-ω comparator).
public struct FixedOmegaPolicy: OmegaPolicy {
    /// The ω used for every instance.
    public var omega: Double
    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    public var name: String { "fixed" }

    /// A policy that always answers `omega`.
    public init(omega: Double) { self.omega = omega }

    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    public mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double { omega }
    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    public mutating func observe(cost: Double) {}
}

/// Uses the instance's closed-form Young ω\* (`SequenceInstance.youngOmega`), falling back to
/// `fallback` when unknown: the paper's "instance-optimal" comparator for the shifted Laplacian.
/// Evaluation only (needs the spectrum).
public struct YoungOmegaPolicy: OmegaPolicy {
    /// ω used when the instance carries no Young ω.
    public var fallback: Double
    /// Short name used in tables and JSON (e.g. "tsallis_inf").
    public var name: String { "instance_optimal_young" }

    /// A policy answering each instance's Young ω.
    public init(fallback: Double = 1.0) { self.fallback = fallback }

    /// Chooses ω for `instance`. `probe(ω)` solves the instance with ω and returns its cost; only
    /// evaluation baselines (the oracle) call it, learning policies must not.
    public mutating func chooseOmega(for instance: SequenceInstance, probe: (Double) -> Double) -> Double {
        instance.youngOmega ?? fallback
    }
    /// Reports the cost (iterations) of solving the last instance with the last chosen ω.
    public mutating func observe(cost: Double) {}
}
