import Foundation

/// A small, seedable, serialisable pseudo-random generator (xoshiro256**, state seeded through
/// SplitMix64) for the ω-tuning policies and instance generators. Never touches the system RNG,
/// so every policy and generator is reproducible from its seed, and its whole state is four
/// integers that round-trip through JSON (`Codable`) for save/resume.
///
/// Period 2²⁵⁶ − 1; each draw is O(1) and allocation free.
public struct SeededGenerator: RandomNumberGenerator, Codable, Sendable, Equatable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the four state words from `seed` with SplitMix64 (any seed, including 0, is valid).
    public init(seed: UInt64) {
        var z = seed
        func splitMix(_ z: inout UInt64) -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s0 = splitMix(&z); s1 = splitMix(&z); s2 = splitMix(&z); s3 = splitMix(&z)
    }

    /// A generator for a sub-stream: seeds from this generator's seed material mixed with `stream`
    /// (used to give independent generators to per-bin learners and per-trial runs).
    public static func derived(seed: UInt64, stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in (0, 1) (never 0, for logarithms).
    public mutating func uniformPositive() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal draw (Box–Muller; one uniform pair per draw, no cached spare so the
    /// state stays the four words).
    public mutating func normal() -> Double {
        let u1 = uniformPositive(), u2 = uniform()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 through the U^(1/shape) boost).
    /// - Precondition: `shape > 0` and finite.
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0 && shape.isFinite, "SeededGenerator.gamma: shape must be positive, got \(shape)")
        if shape < 1 {
            let g = gamma(shape: shape + 1)
            return g * Foundation.pow(uniformPositive(), 1 / shape)
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniformPositive()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
        }
    }

    /// A Beta(α, β) draw as X/(X+Y) with X ~ Gamma(α), Y ~ Gamma(β).
    /// - Precondition: α, β > 0.
    public mutating func beta(_ alpha: Double, _ beta: Double) -> Double {
        let x = gamma(shape: alpha), y = gamma(shape: beta)
        let s = x + y
        return s > 0 ? x / s : 0.5
    }

    /// Samples an index with probability proportional to `weights` (non-negative; normalised
    /// here, like MATLAB's `randsample`). Returns nil when the weights are not usable (empty,
    /// negative, NaN or all zero), so callers can fall back (Tsallis-INF falls back to uniform).
    public mutating func categorical(_ weights: [Double]) -> Int? {
        var total = 0.0
        for w in weights {
            guard w.isFinite, w >= 0 else { return nil }
            total += w
        }
        guard total > 0, total.isFinite else { return nil }
        let u = uniform() * total
        var acc = 0.0
        var last = 0
        for (i, w) in weights.enumerated() where w > 0 {
            acc += w
            last = i
            if u < acc { return i }
        }
        return last
    }

    /// Uniform integer in 0..<n (n > 0).
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "SeededGenerator.index: n must be positive")
        return Int(next() % UInt64(n))
    }
}
