import Foundation
import SparseLA

/// `solversuite-bench read [--reps N] [--csv FILE] FILE.mtx...`
///
/// Time of `MatrixMarket.readMatrix(path:)`: open, parse, validate, expand symmetry, build the
/// CSR matrix (sorted, duplicates summed) - what a user gets from one call. One untimed warm-up
/// read puts the file in the page cache, so this is parse time, not disk time. Median of `reps`.
/// `writemtx SPEC FILE` (see `runWriteMTX`) produces larger generated inputs.
func runReadBench(_ arguments: [String]) {
    let opts = BenchOptions(arguments)
    var csv = CSVWriter(["workload", "problem", "rows", "nnz", "impl", "median_s", "min_s", "reps", "gbps", "relres", "detail"])
    for path in opts.problems {
        var a: CSRMatrix? = nil
        var failure: String? = nil
        let s = timeRuns(reps: opts.reps) {
            do { a = try MatrixMarket.readMatrix(path: path) } catch { failure = "\(error)" }
        }
        guard let a, failure == nil else {
            progress("read: skipping \(path): \(failure ?? "?")")
            continue
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let t = median(s)
        // gbps column = file megabytes per second / 1000 (input bytes parsed per second).
        csv.add(["read", name, a.rows, a.nnz, "swift", t, s.min() ?? 0, s.count, Double(size) / t / 1e9, 0.0,
                 "file_bytes=\(size)"])
        progress("read \(name): \(String(format: "%.3e", t)) s (\(String(format: "%.0f", Double(size) / t / 1e6)) MB/s)")
    }
    csv.write(to: opts.csvPath)
}

/// `solversuite-bench writemtx SPEC FILE`: writes the generated problem SPEC (`lap2d:M`, `lap3d:M`)
/// as a `general` coordinate Matrix Market file, for the read benchmark on a large input.
func runWriteMTX(_ arguments: [String]) {
    guard arguments.count == 2 else {
        progress("usage: solversuite-bench writemtx lap2d:M FILE")
        return
    }
    do {
        let p = try loadProblem(arguments[0])
        try MatrixMarket.write(p.matrix, to: arguments[1], comment: "SolverSuite benchmark input \(arguments[0])")
    } catch {
        progress("writemtx: \(error)")
    }
}
