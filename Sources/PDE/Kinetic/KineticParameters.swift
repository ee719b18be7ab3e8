/// Physical and numerical parameters of the 2-D Doi–Saintillan–Shelley active suspension
/// (docs/PDE.md §2.2) shared by the kinetic solver and the moment model.
///
/// Dimensionless units of the reference code: box [0, L)², time in the units of `dt`.
public struct KineticParameters: Sendable, Equatable {
    /// Active stress coefficient α (α < 0: extensile / pushers, destabilising).
    public var alpha: Double = -1
    /// Constraint-stress (rigidity) coefficient β.
    public var beta: Double = 0.8
    /// Maier–Saupe steric alignment strength ζ.
    public var zeta: Double = 0
    /// Translational diffusion d_T.
    public var dT: Double = 0.05
    /// Rotational diffusion d_R.
    public var dR: Double = 0.05
    /// Box side L (periodic in x and y).
    public var length: Double = 10
    /// Spatial modes per direction (even, >= 8).
    public var n: Int = 32
    /// Orientational modes (even, >= 8; only the kinetic solver uses it).
    public var nTheta: Int = 16
    /// Time step.
    public var dt: Double = 0.01
    /// Mean concentration c̄ = ⟨∫Ψ dθ⟩ of the initial state.
    public var meanConcentration: Double = 1
    /// Relative tolerance of the fixed-point iteration for the velocity (Σ depends on E through S:E).
    public var velocityTolerance: Double = 1e-10
    /// Iteration cap of that fixed point (1 = lag E by one step, as the reference kinetic code does).
    public var velocityMaxIterations: Int = 30

    /// Default parameters (α = −1, β = 0.8, ζ = 0, d_T = d_R = 0.05, L = 10, 32², 16 angles, dt = 0.01).
    public init() {}

    /// Throws `KineticError` for non-finite values, odd or tiny resolutions, dt <= 0, negative
    /// diffusion or L <= 0.
    public func validate() throws {
        for (name, v) in [("alpha", alpha), ("beta", beta), ("zeta", zeta), ("dT", dT), ("dR", dR),
                          ("length", length), ("dt", dt), ("meanConcentration", meanConcentration)] where !v.isFinite {
            throw KineticError("\(name) = \(v) is not finite")
        }
        guard n >= 8, n % 2 == 0, n <= 1024 else { throw KineticError("n = \(n) must be even and in 8...1024") }
        guard nTheta >= 8, nTheta % 2 == 0, nTheta <= 512 else {
            throw KineticError("nTheta = \(nTheta) must be even and in 8...512")
        }
        guard n * n * nTheta <= 1 << 26 else { throw KineticError("n² nTheta = \(n * n * nTheta) exceeds 2^26 grid points") }
        guard dt > 0 else { throw KineticError("dt = \(dt) must be positive") }
        guard dT >= 0, dR >= 0 else { throw KineticError("diffusion coefficients must be >= 0 (dT = \(dT), dR = \(dR))") }
        guard length > 0 else { throw KineticError("length = \(length) must be positive") }
        guard meanConcentration > 0 else { throw KineticError("meanConcentration must be positive") }
        guard velocityMaxIterations >= 1, velocityTolerance >= 0 else {
            throw KineticError("velocityMaxIterations must be >= 1 and velocityTolerance >= 0")
        }
    }
}
