/// The DCDM training loss (ITERATIVE.md §2.5): for a right-hand side `b` and network output `y`,
/// `α = yᵀb / yᵀAy`, `loss = ‖b − α A y‖²`. Invariant to the scale of `y`; unsupervised.
enum ScaleInvariantLoss {
    /// Loss and gradient `∂loss/∂y` for SPD `A` (symmetric is required for the gradient formula):
    /// with `s = Ay`, `e = b − αs`: `∇ = −2α A e − 2(eᵀs)(b − 2αs)/(yᵀAy)`.
    /// `scratch` needs 2n doubles. Returns NaN (gradient zero) when `yᵀAy ≤ 0`.
    /// Complexity: two operator applications + O(n).
    static func evaluate(_ A: some LinearOperator, b: UnsafePointer<Double>, y: UnsafePointer<Double>,
                         gradient: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>) -> Double {
        let n = A.rows
        let s = scratch, e = scratch + n
        A.apply(UnsafeBufferPointer(start: y, count: n), into: UnsafeMutableBufferPointer(start: s, count: n))
        let d = Vec.dot(y, s, n), c = Vec.dot(y, b, n)
        guard d > 0, d.isFinite else {
            Vec.zero(gradient, n)
            return .nan
        }
        let alpha = c / d
        var loss = 0.0, es = 0.0
        for i in 0..<n {
            let v = b[i] - alpha * s[i]
            e[i] = v
            loss += v * v
            es += v * s[i]
        }
        A.apply(UnsafeBufferPointer(start: e, count: n), into: UnsafeMutableBufferPointer(start: gradient, count: n))
        let k = -2 * es / d
        for i in 0..<n { gradient[i] = -2 * alpha * gradient[i] + k * (b[i] - 2 * alpha * s[i]) }
        return loss
    }
}
