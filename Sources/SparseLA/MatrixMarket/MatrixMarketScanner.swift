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
    /// 1-based number of the line that contains `pos`.
    var line: Int = 1

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
            if c == 0x0A { line += 1; return }
        }
    }

    /// The text from `pos` to the end of the line (without `\r\n`), advancing past the line.
    mutating func takeLine() -> String {
        let start = pos
        while pos < count && base[pos] != 0x0A { pos += 1 }
        var end = pos
        if pos < count { pos += 1; line += 1 }
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
            if c == 0x0A { pos += 1; line += 1; continue }
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
    @inline(__always) mutating func separator(before what: String) throws(MatrixMarketError) {
        let start = pos
        while pos < count && (base[pos] == 0x20 || base[pos] == 0x09) { pos += 1 }
        if pos == start || pos >= count || base[pos] == 0x0A || base[pos] == 0x0D {
            // Let a trailing "\r" before a newline count as the end of the line.
            skipBlanks()
            if pos >= count || base[pos] == 0x0A {
                throw error(.invalidEntry, "missing \(what) (line ends early)")
            }
            if pos == start { throw error(.invalidNumber, "expected white space before \(what), found \(tokenExcerpt())") }
        }
    }

    /// After the last field of a line: allows trailing blanks, then requires the end of the line or data,
    /// and moves to the start of the next line.
    @inline(__always) mutating func endOfLine(expected: String) throws(MatrixMarketError) {
        skipBlanks()
        if pos >= count { return }
        if base[pos] == 0x0A { pos += 1; line += 1; return }
        throw error(.invalidEntry, "unexpected extra field \(tokenExcerpt()) (expected \(expected))")
    }

    /// Parses an unsigned decimal integer (an optional leading `+` is allowed) that must be followed by a
    /// delimiter. Throws `.invalidNumber` for non-digits and `.invalidSizeLine`/`.invalidNumber` on overflow.
    @inline(__always) mutating func parseIndex(_ what: String) throws(MatrixMarketError) -> Int {
        var p = pos
        if p < count && base[p] == 0x2B { p += 1 }
        guard p < count, MatrixMarketScanner.isDigit(base[p]) else {
            if p < count && base[p] == 0x2D, p + 1 < count, MatrixMarketScanner.isDigit(base[p + 1]) {
                throw error(.indexOutOfRange, "\(what) \(tokenExcerpt()) is negative")
            }
            throw error(.invalidNumber, "expected an integer \(what), found \(tokenExcerpt())")
        }
        var v = 0
        while p < count {
            let d = base[p] &- 0x30
            if d >= 10 { break }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(d))
            if o1 || o2 { throw error(.invalidNumber, "integer \(what) \(tokenExcerpt()) is too large") }
            v = a
            p += 1
        }
        guard isDelimiter(p) else { throw error(.invalidNumber, "expected an integer \(what), found \(tokenExcerpt())") }
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

    // MARK: Floating point

    /// Exact powers of ten representable in `Double` (10^0 ... 10^22).
    static let exactPowers: [Double] = (0...22).map { k in
        var x = 1.0
        for _ in 0..<k { x *= 10 }
        return x
    }

    #if arch(x86_64) || arch(i386)
    /// Exact powers of ten in `Float80` (10^0 ... 10^27; 10^27 < 2^64 * 2^27 fits the 64-bit significand).
    static let exactPowers80: [Float80] = (0...27).map { k in
        var x: Float80 = 1
        for _ in 0..<k { x *= 10 }
        return x
    }
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
        if p < count && (base[p] == 0x2D || base[p] == 0x2B) { negative = base[p] == 0x2D; p += 1 }
        var mantissa: UInt64 = 0
        var significant = 0      // digits folded into mantissa
        var pendingZeros = 0     // zeros seen after the last nonzero digit, not yet folded
        var fractionDigits = 0   // digits after the decimal point
        var anyDigit = false
        var tooMany = false
        // Integer part.
        while p < count {
            let d = base[p] &- 0x30
            if d >= 10 { break }
            anyDigit = true
            if d == 0 {
                if mantissa != 0 { pendingZeros += 1 }
            } else {
                significant += pendingZeros + 1
                if significant > 19 { tooMany = true } else {
                    for _ in 0..<pendingZeros { mantissa &*= 10 }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                }
                pendingZeros = 0
            }
            p += 1
        }
        if p < count && base[p] == 0x2E {
            p += 1
            while p < count {
                let d = base[p] &- 0x30
                if d >= 10 { break }
                anyDigit = true
                fractionDigits += 1
                if d == 0 {
                    if mantissa != 0 || tooMany { pendingZeros += 1 }
                } else {
                    significant += pendingZeros + 1
                    if significant > 19 { tooMany = true } else {
                        for _ in 0..<pendingZeros { mantissa &*= 10 }
                        mantissa = mantissa &* 10 &+ UInt64(d)
                    }
                    pendingZeros = 0
                }
                p += 1
            }
        }
        if !anyDigit {
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
                if exponent < 100_000_000 { exponent = exponent * 10 + Int(d) }
                q += 1
            }
            if expNegative { exponent = -exponent }
            p = q
        }
        guard isDelimiter(p) else { return .notANumber }
        // value = mantissa * 10^(pendingZeros - fractionDigits + exponent)
        if !tooMany {
            if mantissa == 0 {
                out = negative ? -0.0 : 0.0
                pos = p
                return .ok
            }
            let e10 = pendingZeros - fractionDigits + exponent
            if mantissa <= (1 << 53) && e10 >= -22 && e10 <= 22 {
                // Clinger's fast path: both operands exact, one rounding.
                var v = Double(mantissa)
                if e10 >= 0 { v *= MatrixMarketScanner.exactPowers[e10] } else { v /= MatrixMarketScanner.exactPowers[-e10] }
                out = negative ? -v : v
                pos = p
                return .ok
            }
            #if arch(x86_64) || arch(i386)
            if e10 >= -27 && e10 <= 27 {
                // Both operands exact in Float80; one rounding to 64 bits, then a second rounding to 53 bits
                // that is correct unless the 11 dropped bits sit within one unit of the halfway point.
                let m80 = Float80(mantissa)
                let r = e10 >= 0 ? m80 * MatrixMarketScanner.exactPowers80[e10] : m80 / MatrixMarketScanner.exactPowers80[-e10]
                let low = r.significandBitPattern & 0x7FF
                if low < 0x3FF || low > 0x401 {
                    let v = Double(r)
                    out = negative ? -v : v
                    pos = p
                    return .ok
                }
            }
            #endif
        }
        return parseWithStrtod(from: start, to: p, into: &out)
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
