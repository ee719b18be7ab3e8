import Foundation

/// Internal reader over a file's bytes for the mesh readers: whitespace-separated ASCII tokens
/// (numbers parsed with strtod/strtoll, no allocation per token), line-oriented reads and
/// little-endian binary values. Every failure becomes a `MeshError` with the 1-based line of the
/// current position.
final class ByteCursor {
    let file: String
    private let base: UnsafeMutablePointer<UInt8>
    /// Number of bytes (excluding the trailing NUL we add for strtod).
    let count: Int
    var pos = 0

    init(path: String) throws(MeshError) {
        file = path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MeshError(file: path, line: nil, reason: "cannot read file")
        }
        count = data.count
        base = .allocate(capacity: count + 1)
        data.copyBytes(to: base, count: count)
        base[count] = 0
    }

    init(text: String, name: String) {
        file = name
        let bytes = Array(text.utf8)
        count = bytes.count
        base = .allocate(capacity: count + 1)
        base.initialize(from: bytes, count: count)
        base[count] = 0
    }

    deinit { base.deallocate() }

    var atEnd: Bool { pos >= count }
    var remaining: Int { count - pos }

    /// 1-based line number of `position` (counts newlines; only used when reporting).
    func lineNumber(at position: Int? = nil) -> Int {
        let p = min(position ?? pos, count)
        var l = 1
        for i in 0..<p where base[i] == 10 { l += 1 }
        return l
    }

    func error(_ reason: String, at position: Int? = nil, binary: Bool = false) -> MeshError {
        MeshError(file: file, line: binary ? nil : lineNumber(at: position), reason: reason)
    }

    @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12 }

    func skipWhitespace() { while pos < count && isSpace(base[pos]) { pos += 1 } }

    /// Skips spaces and tabs but not newlines.
    func skipBlanks() { while pos < count && (base[pos] == 32 || base[pos] == 9 || base[pos] == 13) { pos += 1 } }

    /// True when only blanks remain before the end of the current line.
    func atEndOfLine() -> Bool {
        skipBlanks()
        return pos >= count || base[pos] == 10
    }

    /// Next whitespace-delimited token as a String (empty at end of file).
    func token() -> String {
        skipWhitespace()
        let start = pos
        while pos < count && !isSpace(base[pos]) { pos += 1 }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
    }

    /// Peeks the next token without consuming it.
    func peekToken() -> String {
        let save = pos
        defer { pos = save }
        return token()
    }

    /// The rest of the current line (without the newline), consuming the newline.
    func restOfLine() -> String {
        let start = pos
        while pos < count && base[pos] != 10 { pos += 1 }
        var end = pos
        if end > start && base[end - 1] == 13 { end -= 1 }
        if pos < count { pos += 1 }
        return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// Next line that is not blank, trimmed; nil at end of file.
    func nextNonBlankLine() -> String? {
        while pos < count {
            let l = restOfLine().trimmingCharacters(in: .whitespaces)
            if !l.isEmpty { return l }
        }
        return nil
    }

    /// Parses an integer token. `what` names the field in the error.
    func int(_ what: String) throws(MeshError) -> Int {
        skipWhitespace()
        if pos >= count { throw error("unexpected end of file, expected \(what)") }
        let start = base + pos
        var end: UnsafeMutablePointer<CChar>? = nil
        errno = 0
        let v = start.withMemoryRebound(to: CChar.self, capacity: 1) { p -> Int64 in
            strtoll(p, &end, 10)
        }
        let consumed = end.map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(start) } ?? 0
        if consumed == 0 || errno == ERANGE || (pos + consumed < count && !isSpace(base[pos + consumed])) {
            let bad = token()
            throw error("expected \(what) (an integer), found '\(bad.prefix(40))'")
        }
        pos += consumed
        return Int(v)
    }

    /// Parses a floating-point token.
    func double(_ what: String) throws(MeshError) -> Double {
        skipWhitespace()
        if pos >= count { throw error("unexpected end of file, expected \(what)") }
        let start = base + pos
        var end: UnsafeMutablePointer<CChar>? = nil
        let v = start.withMemoryRebound(to: CChar.self, capacity: 1) { p -> Double in strtod(p, &end) }
        let consumed = end.map { UnsafeMutableRawPointer($0) - UnsafeMutableRawPointer(start) } ?? 0
        if consumed == 0 || (pos + consumed < count && !isSpace(base[pos + consumed])) {
            let bad = token()
            throw error("expected \(what) (a number), found '\(bad.prefix(40))'")
        }
        pos += consumed
        return v
    }

    /// A count field: an integer in `0...limit`, else a typed error (guards absurd allocations).
    func count(_ what: String, limit: Int) throws(MeshError) -> Int {
        skipWhitespace()
        let p = pos
        let v = try int(what)
        if v < 0 || v > limit { throw error("\(what) = \(v) is negative or larger than the file can hold", at: p) }
        return v
    }

    // MARK: binary (little-endian)

    func need(_ n: Int, _ what: String) throws(MeshError) {
        if n < 0 || pos + n > count { throw error("binary data ends early while reading \(what)", binary: true) }
    }

    func readInt32(_ what: String) throws(MeshError) -> Int {
        try need(4, what)
        var v: Int32 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + pos, count: 4)) }
        pos += 4
        return Int(Int32(littleEndian: v))
    }

    func readUInt64(_ what: String) throws(MeshError) -> Int {
        try need(8, what)
        var v: UInt64 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + pos, count: 8)) }
        pos += 8
        let x = UInt64(littleEndian: v)
        if x > UInt64(Int32.max) * 16 { throw error("binary \(what) = \(x) is absurd", binary: true) }
        return Int(x)
    }

    func readDouble(_ what: String) throws(MeshError) -> Double {
        try need(8, what)
        var v: UInt64 = 0
        withUnsafeMutableBytes(of: &v) { $0.copyMemory(from: UnsafeRawBufferPointer(start: base + pos, count: 8)) }
        pos += 8
        return Double(bitPattern: UInt64(littleEndian: v))
    }

    /// Skips one newline (binary sections end with "\n$End...").
    func skipNewline() { if pos < count && base[pos] == 13 { pos += 1 }; if pos < count && base[pos] == 10 { pos += 1 } }
}
