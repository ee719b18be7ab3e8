/// Parses the banner, the comment block and the size line of a Matrix Market file.
enum MatrixMarketHeaderParser {
    /// Reads everything up to and including the size line. On return the scanner is at the start of the
    /// line after the size line.
    static func parse(_ s: inout MatrixMarketScanner, options: MatrixMarketReadOptions,
                      comments: inout [String]) throws(MatrixMarketError) -> MatrixMarketHeader {
        // Optional UTF-8 byte order mark.
        if s.count >= 3 && s.base[0] == 0xEF && s.base[1] == 0xBB && s.base[2] == 0xBF { s.pos = 3 }
        // Leading blank lines are tolerated.
        while true {
            s.skipBlanks()
            if s.pos < s.count && s.base[s.pos] == 0x0A { s.pos += 1 } else { break }
        }
        guard !s.atEnd else { throw s.error(.emptyFile, s.count == 0 ? "file is empty" : "file contains only white space", line: 1) }

        var object = MatrixMarketHeader.Object.matrix
        var format = MatrixMarketHeader.Format.coordinate
        var field = MatrixMarketHeader.Field.real
        var symmetry = MatrixMarketHeader.Symmetry.general
        var hasBanner = false
        if s.peek() == 0x25 && s.pos + 1 < s.count && s.base[s.pos + 1] == 0x25 {
            let bannerLine = s.line
            let text = s.takeLine()
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map { $0.lowercased() }
            guard words.first == "%%matrixmarket" else {
                throw s.error(.missingBanner, "first line is not a '%%MatrixMarket' banner: '\(clip(text))'", line: bannerLine)
            }
            guard words.count >= 5 else {
                throw s.error(.invalidBanner, "banner needs 4 words after %%MatrixMarket (object format field symmetry), found \(words.count - 1)", line: bannerLine)
            }
            guard words.count == 5 else {
                throw s.error(.invalidBanner, "unexpected text after the symmetry word in the banner: '\(clip(words[5...].joined(separator: " ")))'", line: bannerLine)
            }
            guard let o = MatrixMarketHeader.Object(rawValue: words[1]) else {
                throw s.error(.invalidBanner, "unknown object '\(clip(words[1]))' in banner (expected matrix or vector)", line: bannerLine)
            }
            guard let f = MatrixMarketHeader.Format(rawValue: words[2]) else {
                throw s.error(.invalidBanner, "unknown format '\(clip(words[2]))' in banner (expected coordinate or array)", line: bannerLine)
            }
            let fieldWord = words[3] == "double" ? "real" : words[3]
            guard let fl = MatrixMarketHeader.Field(rawValue: fieldWord) else {
                throw s.error(.invalidBanner, "unknown field '\(clip(words[3]))' in banner (expected real, integer, pattern or complex)", line: bannerLine)
            }
            guard let sy = MatrixMarketHeader.Symmetry(rawValue: words[4]) else {
                throw s.error(.invalidBanner, "unknown symmetry '\(clip(words[4]))' in banner (expected general, symmetric, skew-symmetric or hermitian)", line: bannerLine)
            }
            if fl == .pattern && f == .array {
                throw s.error(.invalidBanner, "field 'pattern' is only valid with format 'coordinate'", line: bannerLine)
            }
            if fl == .pattern && (sy == .hermitian || sy == .skewSymmetric) {
                throw s.error(.invalidBanner, "symmetry '\(sy.rawValue)' makes no sense with field 'pattern'", line: bannerLine)
            }
            if o == .vector && sy != .general {
                throw s.error(.invalidBanner, "a vector must have symmetry 'general', not '\(sy.rawValue)'", line: bannerLine)
            }
            object = o; format = f; field = fl; symmetry = sy
            hasBanner = true
        } else if !options.allowMissingBanner {
            throw s.error(.missingBanner, "missing '%%MatrixMarket' banner on the first line (found \(s.tokenExcerpt()))")
        }

        // Comment block and blank lines before the size line.
        while true {
            s.skipBlanks()
            guard !s.atEnd else {
                throw s.error(.invalidSizeLine, "file ends before the size line")
            }
            let c = s.peek()
            if c == 0x0A { s.pos += 1; continue }
            if c == 0x25 {
                if options.keepComments {
                    s.pos += 1
                    let text = s.takeLine()
                    if comments.count < 10_000 { comments.append(text) }
                } else {
                    s.skipLine()
                }
                continue
            }
            break
        }

        // Size line: up to 3 non-negative integers.
        let sizeLine = s.line
        var numbers: [Int] = []
        while true {
            s.skipBlanks()
            if s.atEnd || s.peek() == 0x0A { break }
            if numbers.count == 8 {
                throw s.error(.invalidSizeLine, "size line has too many numbers")
            }
            let v: Int
            do { v = try s.parseIndex("in the size line") } catch {
                throw s.error(.invalidSizeLine, error.reason)
            }
            numbers.append(v)
        }
        if !s.atEnd { s.pos += 1 }

        if !hasBanner {
            switch numbers.count {
            case 3: format = .coordinate
            case 2: format = .array
            default:
                throw s.error(.invalidSizeLine, "without a banner the size line must hold 2 (array) or 3 (coordinate) integers, found \(numbers.count)", line: sizeLine)
            }
        }

        let rows: Int, columns: Int, declared: Int
        switch (object, format) {
        case (.matrix, .coordinate):
            guard numbers.count == 3 else {
                throw s.error(.invalidSizeLine, numbers.count > 3
                    ? "size line has \(numbers.count) numbers, expected 3 (rows columns entries); extended formats (e.g. Lis' appended right-hand side) are not supported"
                    : "size line has \(numbers.count) numbers, expected 3 (rows columns entries)", line: sizeLine)
            }
            rows = numbers[0]; columns = numbers[1]; declared = numbers[2]
        case (.matrix, .array):
            guard numbers.count == 2 else {
                throw s.error(.invalidSizeLine, "size line has \(numbers.count) numbers, expected 2 (rows columns) for an array file", line: sizeLine)
            }
            rows = numbers[0]; columns = numbers[1]
            declared = try arrayEntryCount(rows: rows, columns: columns, symmetry: symmetry, s, sizeLine)
        case (.vector, .coordinate):
            guard numbers.count == 1 || numbers.count == 2 else {
                throw s.error(.invalidSizeLine, "size line of a coordinate vector has \(numbers.count) numbers, expected 'n' or 'n entries'", line: sizeLine)
            }
            rows = numbers[0]; columns = 1; declared = numbers.count == 2 ? numbers[1] : numbers[0]
        case (.vector, .array):
            guard numbers.count == 1 else {
                throw s.error(.invalidSizeLine, "size line of an array vector has \(numbers.count) numbers, expected 1", line: sizeLine)
            }
            rows = numbers[0]; columns = 1; declared = rows
        }
        if symmetry != .general && rows != columns {
            throw s.error(.invalidSizeLine, "a \(symmetry.rawValue) matrix must be square, size line says \(rows)x\(columns)", line: sizeLine)
        }
        if rows > Int(Int32.max) || columns > Int(Int32.max) {
            throw s.error(.tooLarge, "size \(rows)x\(columns) exceeds the 32-bit index range (\(Int32.max))", line: sizeLine)
        }
        return MatrixMarketHeader(object: object, format: format, field: field, symmetry: symmetry,
                                  rows: rows, columns: columns, declaredEntries: declared,
                                  hasBanner: hasBanner, sizeLine: sizeLine)
    }

    /// Number of values an array file stores: all of them, the lower triangle (symmetric/hermitian) or
    /// the strict lower triangle (skew-symmetric).
    static func arrayEntryCount(rows: Int, columns: Int, symmetry: MatrixMarketHeader.Symmetry,
                                _ s: MatrixMarketScanner, _ sizeLine: Int) throws(MatrixMarketError) -> Int {
        let (cells, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow else {
            throw s.error(.tooLarge, "array size \(rows)x\(columns) overflows", line: sizeLine)
        }
        switch symmetry {
        case .general: return cells
        case .symmetric, .hermitian: return rows == columns ? (cells + rows) / 2 : cells
        case .skewSymmetric: return rows == columns ? (cells - rows) / 2 : cells
        }
    }

    static func clip(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(60)) + "..." : text
    }
}
