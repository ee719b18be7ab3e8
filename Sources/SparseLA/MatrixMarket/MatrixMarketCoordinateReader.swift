#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Reads the data lines of a `coordinate` Matrix Market file into a `CSRMatrix`.
///
/// Each data line is `i j value` (`i j` for `pattern`, `i value` for a `vector` object), 1-based.
/// Blank lines and `%` comment lines may appear anywhere between entries. Duplicates are summed
/// (like SciPy). For symmetric kinds every off-diagonal entry is mirrored (negated for skew-symmetric);
/// entries in the upper triangle are accepted and mirrored the same way, so a file that stores both
/// `(i,j)` and `(j,i)` gets their sum in both places. A skew-symmetric file may store only zero on the
/// diagonal. Time O(bytes + nnz + rows); memory O(nnz + rows), bounded by the file size before allocating.
///
/// Large inputs (at least 512 KiB of entries on a machine with several cores) are parsed in parallel:
/// the data is cut at line boundaries into one chunk per thread, each chunk parsed into its own slice of
/// the triplet buffers. If any chunk meets a problem, or the chunks together do not hold exactly the
/// declared number of entries, the data is parsed again sequentially so that errors (kind and line) are
/// exactly those of the sequential reader.
enum MatrixMarketCoordinateReader {
    struct Result {
        var matrix: CSRMatrix
        var storedEntries: Int
        var nonFiniteCount: Int
    }

    /// What a data line must look like.
    struct Rules {
        var rows: Int
        var columns: Int
        var isVector: Bool
        var pattern: Bool
        var integer: Bool
        var skew: Bool
        var mirror: Bool
        var allowNonFinite: Bool
        var expected: StaticString
    }

