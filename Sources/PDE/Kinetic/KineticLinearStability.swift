/// Analytic linear stability of the isotropic state Ψ₀ = c̄/2π (Saintillan–Shelley type, with the
/// β constraint stress and ζ alignment of docs/PDE.md §2.2), derived for this model:
///
/// For a plane wave exp(i k·x + σt) the only flow-coupled mode is the traceless D component
/// transverse to k (q₂ = D12 for k ∥ x):
///
///   σ = −c̄ (α − ζβc̄/2) / (4(1 + βc̄/8)) + c̄ζ − 4d_R − d_T|k|²
///
/// (α < 0 destabilises). The longitudinal mode (q₁) has σ = c̄ζ − 4d_R − d_T|k|² and c has
/// σ = −d_T|k|². The kinetic model and the Bingham moment model share these rates (the Bingham
/// closure is exact at isotropy); the quadratic closure does not.
public enum KineticLinearStability {
    /// Growth rate of the flow-coupled mode at wave number |k| (units 1/time).
    public static func growthRate(parameters p: KineticParameters, wavenumber k: Double) -> Double {
        let c = p.meanConcentration
        let sigmaA = p.alpha - p.zeta * p.beta * c / 2
        let gamma = 1 + p.beta * c / 8
        return -c * sigmaA / (4 * gamma) + c * p.zeta - 4 * p.dR - p.dT * k * k
    }
}
