import SparseLA

/// `solversuite-bench mmread [--min-seconds S] FILE...`: times `MatrixMarket.read` (file to CSR) on each
/// file, best of repeated runs (at least 3, until `S` seconds are spent), and prints one JSON object per
/// file: `{"file", "bytes", "rows", "nnz", "best_seconds", "mb_per_s"}`. The page cache is warm after the
/// first run, as it is for the SciPy peer (Benchmarks/peers/mmread_peer.py).
func runMatrixMarketBench(_ arguments: [String]) {
    var minSeconds = 0.5
    var files: [String] = []
    var k = 0
    while k < arguments.count {
        if arguments[k] == "--min-seconds", k + 1 < arguments.count {
            minSeconds = Double(arguments[k + 1]) ?? minSeconds
            k += 2
        } else {
            files.append(arguments[k])
            k += 1
        }
    }
    for path in files {
        var best = Double.infinity
        var runs = 0
        var total = 0.0
        var rows = 0, nnz = 0
        repeat {
            let clock = Stopwatch()
            do {
                let f = try MatrixMarket.read(path: path)
                rows = f.matrix.rows
                nnz = f.matrix.nnz
            } catch {
                print("{\"file\": \"\(path)\", \"error\": \"\(String(error.description.map { $0 == "\"" ? "'" : $0 }))\"}")
                break
            }
            let t = clock.elapsed
            best = Swift.min(best, t)
            total += t
            runs += 1
        } while runs < 3 || total < minSeconds
        guard best.isFinite else { continue }
        let bytes = fileSize(path)
        let mbps = Double(bytes) / best / 1e6
        print("{\"file\": \"\(path)\", \"bytes\": \(bytes), \"rows\": \(rows), \"nnz\": \(nnz), \"best_seconds\": \(best), \"mb_per_s\": \(mbps), \"runs\": \(runs)}")
    }
}

private func fileSize(_ path: String) -> Int {
    guard let f = fopen(path, "rb") else { return 0 }
    defer { fclose(f) }
    fseek(f, 0, SEEK_END)
    return ftell(f)
}

#if canImport(Glibc)
import Glibc
#endif
