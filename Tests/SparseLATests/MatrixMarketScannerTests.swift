import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SparseLA

/// SplitMix64: a tiny deterministic generator for reproducible random tests.
struct MatrixMarketTestRNG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

@Suite struct MatrixMarketScannerTests {
    /// Parses one token with the scanner.
    static func scan(_ token: String) -> (MatrixMarketScanner.RealStatus, Double) {
        let bytes = Array(token.utf8)
        return bytes.withUnsafeBufferPointer { b in
            var s = MatrixMarketScanner(b, name: "t")
            var v = 0.0
            let status = s.parseReal(&v)
            return (status, v)
        }
    }

    static func reference(_ token: String) -> Double { strtod(token, nil) }

    @Test func agreesBitForBitWithStrtod() {
        var rng = MatrixMarketTestRNG(state: 12345)
        var tokens: [String] = [
            "0", "-0", "0.0", "1", "-1", ".5", "5.", "+3", "1e0", "1E+0", "1.00000000000000000000e+000",
            "9007199254740993", "9007199254740992", "9007199254740991", "18446744073709551615",
            "18446744073709551616", "1234567890123456789", "12345678901234567890123",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "4.9406564584124654e-324",
            "1.7976931348623157e308", "0.1", "0.2", "0.3", "1e22", "1e23", "1e-22", "1e-23",
            "8.98846567431158e307", "123456789012345678e-5", "7.2057594037927933e16",
            "0.000000000000000000000000000000000000001", "100000000000000000000000000000000",
            "3.141592653589793238462643383279", "2.718281828459045235360287471352662497757",
            "1.00000000000000011102230246251565404236316680908203125", // halfway 1 and next
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "9007199254740993.0000000000001", "-6.2799153063425148e+00", "-1.0201000000000000e-01",
        ]
        // Random decimal strings: 1-25 digits, random point position, exponent -340...340.
        for _ in 0..<30_000 {
            let digits = 1 + rng.below(25)
            var s = rng.below(2) == 0 ? "-" : ""
            let point = rng.below(digits + 1)
            for k in 0..<digits {
                if k == point && k > 0 { s += "." }
                s += String(rng.below(10))
            }
            if rng.below(3) > 0 { s += "e\(rng.below(681) - 340)" }
            tokens.append(s)
        }
        // Shortest and 17-digit renderings of random doubles.
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            tokens.append(x.description)
            let buffer = [CChar](repeating: 0, count: 64)
            var b = buffer
            _ = withVaList([x]) { vsnprintf(&b, 64, "%.17g", $0) }
            tokens.append(String(decoding: b.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            _ = withVaList([x]) { vsnprintf(&b, 64, "%.15e", $0) }
            tokens.append(String(decoding: b.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        var mismatches = 0
        for t in tokens {
            let (status, v) = Self.scan(t)
            let r = Self.reference(t)
            if r.isInfinite {
                if status != .overflow { mismatches += 1; Issue.record("\(t): expected overflow") }
            } else if status != .ok || v.bitPattern != r.bitPattern {
                mismatches += 1
                if mismatches < 10 { Issue.record("\(t): got \(v) (\(status)), strtod \(r)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func specialValuesAndGarbage() {
        #expect(Self.scan("nan").1.isNaN)
        #expect(Self.scan("-NaN").1.isNaN)
        #expect(Self.scan("Inf").1 == .infinity)
        #expect(Self.scan("-infinity").1 == -.infinity)
        #expect(Self.scan("+INF").1 == .infinity)
        for bad in ["", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1-2", "nanx", "infin", "0x1p3", "1,5", "--1", "1d5"] {
            #expect(Self.scan(bad).0 == .notANumber, "\(bad)")
        }
        #expect(Self.scan("1e999999999999999999999").0 == .overflow)
        #expect(Self.scan("1e-999999999999999999999").1 == 0)
    }

    @Test func integerIndices() {
        func index(_ t: String) -> Int? {
            Array(t.utf8).withUnsafeBufferPointer { b in
                var s = MatrixMarketScanner(b, name: "t")
                return try? s.parseIndex("x")
            }
        }
        #expect(index("0") == 0)
        #expect(index("+42") == 42)
        #expect(index("9223372036854775807") == Int.max)
        #expect(index("9223372036854775808") == nil)
        #expect(index("12a") == nil)
        #expect(index("-1") == nil)
        #expect(index("1.0") == nil)
    }
}
