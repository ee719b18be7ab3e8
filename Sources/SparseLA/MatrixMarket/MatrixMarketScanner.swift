#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A forward-only cursor over the bytes of a Matrix Market file that tracks the current line and
/// parses integers and floating-point numbers without allocating.
///
/// Number parsing: integers are accumulated with overflow checks; reals use a fast exact path
/// (mantissa of at most 19 significant digits times a power of ten, evaluated so that the result is
/// the correctly rounded `Double`) and fall back to the C library's `strtod` for everything else,
/// so every value is correctly rounded.
struct MatrixMarketScanner {
    let base: UnsafePointer<UInt8>
    let count: Int
    let name: String
    var pos: Int = 0
    /// 1-based number of the line that contains `pos`. Computed by counting newlines before `pos`
    /// (O(pos)), so the hot loops carry no line counter; it is only needed for errors and the header.
    var line: Int {
        var n = 1
        var p = 0
        let end = Swift.min(pos, count)
        while p + 8 <= end {
            let w = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            // Count bytes equal to 0x0A in the word (exact zero-byte test, no carries across bytes).
            let x = w ^ 0x0A0A_0A0A_0A0A_0A0A
            let t = ((x & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | x
            n += (~t & 0x8080_8080_8080_8080).nonzeroBitCount
            p += 8
        }
        while p < end { if base[p] == 0x0A { n += 1 }; p += 1 }
        return n
    }
    /// Exact powers of ten (read once per scanner, so the hot path has no lazy-global checks).
    let powers: UnsafePointer<Double> = MatrixMarketScanner.exactPowers
    #if arch(x86_64) || arch(i386)
    let powers80: UnsafePointer<Float80> = MatrixMarketScanner.exactPowers80
    #endif

    init(_ buffer: UnsafeBufferPointer<UInt8>, name: String) {
        // An empty buffer may have a nil base address; point at a static byte instead.
        self.base = buffer.baseAddress ?? MatrixMarketScanner.emptyByte
        self.count = buffer.count
        self.name = name
    }

    nonisolated(unsafe) static let emptyByte: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    @inline(__always) var atEnd: Bool { pos >= count }
    @inline(__always) var remaining: Int { count - pos }
    @inline(__always) func peek() -> UInt8 { pos < count ? base[pos] : 0 }

    func error(_ kind: MatrixMarketError.Kind, _ reason: String, line: Int? = nil) -> MatrixMarketError {
        MatrixMarketError(kind: kind, file: name, line: line ?? self.line, reason: reason)
    }

    /// Builds an error on the cold path: the message is only formatted when something is wrong, and the
    /// formatting code stays out of the hot parsing loops.
    @inline(never) func fail(_ kind: MatrixMarketError.Kind, _ message: () -> String) -> MatrixMarketError {
        error(kind, message())
    }

    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C }
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// Skips spaces, tabs and carriage returns (not newlines).
    @inline(__always) mutating func skipBlanks() {
        while pos < count && MatrixMarketScanner.isBlank(base[pos]) { pos += 1 }
    }

    /// Moves past the end of the current line (past its `\n`, or to the end of the data).
    mutating func skipLine() {
        while pos < count {
            let c = base[pos]
            pos += 1
            if c == 0x0A { return }
        }
    }

    /// The text from `pos` to the end of the line (without `\r\n`), advancing past the line.
    mutating func takeLine() -> String {
        let start = pos
        while pos < count && base[pos] != 0x0A { pos += 1 }
        var end = pos
        if pos < count { pos += 1 }
        if end > start && base[end - 1] == 0x0D { end -= 1 }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// Skips blank lines and `%` comment lines. Returns false at the end of the data; otherwise `pos`
    /// is at the first non-blank byte of a data line.
    mutating func skipToData() -> Bool {
        while true {
            skipBlanks()
            guard pos < count else { return false }
            let c = base[pos]
            if c == 0x0A { pos += 1; continue }
            if c == 0x25 /* % */ { skipLine(); continue }
            return true
        }
    }

    /// The number of the last line of the data (a final newline does not start a new line).
    var lastLine: Int {
        count > 0 && base[count - 1] == 0x0A && pos >= count ? line - 1 : line
    }

    /// A short printable excerpt of the token at `pos` for error messages.
    func tokenExcerpt() -> String {
        var end = pos
        while end < count && end - pos < 24 && !MatrixMarketScanner.isBlank(base[end]) && base[end] != 0x0A { end += 1 }
        if end == pos { return pos >= count ? "end of file" : "end of line" }
        let text = String(decoding: UnsafeBufferPointer(start: base + pos, count: end - pos), as: UTF8.self)
        return "'\(text)'"
    }

    @inline(__always) func isDelimiter(_ p: Int) -> Bool {
        p >= count || MatrixMarketScanner.isBlank(base[p]) || base[p] == 0x0A
    }

    /// Requires at least one space or tab, then skips all of them. `what` names the next field.
    @inline(__always) mutating func separator(before what: StaticString) throws(MatrixMarketError) {
        let start = pos
        while pos < count && (base[pos] == 0x20 || base[pos] == 0x09) { pos += 1 }
        if pos == start || pos >= count || base[pos] == 0x0A || base[pos] == 0x0D {
            // Let a trailing "\r" before a newline count as the end of the line.
            skipBlanks()
            if pos >= count || base[pos] == 0x0A {
                throw fail(.invalidEntry) { "missing \(what) (line ends early)" }
            }
            if pos == start { throw fail(.invalidNumber) { "expected white space before \(what), found \(tokenExcerpt())" } }
        }
    }

    /// After the last field of a line: allows trailing blanks, then requires the end of the line or data,
    /// and moves to the start of the next line.
    @inline(__always) mutating func endOfLine(expected: StaticString) throws(MatrixMarketError) {
        skipBlanks()
        if pos >= count { return }
        if base[pos] == 0x0A { pos += 1; return }
        throw fail(.invalidEntry) { "unexpected extra field \(tokenExcerpt()) (expected \(expected))" }
    }

    /// Parses an unsigned decimal integer (an optional leading `+` is allowed) that must be followed by a
    /// delimiter. Throws `.invalidNumber` for non-digits and `.invalidSizeLine`/`.invalidNumber` on overflow.
    @inline(__always) mutating func parseIndex(_ what: StaticString) throws(MatrixMarketError) -> Int {
        var p = pos
        if p < count && base[p] == 0x2B { p += 1 }
        guard p < count, MatrixMarketScanner.isDigit(base[p]) else {
            if p < count && base[p] == 0x2D, p + 1 < count, MatrixMarketScanner.isDigit(base[p + 1]) {
                throw fail(.indexOutOfRange) { "\(what) \(tokenExcerpt()) is negative" }
            }
            throw fail(.invalidNumber) { "expected an integer \(what), found \(tokenExcerpt())" }
        }
        var v = 0
        let first = p
        while p < count {
            let d = base[p] &- 0x30
            if d >= 10 { break }
            v = v &* 10 &+ Int(d)
            p += 1
        }
        if p - first > 18 {
            // Only now can the value overflow: redo with checks.
            v = 0
            for q in first..<p {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(base[q] &- 0x30))
                if o1 || o2 { throw fail(.invalidNumber) { "integer \(what) \(tokenExcerpt()) is too large" } }
                v = a
            }
        }
        guard isDelimiter(p) else { throw fail(.invalidNumber) { "expected an integer \(what), found \(tokenExcerpt())" } }
        pos = p
        return v
    }

    /// The allocation limit for a result: `maxMemoryBytes`, and at most 64 times the size of the data or
    /// 1 GiB, whichever is larger. A genuine matrix needs well under 64 bytes of memory per byte of text
    /// (an entry takes at least 6 bytes and becomes at most 56 bytes with mirroring), so only declared
    /// sizes that the file cannot back up (e.g. billions of empty rows) hit the second bound.
    static func memoryLimit(options: MatrixMarketReadOptions, fileBytes: Int) -> Int {
        Swift.min(options.maxMemoryBytes, Swift.max(1 << 30, fileBytes.multipliedReportingOverflow(by: 64).partialValue))
    }

    static let limitExplanation = "MatrixMarketReadOptions.maxMemoryBytes, and at most max(1 GiB, 64 x file size)"

    /// An optionally signed integer of at most 15 digits followed by a delimiter (exact in `Double`),
    /// advancing past it; nil (without moving) for anything else, which then goes through `parseReal`.
    @inline(__always) mutating func parseSmallInteger() -> Double? {
        var p = pos
        var negative = false
        if p < count {
            let c = base[p]
            if c == 0x2D { negative = true; p += 1 } else if c == 0x2B { p += 1 }
        }
        let first = p
        var v = 0
        while p < count {
            let d = base[p] &- 0x30
            if d >= 10 { break }
            v = v &* 10 &+ Int(d)
            p += 1
        }
        guard p > first && p - first <= 15 && isDelimiter(p) else { return nil }
        pos = p
        let x = Double(v)
        return negative ? -x : x
    }

    // MARK: Floating point

    /// Exact powers of ten representable in `Double` (10^0 ... 10^22).
    nonisolated(unsafe) static let exactPowers: UnsafePointer<Double> = {
        let p = UnsafeMutablePointer<Double>.allocate(capacity: 23)
        var x = 1.0
        for k in 0...22 { p[k] = x; x *= 10 }
        return UnsafePointer(p)
    }()

    #if arch(x86_64) || arch(i386)
    /// Exact powers of ten in `Float80` (10^0 ... 10^27; 10^27 < 2^64 * 2^27 fits the 64-bit significand).
    nonisolated(unsafe) static let exactPowers80: UnsafePointer<Float80> = {
        let p = UnsafeMutablePointer<Float80>.allocate(capacity: 28)
        var x: Float80 = 1
        for k in 0...27 { p[k] = x; x *= 10 }
        return UnsafePointer(p)
    }()
    #endif

    /// Result of `parseReal`: the value, or why it failed.
    enum RealStatus { case ok, notANumber, overflow }

    /// Parses a real number at `pos` (`[+-]digits[.digits][(e|E)[+-]digits]`, also `.5`, `5.`,
    /// `nan`, `inf`, `infinity`), which must be followed by a delimiter. On success advances `pos`.
    /// The result is the correctly rounded `Double`; values beyond the `Double` range report `.overflow`
    /// (underflow rounds to zero or a subnormal, like `strtod`).
    @inline(__always) mutating func parseReal(_ out: inout Double) -> RealStatus {
        let start = pos
        var p = pos
        var negative = false
        if p < count {
            let c = base[p]
            if c == 0x2D { negative = true; p += 1 } else if c == 0x2B { p += 1 }
        }
        // Fast scan: up to 19 digits fit in UInt64 without overflow; longer mantissas (many leading or
        // trailing zeros, or more precision than a Double holds) go to `parseRealLong`.
        var mantissa: UInt64 = 0
        let integerStart = p
        while p + 8 <= count, let eight = eightDigits(at: p) {
            mantissa = mantissa &* 100_000_000 &+ eight
            p += 8
        }
        while p < count {
            let d = base[p] &- 0x30
            if d >= 10 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p += 1
        }
        var digits = p - integerStart
        var fractionDigits = 0
        if p < count && base[p] == 0x2E {
            p += 1
            let fractionStart = p
            while p + 8 <= count, let eight = eightDigits(at: p) {
                mantissa = mantissa &* 100_000_000 &+ eight
                p += 8
            }
            while p < count {
                let d = base[p] &- 0x30
                if d >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                p += 1
            }
            fractionDigits = p - fractionStart
            digits += fractionDigits
        }
        if digits == 0 {
            return parseSpecial(from: p, negative: negative, into: &out)
        }
        var exponent = 0
        if p < count && (base[p] | 0x20) == 0x65 /* e/E */ {
            var q = p + 1
            var expNegative = false
            if q < count && (base[q] == 0x2D || base[q] == 0x2B) { expNegative = base[q] == 0x2D; q += 1 }
            guard q < count, MatrixMarketScanner.isDigit(base[q]) else { return .notANumber }
            while q < count {
                let d = base[q] &- 0x30
                if d >= 10 { break }
                if exponent < 100_000_000 { exponent = exponent &* 10 &+ Int(d) }
                q += 1
            }
            if expNegative { exponent = -exponent }
            p = q
        }
        guard isDelimiter(p) else { return .notANumber }
        if digits > 19 {
            return parseRealLong(from: start, to: p, into: &out)
        }
        if let v = combine(mantissa, exponent - fractionDigits) {
            out = negative ? -v : v
            pos = p
            return .ok
        }
        return parseWithStrtod(from: start, to: p, into: &out)
    }

    /// The value of 8 ASCII digits at `p` (SWAR, as in fast_float), or nil if any byte is not a digit.
    /// Requires `p + 8 <= count`. Mantissa overflow is harmless: more than 19 digits take the long path.
    @inline(__always) func eightDigits(at p: Int) -> UInt64? {
        var v = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
        guard (v & 0xF0F0_F0F0_F0F0_F0F0) | (((v &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4) == 0x3333_3333_3333_3333 else {
            return nil
        }
        v &-= 0x3030_3030_3030_3030
        v = v &* 10 &+ (v >> 8)
        v = (((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064) &+ (((v >> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)) >> 32
        return v
    }

    /// `mantissa * 10^e10` correctly rounded when it can be done exactly and cheaply, else nil.
    @inline(__always) func combine(_ mantissa: UInt64, _ e10: Int) -> Double? {
        if mantissa == 0 { return 0 }
        if mantissa <= (1 << 53) && e10 >= -22 && e10 <= 22 {
            // Clinger's fast path: both operands exact, one rounding.
            let v = Double(mantissa)
            return e10 >= 0 ? v * powers[e10] : v / powers[-e10]
        }
        #if arch(x86_64) || arch(i386)
        if e10 >= -27 && e10 <= 27 {
            // Both operands exact in Float80; one rounding to 64 bits, then a second rounding to 53 bits
            // that is correct unless the 11 dropped bits sit within one unit of the halfway point.
            let m80 = Float80(mantissa)
            let r = e10 >= 0 ? m80 * powers80[e10] : m80 / powers80[-e10]
            let low = r.significandBitPattern & 0x7FF
            if low < 0x3FF || low > 0x401 { return Double(r) }
        }
        #endif
        return nil
    }

    /// Numbers with more than 19 digits: leading zeros and trailing zeros are dropped; if at most 19
    /// significant digits remain the fast combination is used, otherwise `strtod`.
    mutating func parseRealLong(from start: Int, to end: Int, into out: inout Double) -> RealStatus {
        var p = start
        var negative = false
        if base[p] == 0x2D { negative = true; p += 1 } else if base[p] == 0x2B { p += 1 }
        var mantissa: UInt64 = 0
        var significant = 0, pendingZeros = 0, fractionDigits = 0
        var inFraction = false
        var exponent = 0
        while p < end {
            let c = base[p]
            if c == 0x2E { inFraction = true; p += 1; continue }
            let d = c &- 0x30
            if d >= 10 { break }
            if inFraction { fractionDigits += 1 }
            if d == 0 {
                if mantissa != 0 { pendingZeros += 1 }
            } else {
                significant += pendingZeros + 1
                if significant > 19 { return parseWithStrtod(from: start, to: end, into: &out) }
                for _ in 0..<pendingZeros { mantissa &*= 10 }
                mantissa = mantissa &* 10 &+ UInt64(d)
                pendingZeros = 0
            }
            p += 1
        }
        if p < end {  // exponent (already validated)
            p += 1
            var expNegative = false
            if base[p] == 0x2D || base[p] == 0x2B { expNegative = base[p] == 0x2D; p += 1 }
            while p < end {
                if exponent < 100_000_000 { exponent = exponent * 10 + Int(base[p] &- 0x30) }
                p += 1
            }
            if expNegative { exponent = -exponent }
        }
        if let v = combine(mantissa, pendingZeros - fractionDigits + exponent) {
            out = negative ? -v : v
            pos = end
            return .ok
        }
        return parseWithStrtod(from: start, to: end, into: &out)
    }

    /// `nan`, `inf`, `infinity` (case-insensitive) after an optional sign at `p`.
    mutating func parseSpecial(from p: Int, negative: Bool, into out: inout Double) -> RealStatus {
        func matches(_ word: StaticString, at q: Int) -> Bool {
            let n = word.utf8CodeUnitCount
            guard q + n <= count else { return false }
            let w = word.utf8Start
            for k in 0..<n where (base[q + k] | 0x20) != w[k] { return false }
            return true
        }
        if matches("nan", at: p) && isDelimiter(p + 3) {
            out = negative ? -Double.nan : Double.nan
            pos = p + 3
            return .ok
        }
        if matches("infinity", at: p) && isDelimiter(p + 8) {
            out = negative ? -Double.infinity : Double.infinity
            pos = p + 8
            return .ok
        }
        if matches("inf", at: p) && isDelimiter(p + 3) {
            out = negative ? -Double.infinity : Double.infinity
            pos = p + 3
            return .ok
        }
        return .notANumber
    }

    /// Slow path: hands the token (already validated as a decimal number) to `strtod`.
    mutating func parseWithStrtod(from start: Int, to end: Int, into out: inout Double) -> RealStatus {
        let length = end - start
        let result: Double = withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: base[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
        if result.isInfinite { return .overflow }
        out = result
        pos = end
        return .ok
    }
}
