/// The linear closure of the 2-D fourth moment: the S of the distribution whose angular Fourier
/// modes above the second vanish (Ψ̂₄ = 0 in the moment formulas of docs/PDE.md §2.2), i.e.
/// S1111 = D11 − c/8, S1112 = S1222 = D12/2, S1122 = c/8, S2222 = D22 − c/8. Contracted:
///
///   S:T = (tr T / 2) D + (c/4) T′ + (D:T′ / 2) I    (T′ = T − (tr T / 2) I),
///
/// so in the learned-closure form S:D = g₁ I + g₂ D, S:E = g₃ I + g₄ D + g₅ E (E traceless):
/// g₁ = tr(D·D)/2 − 3c²/8, g₂ = 3c/4, g₃ = tr(D·E)/2, g₄ = 0, g₅ = c/4.
///
/// Near isotropy (D = cI/2 + O(ε)) Ψ̂₄ is O(ε²), so this closure is exact to first order: it
/// gives the kinetic growth rate of the isotropic state (as Bingham does). Away from isotropy it
/// is poor (it is not even positive). O(1) per point; points with c <= 0 give S:T = 0.
public final class LinearClosure: MomentClosure {
    /// The closure's name as the CLI spells it.
    public let name = "linear"
    private var fields = StoredMomentFields()

    /// A linear closure.
    public init() {}

    /// (g₂, g₅) of the linear closure at concentration c (g₁, g₃ follow from the trace identities
    /// 2g₁ + c g₂ = tr(D·D), 2g₃ + c g₄ = tr(D·E); g₄ = 0).
    @inline(__always) static func g2g5(c: Double) -> (g2: Double, g5: Double) { (0.75 * c, 0.25 * c) }

    /// Per-step set-up from the moment fields (see `MomentClosure.prepare`).
    public func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, count: Int) {
        fields.store(c: c, d11: d11, d12: d12, d22: d22, count: count)
    }

    /// The closed contraction S:T on the grid (see `MomentClosure.contract`).
    public func contract(t11: UnsafePointer<Double>, t12: UnsafePointer<Double>, t22: UnsafePointer<Double>,
                         e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, zeta: Double,
                         st11: UnsafeMutablePointer<Double>, st12: UnsafeMutablePointer<Double>,
                         st22: UnsafeMutablePointer<Double>, count: Int) {
        fields.withBuffers { c, a, b, d in
            for i in 0..<count {
                guard c[i] > 0 else { st11[i] = 0; st12[i] = 0; st22[i] = 0; continue }
                let half = 0.5 * (t11[i] + t22[i]), p11 = 0.5 * (t11[i] - t22[i]), p12 = t12[i]
                let iso = 0.5 * ((a[i] - d[i]) * p11 + 2 * b[i] * p12)   // D:T′ / 2
                let q = 0.25 * c[i]
                st11[i] = half * a[i] + q * p11 + iso
                st12[i] = half * b[i] + q * p12
                st22[i] = half * d[i] - q * p11 + iso
            }
        }
    }
}
