import Foundation
import SparseLA

/// Shared plumbing of the benchmark modes: options, repeated timing, medians, problem loading, CSV.

/// Options common to the `spmv`, `read` and `direct` modes:
/// `[--reps N] [--csv FILE] PROBLEM...` where PROBLEM is a Matrix Market path or `lap2d:M` / `lap3d:M`
/// (the 5-point / 7-point Dirichlet Laplacians of `CSRMatrix.laplacian2D/3D`).
struct BenchOptions {
    var reps = 5
    var csvPath: String? = nil
    var problems: [String] = []
    var extra: [String: String] = [:]

    /// Parses `arguments`; `--key value` pairs other than `--reps`/`--csv` land in `extra`.
    init(_ arguments: [String], defaultReps: Int = 5) {
        reps = defaultReps
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if arg.hasPrefix("--") {
                let value = i + 1 < arguments.count ? arguments[i + 1] : ""
                switch arg {
                case "--reps": reps = max(1, Int(value) ?? reps)
                case "--csv": csvPath = value
                default: extra[String(arg.dropFirst(2))] = value
                }
                i += 2
            } else {
                problems.append(arg)
                i += 1
            }
        }
    }
}

/// The median of `samples` (mean of the middle two for an even count); 0 for an empty array.
func median(_ samples: [Double]) -> Double {
    guard !samples.isEmpty else { return 0 }
    let s = samples.sorted()
    let m = s.count / 2
    return s.count % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m])
}

/// Runs `body` `warmup` times untimed, then `reps` times, returning each run's seconds.
func timeRuns(reps: Int, warmup: Int = 1, _ body: () -> Void) -> [Double] {
    for _ in 0..<warmup { body() }
    var out: [Double] = []
    out.reserveCapacity(reps)
    for _ in 0..<reps {
        let clock = Stopwatch()
        body()
        out.append(clock.elapsed)
    }
    return out
}

/// A benchmark problem: its display name and matrix.
struct BenchProblem {
    let name: String
    let matrix: CSRMatrix
}

/// Builds `lap2d:M` / `lap3d:M` or reads a Matrix Market file (pattern files get ones).
func loadProblem(_ spec: String) throws -> BenchProblem {
    let parts = spec.split(separator: ":")
    if parts.count == 2, let m = Int(parts[1]), m > 0 {
        if parts[0] == "lap2d" { return BenchProblem(name: spec, matrix: CSRMatrix.laplacian2D(m)) }
        if parts[0] == "lap3d" { return BenchProblem(name: spec, matrix: CSRMatrix.laplacian3D(m)) }
    }
    let a = try MatrixMarket.readMatrix(path: spec)
    let base = (spec as NSString).lastPathComponent
    return BenchProblem(name: base.hasSuffix(".mtx") ? String(base.dropLast(4)) : base, matrix: a)
}

/// Collects CSV rows and writes them to `--csv` (or prints them to stdout).
struct CSVWriter {
    let header: [String]
    private(set) var lines: [String] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ fields: [Any]) {
        precondition(fields.count == header.count, "CSV row has \(fields.count) fields, header \(header.count)")
        lines.append(fields.map { field -> String in
            if let d = field as? Double { return String(format: "%.6g", d) }
            let s = "\(field)"
            return s.contains(",") ? "\"\(s)\"" : s
        }.joined(separator: ","))
    }

    func write(to path: String?) {
        let text = ([header.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
        if let path {
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                FileHandle.standardError.write("cannot write \(path): \(error)\n".data(using: .utf8)!)
            }
        } else {
            print(text, terminator: "")
        }
    }
}

/// Prints a progress line to stderr (stdout may carry CSV).
func progress(_ message: String) {
    FileHandle.standardError.write((message + "\n").data(using: .utf8)!)
}

/// ‖b − A x‖ / ‖b‖.
func relativeResidual(_ a: CSRMatrix, _ x: [Double], _ b: [Double]) -> Double {
    let ax = a.multiplied(by: x)
    var r = 0.0, nb = 0.0
    for i in 0..<b.count { r += (b[i] - ax[i]) * (b[i] - ax[i]); nb += b[i] * b[i] }
    return (r / max(nb, .leastNormalMagnitude)).squareRoot()
}
