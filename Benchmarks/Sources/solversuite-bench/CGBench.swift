import SparseLA
import Iterative
#if canImport(Glibc)
import Glibc
#endif

/// `solversuite-bench cg (grid:M | FILE.mtx) [iterations=200] [repeats=5]`
///
/// Time per CG iteration (no preconditioner, b = A·1, x₀ = 0, a fixed number of iterations with
/// tolerance 0) using one reusable `ConjugateGradient` workspace; prints the best of `repeats` runs
/// as `swift n=… nnz=… iterations=… ms_per_iter=…` (the format Benchmarks/peers/cg_peers.py parses).
enum CGBench {
    static func run(_ args: [String]) -> Int32 {
        guard let source = args.first else {
            print("usage: solversuite-bench cg (grid:M | FILE.mtx) [iterations=200] [repeats=5]")
            return 2
        }
        let iterations = args.count > 1 ? Int(args[1]) ?? 200 : 200
        let repeats = args.count > 2 ? Int(args[2]) ?? 5 : 5
        let a: CSRMatrix
        if source.hasPrefix("grid:") {
            a = CSRMatrix.laplacian2D(Int(source.dropFirst(5)) ?? 1000)
        } else {
            do {
                a = try MatrixMarket.readMatrix(path: source)
            } catch {
                print("error: \(error)")
                return 1
            }
        }
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        let ws = ConjugateGradient(size: a.rows)
        var o = SolveOptions(relativeTolerance: 0, absoluteTolerance: 0, maxIterations: iterations)
        o.divergenceTolerance = .infinity
        var best = Double.infinity
        var done = 0
        var status = ""
        for _ in 0..<repeats {
            let r = ws.solve(a, b, options: o)
            done = r.iterations
            status = r.status.name
            best = min(best, r.solveTime * 1000 / Double(max(1, r.iterations)))
        }
        print("swift n=\(a.rows) nnz=\(a.nnz) iterations=\(done) status=\(status) ms_per_iter=\(best)")
        return 0
    }
}
