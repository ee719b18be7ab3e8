import SparseLA
import CReference

/// `solversuite-bench spmv [--reps N] [--csv FILE] [--threads T] PROBLEM...`
///
/// y = A x in one process, implementations interleaved within each repetition so drifting machine
/// load hits all of them alike:
/// - `swift-1t`: `CSRMatrix.multiply(_:into:)` over unsafe buffers (the library kernel);
/// - `swift-<T>t`: `CSRMatrix.multiplyParallel(_:into:threads:partition:)` with a precomputed
///   balanced partition (T = 2 by default);
/// - `c-O3`: `cref_spmv`, the plain C loop compiled at -O3 (same arrays, same x).
/// Interleaved with the order rotated each repetition.
/// One sample = a batch of back-to-back products sized to last >= 20 ms (small matrices sit in
/// cache, so this is the cache-resident rate), divided by the batch size. Reported: median over
/// `reps` samples and GB/s under the byte model
/// `bytes = 12·nnz (8 value + 4 column index) + 8·(rows+1) (row pointers) + 8·cols (x) + 8·rows (y)`.
func runSpMVBench(_ arguments: [String]) {
    let opts = BenchOptions(arguments)
    let threads = Int(opts.extra["threads"] ?? "2") ?? 2
    var csv = CSVWriter(["workload", "problem", "rows", "nnz", "impl", "median_s", "min_s", "reps", "gbps", "relres", "detail"])
    for spec in opts.problems {
        let problem: BenchProblem
        do { problem = try loadProblem(spec) } catch {
            progress("spmv: skipping \(spec): \(error)")
            continue
        }
        let a = problem.matrix
        let x = (0..<a.columns).map { 1.0 + Double($0 % 7) * 0.125 }
        // Output vectors in manually allocated memory (stable addresses, no inout captures).
        let yp = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(a.rows, 1))
        let ycp = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(a.rows, 1))
        yp.initialize(repeating: 0)
        ycp.initialize(repeating: 0)
        defer { yp.deallocate(); ycp.deallocate() }
        let bytes = Double(12 * a.nnz + 8 * (a.rows + 1) + 8 * a.columns + 8 * a.rows)
        let partition = a.balancedRowPartition(parts: threads)
        let names = ["swift-1t", "swift-\(threads)t", "c-O3"]
        var samples: [String: [Double]] = [:]
        a.rowPointers.withUnsafeBufferPointer { rp in
            a.columnIndices.withUnsafeBufferPointer { ci in
                a.values.withUnsafeBufferPointer { va in
                    x.withUnsafeBufferPointer { xp in
                        let rows = Int64(a.rows)
                        let rpc = UnsafeRawPointer(rp.baseAddress!).assumingMemoryBound(to: Int64.self)
                        // Runs implementation `k` `count` times back to back; returns seconds per product.
                        func run(_ k: Int, _ count: Int) -> Double {
                            let clock = Stopwatch()
                            switch k {
                            case 0: for _ in 0..<count { a.multiply(xp, into: yp) }
                            case 1: for _ in 0..<count { a.multiplyParallel(xp, into: yp, threads: threads, partition: partition) }
                            default:
                                for _ in 0..<count {
                                    cref_spmv(rows, rpc, ci.baseAddress, va.baseAddress, xp.baseAddress, ycp.baseAddress)
                                }
                            }
                            return clock.elapsed / Double(count)
                        }
                        // Batch size: enough products for ~20 ms per sample (from a short probe).
                        let probe = median((0..<3).map { _ in run(0, 1) })
                        let batch = max(1, Int(0.02 / max(probe, 1e-9)))
                        for k in 0..<names.count { _ = run(k, batch) }   // warm-up
                        // Interleaved, order rotated every repetition (no implementation always runs first).
                        for rep in 0..<opts.reps {
                            for j in 0..<names.count {
                                let k = (j + rep) % names.count
                                samples[names[k], default: []].append(run(k, batch))
                            }
                        }
                        samples["batch"] = [Double(batch)]
                    }
                }
            }
        }
        let batch = Int(samples["batch"]?.first ?? 1)
        var maxDiff = 0.0
        for i in 0..<a.rows { maxDiff = max(maxDiff, abs(yp[i] - ycp[i])) }
        for name in names {
            let s = samples[name] ?? []
            let t = median(s)
            csv.add(["spmv", problem.name, a.rows, a.nnz, name, t, s.min() ?? 0, s.count, bytes / t / 1e9, 0.0,
                     "batch=\(batch) max|y_swift-y_c|=\(maxDiff)"])
            progress("spmv \(problem.name) \(name): \(String(format: "%.3e", t)) s  \(String(format: "%.2f", bytes / t / 1e9)) GB/s")
        }
    }
    csv.write(to: opts.csvPath)
}
