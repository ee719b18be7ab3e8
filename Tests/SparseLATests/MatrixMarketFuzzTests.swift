import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SparseLA

/// Feeds thousands of deterministic random mutations of real files to the reader and checks that it
/// never crashes, that every error carries a plausible line number, that every accepted result is a
/// valid CSR matrix, and that memory stays bounded (the reader runs with a 64 MiB allocation limit).
@Suite struct MatrixMarketFuzzTests {
    static let seedFiles = [
        "west0067.mtx", "bcsstk01.mtx", "can_24.mtx", "skew_fp64.mtx", "Trefethen_20b.mtx",
        "Trefethen_20b_b.mtx", "lp_afiro.mtx", "cage5.mtx",
        "tricky/nist_ex1_more_freeformat.mtx", "tricky/comments_full_array.mtx", "tricky/mangled_skew_int.mtx",
        "tricky/lis_testvec0.mtx", "tricky/symmetric_row_general_dup.mtx", "tricky/empty_3x4.mtx",
    ]

    static let interesting: [UInt8] = Array(" \t\n\r%-+.eE0123456789naifNIx".utf8) + [0, 0xFF, 0x80]

    static func mutate(_ input: [UInt8], _ rng: inout MatrixMarketTestRNG) -> [UInt8] {
        var b = input
        let rounds = 1 + rng.below(3)
        for _ in 0..<rounds {
            if b.isEmpty { b = Array("%%MatrixMarket".utf8) }
            switch rng.below(8) {
            case 0: // flip a random byte to a random value
                b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 1: // replace a byte by an "interesting" one
                b[rng.below(b.count)] = interesting[rng.below(interesting.count)]
            case 2: // truncate
                b.removeSubrange(rng.below(b.count)...)
            case 3, 4: // insert digits (often into the header/size line, where they make sizes absurd)
                let at = rng.below(2) == 0 ? rng.below(Swift.min(b.count, 120) + 1) : rng.below(b.count + 1)
                let n = 1 + rng.below(12)
                b.insert(contentsOf: (0..<n).map { _ in UInt8(0x30 + rng.below(10)) }, at: at)
            case 5, 6: // delete or duplicate a line
                let lines = b.split(separator: 0x0A, omittingEmptySubsequences: false)
                guard lines.count > 1 else { continue }
                var list = Array(lines)
                let k = rng.below(list.count)
                if rng.below(2) == 0 { list.remove(at: k) } else { list.insert(list[k], at: k) }
                b = Array(list.joined(separator: [0x0A]))
            default: // delete a byte range
                let start = rng.below(b.count)
                let end = Swift.min(b.count, start + 1 + rng.below(16))
                b.removeSubrange(start..<end)
            }
        }
        return b
    }

    @discardableResult
    static func check(_ bytes: [UInt8], options: MatrixMarketReadOptions, failures: inout Int) -> Bool {
        let lineCount = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        do {
            let f = try MatrixMarket.parse(bytes, name: "fuzz.mtx", options: options)
            let m = f.matrix
            // The result must be a structurally valid CSR matrix.
            let valid = (try? CSRMatrix(rows: m.rows, columns: m.columns, rowPointers: m.rowPointers,
                                        columnIndices: m.columnIndices, values: m.values)) != nil
            if !valid || m.nnz > 2 * Swift.max(f.storedEntries, m.rows * m.columns) {
                failures += 1
                Issue.record("accepted input produced an invalid matrix")
            }
            return true
        } catch {
            let lineOK = (error.kind == .gzip || error.kind == .io) ? error.line == 0 : (error.line >= 1 && error.line <= lineCount + 1)
            if !lineOK || error.file != "fuzz.mtx" || !error.description.hasPrefix("fuzz.mtx:") {
                failures += 1
                if failures < 10 { Issue.record("bad error: \(error) (file has \(lineCount) lines)") }
            }
            return false
        }
    }

    @Test func mutatedRealFilesNeverCrash() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        let seeds = Self.seedFiles.compactMap { MatrixMarketTestSupport.readBytes(dir + "/" + $0) }
        #expect(seeds.count == Self.seedFiles.count)
        var rng = MatrixMarketTestRNG(state: 0x5EED_2026)
        let options = MatrixMarketReadOptions(maxMemoryBytes: 64 << 20, maxDecompressedBytes: 64 << 20)
        let lenient = MatrixMarketReadOptions(allowNonFinite: true, allowMissingBanner: true,
                                              maxMemoryBytes: 64 << 20, maxDecompressedBytes: 64 << 20)
        var failures = 0, accepted = 0
        let clock = Stopwatch()
        let mutations = 3000
        for k in 0..<mutations {
            let seed = seeds[k % seeds.count]
            let mutated = Self.mutate(seed, &rng)
            if Self.check(mutated, options: k % 2 == 0 ? options : lenient, failures: &failures) { accepted += 1 }
        }
        let seconds = clock.elapsed
        print("fuzz: \(mutations) mutations, \(accepted) accepted, \(failures) failures, \(seconds) s")
        #expect(failures == 0)
        // A hang guard, not a performance threshold: the whole loop takes about a second.
        #expect(seconds < 120)
    }

    @Test func mutatedGzipNeverCrashes() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        let m = try MatrixMarket.readMatrix(path: dir + "/west0067.mtx")
        let path = MatrixMarketTestSupport.temporaryPath("fuzz.mtx.gz")
        defer { unlink(path) }
        try MatrixMarket.write(m, to: path)
        let gz = MatrixMarketTestSupport.readBytes(path)!
        var rng = MatrixMarketTestRNG(state: 77)
        let options = MatrixMarketReadOptions(maxMemoryBytes: 64 << 20, maxDecompressedBytes: 1 << 20)
        var failures = 0
        for _ in 0..<500 {
            var b = gz
            switch rng.below(3) {
            case 0: b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 1: b.removeSubrange(rng.below(b.count)...)
            default: b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(b.count))
            }
            Self.check(b, options: options, failures: &failures)
        }
        #expect(failures == 0)
    }

    @Test func randomGarbageNeverCrashes() {
        var rng = MatrixMarketTestRNG(state: 99)
        var failures = 0
        let options = MatrixMarketReadOptions(allowMissingBanner: true, maxMemoryBytes: 64 << 20)
        for k in 0..<2000 {
            let n = rng.below(200)
            var b: [UInt8] = k % 2 == 0 ? Array("%%MatrixMarket matrix coordinate real general\n".utf8) : []
            for _ in 0..<n { b.append(Self.interesting[rng.below(Self.interesting.count)]) }
            Self.check(b, options: options, failures: &failures)
        }
        #expect(failures == 0)
    }
}