    /// Raw triplet storage (freed by `deallocate`).
    struct Triplets {
        var rowIndex: UnsafeMutablePointer<Int32>
        var columnIndex: UnsafeMutablePointer<Int32>
        var values: UnsafeMutablePointer<Double>
        var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 2)
            rowIndex = .allocate(capacity: self.capacity)
            columnIndex = .allocate(capacity: self.capacity)
            values = .allocate(capacity: self.capacity)
        }

        func deallocate() { rowIndex.deallocate(); columnIndex.deallocate(); values.deallocate() }

        mutating func grow(keeping count: Int) {
            capacity *= 2
            MatrixMarketCoordinateReader.grow(&rowIndex, count, capacity)
            MatrixMarketCoordinateReader.grow(&columnIndex, count, capacity)
            MatrixMarketCoordinateReader.grow(&values, count, capacity)
        }

        /// Stores one entry (and its mirror image) at `n`, advancing `n`. Requires room for two.
        @inline(__always) func store(_ i: Int32, _ j: Int32, _ v: Double, rules: Rules, at n: inout Int) {
            rowIndex[n] = i; columnIndex[n] = j; values[n] = v
            n += 1
            if rules.mirror && i != j {
                rowIndex[n] = j; columnIndex[n] = i; values[n] = rules.skew ? -v : v
                n += 1
            }
        }
    }

    static func read(_ scanner: inout MatrixMarketScanner, header: MatrixMarketHeader,
                     options: MatrixMarketReadOptions) throws(MatrixMarketError) -> Result {
        // Work on a local copy so the optimizer can keep the cursor in registers.
        var s = scanner
        defer { scanner = s }
        let declared = header.declaredEntries
        let isVector = header.object == .vector
        let pattern = header.field == .pattern
        let symmetry = header.symmetry
        let mirror = symmetry != .general
        let rows = header.rows, columns = header.columns
        let rules = Rules(rows: rows, columns: columns, isVector: isVector, pattern: pattern,
                          integer: header.field == .integer, skew: symmetry == .skewSymmetric, mirror: mirror,
                          allowNonFinite: options.allowNonFinite,
                          expected: isVector ? (pattern ? "index" : "index value") : (pattern ? "row column" : "row column value"))

        // Never reserve more entries than the remaining bytes could hold ("i j v\n" is at least 6 bytes).
        let minBytes = (isVector ? 2 : 4) + (pattern ? 0 : 2)
        let plausible = Swift.min(declared, s.remaining / minBytes + 1)
        let expandedCapacity = mirror ? 2 * plausible : plausible
        // Memory: the triplets (4+4+8 bytes), the CSR copy (4+8), row pointers and counters (2 x 8 per row).
        let (rowBytes, o1) = (rows + 1).multipliedReportingOverflow(by: 24)
        let (entryBytes, o2) = expandedCapacity.multipliedReportingOverflow(by: 28)
        let (estimate, o3) = rowBytes.addingReportingOverflow(entryBytes)
        let limit = MatrixMarketScanner.memoryLimit(options: options, fileBytes: s.count)
        if o1 || o2 || o3 || estimate > limit {
            throw s.error(.tooLarge, "a \(rows)x\(columns) matrix with \(declared) entries needs about \(o1 || o2 || o3 ? "more than Int.max" : "\(estimate)") bytes, over the limit of \(limit) bytes (\(MatrixMarketScanner.limitExplanation))", line: header.sizeLine)
        }

        let threads = options.parallel ? parallelThreads(bytes: s.remaining) : 1
        if threads > 1, let r = parallelRead(s, rules: rules, declared: declared, minBytes: minBytes, threads: threads) {
            s.pos = s.count
            return r
        }

        var t = Triplets(capacity: expandedCapacity + 2)
        defer { t.deallocate() }
        var n = 0
        var nonFinite = 0
        for k in 0..<declared {
            guard s.skipToData() else {
                throw s.error(.tooFewEntries, "file ends after \(k) of the \(declared) entries declared on line \(header.sizeLine)", line: s.lastLine)
            }
            let (i, j, v) = try parseEntry(&s, rules, nonFinite: &nonFinite)
            if n + 2 > t.capacity { t.grow(keeping: n) }
            t.store(i, j, v, rules: rules, at: &n)
        }
        if s.skipToData() {
            throw s.error(.tooManyEntries, "more data after the \(declared) entries declared on line \(header.sizeLine): \(s.tokenExcerpt())")
        }
        let matrix = MatrixMarketAssembly.csr(rows: rows, columns: columns, rowIndex: t.rowIndex,
                                              columnIndex: t.columnIndex, values: t.values,
                                              segments: [0..<n])
        return Result(matrix: matrix, storedEntries: declared, nonFiniteCount: nonFinite)
    }

    /// Parses one data line at `s.pos` (which `skipToData` left on its first character) and moves to the
    /// next line. Returns zero-based row and column and the value (1 for pattern).
    @inline(__always)
    static func parseEntry(_ s: inout MatrixMarketScanner, _ r: Rules, nonFinite: inout Int) throws(MatrixMarketError) -> (Int32, Int32, Double) {
        let i = try s.parseIndex("row index")
        var j = 1
        if !r.isVector {
            try s.separator(before: "column index")
            j = try s.parseIndex("column index")
        }
        var v = 1.0
        if !r.pattern {
            try s.separator(before: "value")
            v = try readValue(&s, integer: r.integer, allowNonFinite: r.allowNonFinite, nonFinite: &nonFinite)
        }
        guard i >= 1 && i <= r.rows else {
            throw s.fail(.indexOutOfRange) { "row index \(i) outside 1...\(r.rows)" }
        }
        guard j >= 1 && j <= r.columns else {
            throw s.fail(.indexOutOfRange) { "column index \(j) outside 1...\(r.columns)" }
        }
        if r.skew && i == j && v != 0 {
            throw s.fail(.indexOutOfRange) { "skew-symmetric matrix stores nonzero diagonal entry (\(i), \(j))" }
        }
        try s.endOfLine(expected: r.expected)
        return (Int32(truncatingIfNeeded: i - 1), Int32(truncatingIfNeeded: j - 1), v)
    }

    /// Number of threads worth using for `bytes` of entries: one per 256 KiB, at most the online CPUs
    /// (and 16; the environment variable `SOLVERSUITE_MM_THREADS` lowers the cap); 1 below 512 KiB.
    static func parallelThreads(bytes: Int) -> Int {
        guard bytes >= 512 << 10 else { return 1 }
        var cpus = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        if let text = getenv("SOLVERSUITE_MM_THREADS"), let cap = Int(String(cString: text)), cap >= 1 {
            cpus = Swift.min(cpus, cap)
        }
        return Swift.min(cpus, bytes / (256 << 10), 16)
    }

    /// Parallel parse; nil when anything is wrong (the caller then parses sequentially for the exact error).
    static func parallelRead(_ s: MatrixMarketScanner, rules: Rules, declared: Int, minBytes: Int,
                             threads: Int) -> Result? {
        // Chunk boundaries at line starts.
        var bounds = [s.pos]
        let length = s.count - s.pos
        for t in 1..<threads {
            var b = Swift.max(s.pos + length / threads * t, bounds[t - 1])
            while b < s.count && s.base[b - 1] != 0x0A { b += 1 }
            bounds.append(b)
        }
        bounds.append(s.count)
        // Each chunk gets a slice sized by the most entries its bytes could hold.
        var offsets = [0]
        for t in 0..<threads {
            let most = (bounds[t + 1] - bounds[t]) / minBytes + 1
            offsets.append(offsets[t] + (rules.mirror ? 2 * most : most) + 2)
        }
        let storage = Triplets(capacity: offsets[threads])
        defer { storage.deallocate() }
        // Per chunk: slots used, entries read, non-finite count, failure flag.
        let stats = UnsafeMutablePointer<Int>.allocate(capacity: 4 * threads)
        defer { stats.deallocate() }
        stats.initialize(repeating: 0, count: 4 * threads)
        let shared = UncheckedSendable((s, rules, bounds, offsets, storage, stats))
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let (s, rules, bounds, offsets, storage, stats) = shared.value
            var chunk = MatrixMarketScanner(UnsafeBufferPointer(start: s.base, count: bounds[t + 1]), name: s.name)
            chunk.pos = bounds[t]
            var n = offsets[t]
            let end = offsets[t + 1]
            var entries = 0, nonFinite = 0
            do {
                while chunk.skipToData() {
                    let (i, j, v) = try parseEntry(&chunk, rules, nonFinite: &nonFinite)
                    if n + 2 > end { stats[4 * t + 3] = 1; break }
                    storage.store(i, j, v, rules: rules, at: &n)
                    entries += 1
                }
            } catch {
                stats[4 * t + 3] = 1
            }
            stats[4 * t] = n - offsets[t]
            stats[4 * t + 1] = entries
            stats[4 * t + 2] = nonFinite
        }
        var entries = 0, nonFinite = 0
        var segments: [Range<Int>] = []
        for t in 0..<threads {
            if stats[4 * t + 3] != 0 { return nil }
            segments.append(offsets[t]..<(offsets[t] + stats[4 * t]))
            entries += stats[4 * t + 1]
            nonFinite += stats[4 * t + 2]
        }
        guard entries == declared else { return nil }
        let matrix = MatrixMarketAssembly.csr(rows: rules.rows, columns: rules.columns, rowIndex: storage.rowIndex,
                                              columnIndex: storage.columnIndex, values: storage.values,
                                              segments: segments)
        return Result(matrix: matrix, storedEntries: declared, nonFiniteCount: nonFinite)
    }

    static func grow<T>(_ p: inout UnsafeMutablePointer<T>, _ count: Int, _ capacity: Int) {
        let q = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        q.moveInitialize(from: p, count: count)
        p.deallocate()
        p = q
    }

    /// Parses one value field and applies the field's rules (finite unless allowed, integral for `integer`).
    @inline(__always)
    static func readValue(_ s: inout MatrixMarketScanner, integer: Bool, allowNonFinite: Bool,
                          nonFinite: inout Int) throws(MatrixMarketError) -> Double {
        var v = 0.0
        if integer, let exact = s.parseSmallInteger() {
            return exact
        }
        switch s.parseReal(&v) {
        case .ok: break
        case .notANumber: throw s.fail(.invalidNumber) { "expected a number, found \(s.tokenExcerpt())" }
        case .overflow: throw s.fail(.valueOverflow) { "value \(s.tokenExcerpt()) overflows Double" }
        }
        if !v.isFinite {
            if !allowNonFinite {
                throw s.fail(.nonFinite) { "non-finite value \(v) (set MatrixMarketReadOptions.allowNonFinite to accept)" }
            }
            nonFinite += 1
        } else if integer && v != v.rounded(.towardZero) {
            throw s.fail(.invalidNumber) { "non-integer value \(v) in an 'integer' file" }
        }
        return v
    }
}
