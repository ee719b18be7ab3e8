/// Smoother used on every level but the coarsest of the AMG V-cycle.
public enum AMGSmoother: String, Sendable, CaseIterable {
    /// `presweeps` forward Gauss-Seidel sweeps before the coarse correction and `postsweeps`
    /// backward sweeps after it: the cheapest choice that keeps the V-cycle symmetric (usable in CG).
    case forwardBackwardGaussSeidel
    /// Symmetric Gauss-Seidel (forward then backward sweep) both before and after, as pyamg's
    /// default `('gauss_seidel', {'sweep': 'symmetric'})`; twice the smoothing work per level.
    case symmetricGaussSeidel
}

/// Settings of the smoothed-aggregation AMG hierarchy (defaults follow pyamg's
/// `smoothed_aggregation_solver` except `maxCoarse`, which is larger because the coarsest level is
/// solved by a dense Cholesky factorization).
public struct AMGOptions: Sendable, Equatable {
    /// Strength threshold θ: `j` is a strong neighbour of `i` when |a_ij| ≥ θ·√|a_ii a_jj|
    /// (pyamg's symmetric strength). Default 0 (every stored off-diagonal nonzero is strong).
    public var strengthThreshold: Double = 0
    /// Jacobi prolongation smoothing weight numerator: ω = `prolongationOmega` / ρ(D⁻¹A). Default 4/3.
    public var prolongationOmega: Double = 4.0 / 3.0
    /// Power iterations used to estimate ρ(D⁻¹A) (default 15).
    public var powerIterations: Int = 15
    /// Stop coarsening when a level has at most this many rows (default 400); it is solved directly.
    public var maxCoarse: Int = 400
    /// Symmetric Gauss-Seidel sweeps on `A b = 0` applied to the near-null-space vector on the
    /// finest level before aggregation (pyamg's default `improve_candidates`: 4). 0 disables.
    public var improveCandidatesSweeps: Int = 4
    /// Largest coarsest level solved densely (default 5000 rows, 200 MB); a larger one (coarsening
    /// stalled, or `maxLevels` hit) is relaxed by symmetric Gauss-Seidel instead.
    public var maxDenseCoarse: Int = 5000
    /// Maximum number of levels including the finest (default 10).
    public var maxLevels: Int = 10
    /// The smoother (default `.forwardBackwardGaussSeidel`).
    public var smoother: AMGSmoother = .forwardBackwardGaussSeidel
    /// Pre-smoothing sweeps (default 1).
    public var presweeps: Int = 1
    /// Post-smoothing sweeps (default 1).
    public var postsweeps: Int = 1

    /// The defaults above.
    public init() {}

    /// Options mirroring pyamg's `smoothed_aggregation_solver` defaults (symmetric Gauss-Seidel pre
    /// and post smoothing) apart from the coarsest size.
    public static var pyamgLike: AMGOptions {
        var o = AMGOptions()
        o.smoother = .symmetricGaussSeidel
        return o
    }
}
