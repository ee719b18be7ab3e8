import Foundation

/// A small, fast, seedable generator (xoshiro256**, seeded through SplitMix64) so BCD runs,
/// random selection and the synthetic problems are reproducible bit for bit on every platform.
///
/// Not cryptographic. Complexity O(1) per draw, no allocation.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareGaussian: Double? = nil

    /// Creates the generator for `seed` (any value, including 0).
    public init(seed: UInt64) {
        var z = seed
        func splitmix(_ z: inout UInt64) -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var r = z
            r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
            r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
            return r ^ (r >> 31)
        }
        s0 = splitmix(&z); s1 = splitmix(&z); s2 = splitmix(&z); s3 = splitmix(&z)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A uniform draw in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

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

