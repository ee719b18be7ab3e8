/// A closure for the fourth orientation moment S = ⟨pppp⟩ of the 2-D active suspension: it
/// returns the contraction S:T (T = E + 2ζD) that the moment equation and the stress need
/// (docs/PDE.md §2.3–2.4).
///
/// Fields are flat arrays of `count` grid values. `prepare` is called once per time step with
/// the concentration c = tr D and D; `contract` may then be called several times (the velocity
/// fixed point) with the current T and E = sym ∇u (traceless: E22 = −E11). Implementations keep
/// per-point scratch, so one instance serves one solver (not thread-safe).
///
/// A closure whose coefficients depend on E nonlinearly (the learned one) sets
/// `usesPredictedStrain`; `MomentSolver` then calls `prepare(…predictedE11:predictedE12:…)` with a
/// second-order extrapolation E* = 2Eⁿ⁻¹ − Eⁿ⁻² of the strain, so the closure can evaluate its
/// expensive part once per step and keep `contract` linear in E.
public protocol MomentClosure: AnyObject {
    /// Short name ("quadratic", "bingham", "learned", "kinetic").
    var name: String { get }
    /// Stores / preprocesses D at `count` points. O(count).
    func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                 d22: UnsafePointer<Double>, count: Int)
    /// Writes S:T at every point. `t*` are T = E + 2ζD, `e11`, `e12` are E. O(count).
    func contract(t11: UnsafePointer<Double>, t12: UnsafePointer<Double>, t22: UnsafePointer<Double>,
                  e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, zeta: Double,
                  st11: UnsafeMutablePointer<Double>, st12: UnsafeMutablePointer<Double>,
                  st22: UnsafeMutablePointer<Double>, count: Int)
    /// Whether the closure wants a predicted strain in `prepare` (default false).
    var usesPredictedStrain: Bool { get }
    /// `prepare` with a predicted strain E* (traceless; `count` values each) for closures whose
    /// coefficients depend on E; the default ignores it and calls `prepare`. O(count).
    func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                 d22: UnsafePointer<Double>, predictedE11: UnsafePointer<Double>,
                 predictedE12: UnsafePointer<Double>, count: Int)
}

extension MomentClosure {
    /// Closures depend on D only unless they say otherwise.
    public var usesPredictedStrain: Bool { false }

    /// Ignores the predicted strain (closures that depend on D only).
    public func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, predictedE11: UnsafePointer<Double>,
                        predictedE12: UnsafePointer<Double>, count: Int) {
        prepare(c: c, d11: d11, d12: d12, d22: d22, count: count)
    }
}

extension MomentClosure {
    /// S:T at one point (convenience for tests and tables; allocates). E is traceless (E22 = −E11).
    public func contractPoint(d11: Double, d12: Double, d22: Double, e11: Double, e12: Double,
                              zeta: Double) -> (st11: Double, st12: Double, st22: Double) {
        var c = d11 + d22, a = d11, b = d12, d = d22
        prepare(c: &c, d11: &a, d12: &b, d22: &d, count: 1)
        var t11 = e11 + 2 * zeta * d11, t12 = e12 + 2 * zeta * d12, t22 = -e11 + 2 * zeta * d22
        var x = e11, y = e12
        var s1 = 0.0, s2 = 0.0, s3 = 0.0
        contract(t11: &t11, t12: &t12, t22: &t22, e11: &x, e12: &y, zeta: zeta,
                 st11: &s1, st12: &s2, st22: &s3, count: 1)
        return (s1, s2, s3)
    }
}

/// c and D as a closure keeps them between `prepare` and `contract`: copied into storage that is
/// reused from step to step, so `prepare` allocates only when the grid size changes.
struct StoredMomentFields {
    private(set) var c: [Double] = [], d11: [Double] = [], d12: [Double] = [], d22: [Double] = []

    /// Copies `count` values of each field. O(count).
    mutating func store(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                        d22: UnsafePointer<Double>, count: Int) {
        Self.copy(c, into: &self.c, count)
        Self.copy(d11, into: &self.d11, count)
        Self.copy(d12, into: &self.d12, count)
        Self.copy(d22, into: &self.d22, count)
    }

    /// Runs `body` with read-only views of c, D₁₁, D₁₂, D₂₂ (in that order).
    func withBuffers<R>(_ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                 UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>) -> R) -> R {
        c.withUnsafeBufferPointer { c in
            d11.withUnsafeBufferPointer { a in
                d12.withUnsafeBufferPointer { b in d22.withUnsafeBufferPointer { d in body(c, a, b, d) } }
            }
        }
    }

    private static func copy(_ source: UnsafePointer<Double>, into target: inout [Double], _ count: Int) {
        if target.count != count { target = [Double](repeating: 0, count: count) }
        guard count > 0 else { return }
        target.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: count) }
    }
}

/// The quadratic (Doi) closure S ≈ DD/c, i.e. S:T = (D:T) D / c. O(1) per point. Wrong at
/// isotropy (S′1111 = 1/4 instead of 3/8); points with c <= 0 give S:T = 0.
public final class QuadraticClosure: MomentClosure {
    /// The closure's name as the CLI spells it.
    public let name = "quadratic"
    private var fields = StoredMomentFields()

    /// A quadratic closure.
    public init() {}

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
                let dt = a[i] * t11[i] + 2 * b[i] * t12[i] + d[i] * t22[i]
                let f = c[i] > 0 ? dt / c[i] : 0
                st11[i] = f * a[i]; st12[i] = f * b[i]; st22[i] = f * d[i]
            }
        }
    }
}

/// The exact fourth moment taken from the kinetic distribution (5 independent components per
/// point, set by the kinetic solver); S:T is contracted directly. Used by `KineticSolver` and to
/// produce closure training / evaluation data.
final class TabulatedFourthMoment: MomentClosure {
    let name = "kinetic"
    var s1111: [Double] = [], s1112: [Double] = [], s1122: [Double] = [], s1222: [Double] = [], s2222: [Double] = []

    func prepare(c: UnsafePointer<Double>, d11: UnsafePointer<Double>, d12: UnsafePointer<Double>,
                 d22: UnsafePointer<Double>, count: Int) {}

    func contract(t11: UnsafePointer<Double>, t12: UnsafePointer<Double>, t22: UnsafePointer<Double>,
                  e11: UnsafePointer<Double>, e12: UnsafePointer<Double>, zeta: Double,
                  st11: UnsafeMutablePointer<Double>, st12: UnsafeMutablePointer<Double>,
                  st22: UnsafeMutablePointer<Double>, count: Int) {
        s1111.withUnsafeBufferPointer { a in
        s1112.withUnsafeBufferPointer { b in
        s1122.withUnsafeBufferPointer { c in
        s1222.withUnsafeBufferPointer { d in
        s2222.withUnsafeBufferPointer { e in
            for i in 0..<count {
                let x = t11[i], y = t12[i], z = t22[i]
                st11[i] = a[i] * x + 2 * b[i] * y + c[i] * z
                st12[i] = b[i] * x + 2 * c[i] * y + d[i] * z
                st22[i] = c[i] * x + 2 * d[i] * y + e[i] * z
            }
        }}}}}
    }
}
