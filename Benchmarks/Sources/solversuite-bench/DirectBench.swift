import SparseLA
import CReference

/// `solversuite-bench direct --method cholesky|lu [--reps N] [--csv FILE] PROBLEM...`
///
/// End-to-end direct solve `x = A \ b` with `b = A·(1,1,...)`: symbolic analysis + numeric
/// factorization + one solve + freeing, timed for
/// - `swift`: `CholeskyFactorization(a)` / `LUFactorization(a)` then `solve(b)` (our wrappers, with
///   their input checks: finiteness, symmetry check for Cholesky (relative tolerance 1e-12, so
///   files stored `general` with round-off asymmetry such as ani4 qualify), rcond estimate);
/// - `c-cholmod` / `c-umfpack`: the plain C drivers in Benchmarks/Sources/CReference/direct.c that
///   call the same library directly with the same settings from the same CSR arrays.
/// Both interleaved within each repetition, in one process. Median of `reps`; relres = ‖b−Ax‖/‖b‖.
func runDirectBench(_ arguments: [String]) {
    let opts = BenchOptions(arguments)
    let method = opts.extra["method"] ?? "cholesky"
    guard method == "cholesky" || method == "lu" else {
        progress("direct: --method must be cholesky or lu")
        return
    }
    var csv = CSVWriter(["workload", "problem", "rows", "nnz", "impl", "median_s", "min_s", "reps", "gbps", "relres", "detail"])
    for spec in opts.problems {
        let problem: BenchProblem
        do { problem = try loadProblem(spec) } catch {
            progress("direct: skipping \(spec): \(error)")
            continue
        }
        let a = problem.matrix
        let n = a.rows
        let b = a.multiplied(by: [Double](repeating: 1, count: a.columns))
        var xs = [Double](), xc = [Double](repeating: 0, count: n)
        var failure: String? = nil
        var swiftInfo: FactorizationInfo? = nil
        var cTimes = cref_direct_times()
        var cStatus: Int32 = 0

        let swiftBody = {
            do {
                if method == "cholesky" {
                    let f = try CholeskyFactorization(a, symmetryTolerance: 1e-12)
                    xs = try f.solve(b)
                    swiftInfo = f.info
                } else {
                    let f = try LUFactorization(a)
                    xs = try f.solve(b)
                    swiftInfo = f.info
                }
            } catch { failure = "\(error)" }
        }
        let cBody = {
            a.rowPointers.withUnsafeBufferPointer { rp in
                a.columnIndices.withUnsafeBufferPointer { ci in
                    a.values.withUnsafeBufferPointer { va in
                        b.withUnsafeBufferPointer { bp in
                            xc.withUnsafeMutableBufferPointer { xp in
                                let rpc = UnsafeRawPointer(rp.baseAddress!).assumingMemoryBound(to: Int64.self)
                                cStatus = method == "cholesky"
                                    ? cref_cholmod_solve(Int64(n), rpc, ci.baseAddress, va.baseAddress, bp.baseAddress, xp.baseAddress, &cTimes)
                                    : cref_umfpack_solve(Int64(n), rpc, ci.baseAddress, va.baseAddress, bp.baseAddress, xp.baseAddress, &cTimes)
                            }
                        }
                    }
                }
            }
        }
        swiftBody(); cBody()   // warm-up (also page-faults the library code in)
        if let failure {
            progress("direct \(method) \(problem.name): swift failed: \(failure)")
            continue
        }
        if cStatus != 0 {
            progress("direct \(method) \(problem.name): C driver status \(cStatus)")
            continue
        }
        var ts: [Double] = [], tc: [Double] = []
        var cPhases: [[Double]] = []
        for _ in 0..<opts.reps {
            let clock = Stopwatch()
            swiftBody()
            ts.append(clock.elapsed)
            let clockC = Stopwatch()
            cBody()
            tc.append(clockC.elapsed)
            cPhases.append([cTimes.convert, cTimes.analyze, cTimes.factor, cTimes.solve])
        }
        let cLib = method == "cholesky" ? "c-cholmod" : "c-umfpack"
        let info = swiftInfo!
        let phaseMedians = (0..<4).map { k in median(cPhases.map { $0[k] }) }
        csv.add([method, problem.name, n, a.nnz, "swift", median(ts), ts.min() ?? 0, ts.count, 0.0,
                 relativeResidual(a, xs, b),
                 "ordering=\(info.ordering) factor_nnz=\(info.factorNonzeros) analyze=\(info.analysisSeconds) factor=\(info.factorSeconds)"])
        csv.add([method, problem.name, n, a.nnz, cLib, median(tc), tc.min() ?? 0, tc.count, 0.0,
                 relativeResidual(a, xc, b),
                 "factor_nnz=\(Int(cTimes.factor_nnz)) convert=\(phaseMedians[0]) analyze=\(phaseMedians[1]) factor=\(phaseMedians[2]) solve=\(phaseMedians[3])"])
        progress("direct \(method) \(problem.name): swift \(String(format: "%.3e", median(ts))) s, C \(String(format: "%.3e", median(tc))) s, ratio \(String(format: "%.3f", median(ts) / median(tc)))")
    }
    csv.write(to: opts.csvPath)
}
