import Foundation
import SparseLA

/// The synthetic SOR setup of "Learning to Relax" (`learning.m`, `contextual.m`; ITERATIVE.md §1.4):
/// A_t = A + c_t I with A the 5-point Laplacian on an m×m interior grid (`delsq(numgrid('S', m+2))`,
/// diagonal 4; m = 10 gives n = 100), c_t = −0.15 + 0.6·Beta(α, β) with Beta(2, 6) ("low
/// variance") or Beta(0.5, 1.5) ("high variance"), and b_t ~ N(0, I) conditioned on ‖b‖ ≤ √n
/// (rejection sampling). The context is c_t (range [−0.15, 0.65] as in `contextual.m`); each
/// instance also carries Young's ω\* = 1 + (β/(1 + √(1 − β²)))² with
/// β = ρ(I − D⁻¹A_t) = 4cos(π/(m+1))/(4 + c_t) in closed form.
///
/// Deterministic given `seed`; `Codable` (parameters and generator state) for save/resume.
/// Each instance costs O(n) to generate (the matrix shares its pattern with A).
public struct ShiftedLaplacianSequence: InstanceSequence, Codable, Sendable {
    /// The two shift distributions of the paper.
    public enum Variance: String, Codable, Sendable, CaseIterable {
        /// c = −0.15 + 0.6·Beta(2, 6).
        case low
        /// c = −0.15 + 0.6·Beta(0.5, 1.5).
        case high

        /// (α, β) of the Beta distribution.
        public var betaParameters: (Double, Double) { self == .low ? (2, 6) : (0.5, 1.5) }
    }

    /// Interior grid side m (n = m²).
    public let gridSide: Int
    /// Shift distribution.
    public let variance: Variance
    /// Number of instances; nil = unbounded.
    public let count: Int?
    /// Instances produced so far.
    public private(set) var produced: Int = 0
    private var rng: SeededGenerator

    /// The range of the contexts it produces, when it produces contexts (ChebCB and the bins need it).
    public var contextRange: ClosedRange<Double>? { -0.15...0.65 }

    /// A generator of `count` instances (nil: unbounded).
    /// - Precondition: gridSide ≥ 1.
    public init(gridSide: Int = 10, variance: Variance, count: Int? = nil, seed: UInt64) {
        precondition(gridSide >= 1, "ShiftedLaplacianSequence: gridSide must be ≥ 1")
        self.gridSide = gridSide
        self.variance = variance
        self.count = count
        self.rng = SeededGenerator(seed: seed)
    }

    /// Young's optimal SOR ω for shift c.
    public func youngOmega(shift c: Double) -> Double {
        let beta = 4 * cos(Double.pi / Double(gridSide + 1)) / (4 + c)
        guard beta < 1 else { return 1.99 }
        let q = beta / (1 + (1 - beta * beta).squareRoot())
        return 1 + q * q
    }

    /// Draws a shift c.
    public mutating func drawShift() -> Double {
        let (a, b) = variance.betaParameters
        return -0.15 + 0.6 * rng.beta(a, b)
    }

    /// The next instance, or nil at the end. `previousSolution` is the solution of the instance
    /// returned by the previous call (nil on the first call); time-stepping sequences advance
    /// their state with it.
    public mutating func next(previousSolution: [Double]?) -> SequenceInstance? {
        if let c = count, produced >= c { return nil }
        let n = gridSide * gridSide
        let c = drawShift()
        var b = [Double](repeating: 0, count: n)
        let radius2 = Double(n)
        while true {
            var s = 0.0
            for i in 0..<n { b[i] = rng.normal(); s += b[i] * b[i] }
            if s <= radius2 { break }
        }
        let base = CSRMatrix.laplacian2D(gridSide)
        var values = base.values
        for i in 0..<n {
            for k in base.rowPointers[i]..<base.rowPointers[i + 1] where Int(base.columnIndices[k]) == i {
                values[k] += c
            }
        }
        produced += 1
        return SequenceInstance(matrix: base.withValues(values), rhs: b, context: c, youngOmega: youngOmega(shift: c))
    }
}
