import Foundation

/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64) so BCD runs,
/// random selection and the synthetic problems are reproducible bit for bit on every platform.
///
/// Not cryptographic. Complexity O(1) per draw, no allocation.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    /// The shared xoshiro256** stream (`SeededGenerator`); BCD adds unbiased indices and cached
    /// Gaussian pairs on top, so its recorded runs stay bit-for-bit reproducible.
    private var base: SeededGenerator
    private var spareGaussian: Double? = nil

    /// Creates the generator for `seed` (any value, including 0).
    public init(seed: UInt64) { base = SeededGenerator(seed: seed) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 { base.next() }

    /// A uniform draw in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { base.uniform() }

    /// A uniform integer in `0..<n` (`n > 0`), without modulo bias.
    public mutating func index(below n: Int) -> Int {
        precondition(n > 0, "SeededRandom.index(below:) needs n > 0")
        return Int(next(upperBound: UInt64(n)))
    }

    /// A standard normal draw (Box–Muller, pairs cached).
    public mutating func gaussian() -> Double {
        if let g = spareGaussian { spareGaussian = nil; return g }
        var u = uniform()
        while u <= 0 { u = uniform() }
        let v = uniform()
        let r = (-2 * log(u)).squareRoot()
        let a = 2 * Double.pi * v
        spareGaussian = r * sin(a)
        return r * cos(a)
    }
}
