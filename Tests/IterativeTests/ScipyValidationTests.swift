import Testing
import Foundation
import SparseLA
@testable import Iterative

/// Reproduces SciPy's iteration counts (fixture written by Benchmarks/peers/scipy_iterations.py,
/// scipy 1.17.1) on the shared matrices with `SolveOptions.scipy(rtol:)`: b = A·1, x₀ = 0,
/// ‖r‖ ≤ 1e-8‖b‖.
@Suite struct ScipyValidationTests {
    struct Outcome: Decodable { let iterations: Int; let converged: Bool }
    struct SPDRow: Decodable { let file: String; let n: Int; let nnz: Int; let maxiter: Int; let cg: Outcome; let pcgJacobi: Outcome }
    struct NonsymRow: Decodable { let file: String; let n: Int; let nnz: Int; let maxiter: Int; let gmres: Outcome; let bicgstab: Outcome }
    struct Fixture: Decodable { let rtol: Double; let spd: [SPDRow]; let nonsymmetric: [NonsymRow] }

    static let tolerance = 2

    /// Where |ours − SciPy| > 2 is expected, with the reason; these are still checked to within
    /// `outlierRelativeTolerance` of SciPy's count.
    ///
    /// Common cause, measured with Benchmarks/peers/cg_rounding_sensitivity.py: every outlier is a
    /// matrix with κ ≥ 1e5 on which CG needs more iterations than n (or κ ≈ 1e9-1e10). There the
    /// finite-precision Lanczos process loses orthogonality and the count is decided by rounding:
    /// SciPy's own loop with only the dot-product summation order changed (np.dot → pairwise
    /// np.sum → exact math.fsum) gives bcsstk20 962 / 761 / 1130, bcsstk08 3438 / 3362 / 3306,
    /// bcsstm25 10959 / 11062 / 11697, 494_bus 1134 / 1145 / 1155, bcsstk01 134 / 135 / 129.
    /// Our counts fall inside these spreads (and equal the exact-summation count for 494_bus and
    /// bcsstk13/pcg). For Jacobi PCG SciPy's fixture divides by the diagonal while we multiply by
    /// its reciprocal, another last-bit difference (bcsstk20/pcg: 567 with r/d, 705 with r*(1/d)).
    static let cgOutliers: [String: String] = [
        "bcsstk01.mtx/cg": "n = 48, 134 iterations (2.8 n): rounding-dominated, fsum order gives 129",
        "bcsstk03.mtx/cg": "n = 112, 407 iterations (3.6 n), kappa 6.8e6: rounding-dominated",
        "bcsstk04.mtx/cg": "n = 132, 399 iterations (3 n), kappa 2.3e6: rounding-dominated",
        "bcsstk06.mtx/cg": "n = 420, 3063 iterations (7 n), kappa 7.6e6: fsum order gives 3050",
        "bcsstk08.mtx/cg": "n = 1074, 3438 iterations (3 n), kappa 2.6e7: other orders give 3362 / 3306",
        "bcsstk10.mtx/cg": "n = 1086, 2926 iterations (2.7 n), kappa 5.2e5: rounding-dominated",
        "bcsstk13.mtx/pcg": "kappa 1.1e10; SciPy's loop gives 1358 / 1359 / 1361 with the three orders; ours 1361",
        "bcsstk20.mtx/cg": "kappa 3.9e12, 962 iterations (2 n): other orders give 761 / 1130",
        "bcsstk20.mtx/pcg": "kappa 3.9e12; r/d vs r*(1/d) alone gives 567 vs 705",
        "bcsstm25.mtx/cg": "diagonal, kappa 6.1e9, 10959 iterations: other orders give 11062 / 11697",
        "494_bus.mtx/cg": "n = 494, 1134 iterations (2.3 n): exact-summation order gives 1155 = ours",
        "1138_bus.mtx/cg": "n = 1138, 2162 iterations (1.9 n), kappa 8.6e6: rounding-dominated",
    ]
    static let outlierRelativeTolerance = 0.05

    /// Rows whose SciPy work (iterations x nnz) exceeds this run only with
    /// SOLVERSUITE_FULL_VALIDATION=1, to keep the debug test suite fast.
    static let workBudget = 3e7
    static var fullValidation: Bool { ProcessInfo.processInfo.environment["SOLVERSUITE_FULL_VALIDATION"] == "1" }

    static func fixture(filePath: String = #filePath) -> Fixture? {
        let dir = (filePath as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: dir + "/Resources/scipy_iterations.json") else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }

    static func dataDirectory(filePath: String = #filePath) -> String? {
        if let env = ProcessInfo.processInfo.environment["SOLVERSUITE_DATA"] { return env }
        var url = URL(fileURLWithPath: filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let path = url.path + "/shared/data"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    @Test func cgAndJacobiPCGMatchScipyIterationCounts() throws {
        guard let fx = Self.fixture(), let data = Self.dataDirectory() else {
            print("[skip] scipy fixture or shared data not found")
            return
        }
        var table = ["file n scipy_cg ours_cg scipy_pcg ours_pcg"]
        for row in fx.spd {
            let a = try MatrixMarket.readMatrix(path: data + "/matrices/" + row.file)
            let b = a.multiplied(by: DenseVector.ones(a.rows))
            let o = SolveOptions.scipy(rtol: fx.rtol, maxIterations: row.maxiter)
            let ws = ConjugateGradient(size: a.rows)
            let heavy = { (ref: Outcome) in Double(ref.iterations * row.nnz) > Self.workBudget && !Self.fullValidation }
            if heavy(row.cg) && heavy(row.pcgJacobi) { table.append("\(row.file) skipped (work budget)"); continue }
            let cg = heavy(row.cg) ? nil : ws.solve(a, b, options: o)
            let pcg = heavy(row.pcgJacobi) ? nil : ws.solve(a, b, preconditioner: try JacobiPreconditioner(a), options: o)
            func show(_ r: SolveResult?) -> String { r.map { "\($0.iterations)(\($0.status))" } ?? "skipped" }
            table.append("\(row.file) \(row.n) \(row.cg.iterations)\(row.cg.converged ? "" : "*") \(show(cg)) \(row.pcgJacobi.iterations)\(row.pcgJacobi.converged ? "" : "*") \(show(pcg))")
            for (name, ref, result) in [("cg", row.cg, cg), ("pcg", row.pcgJacobi, pcg)] {
                guard let ours = result else { continue }
                let key = row.file + "/" + name
                if ref.converged {
                    #expect(ours.converged, "\(key): SciPy converged, we \(ours.status)")
                    let diff = abs(ours.iterations - ref.iterations)
                    if Self.cgOutliers[key] == nil {
                        #expect(diff <= Self.tolerance, "\(key): \(ours.iterations) vs SciPy \(ref.iterations)")
                    } else {
                        #expect(Double(diff) <= Self.outlierRelativeTolerance * Double(ref.iterations),
                                "\(key): \(ours.iterations) vs SciPy \(ref.iterations)")
                    }
                } else {
                    #expect(!ours.converged, "\(key): SciPy did not converge, we did")
                }
            }
        }
        print(table.joined(separator: "\n"))
    }

    @Test func gmresAndBiCGSTABConvergeWhereScipyDoes() throws {
        guard let fx = Self.fixture(), let data = Self.dataDirectory() else {
            print("[skip] scipy fixture or shared data not found")
            return
        }
        var table = ["file n scipy_gmres ours_gmres scipy_bicgstab ours_bicgstab"]
        for row in fx.nonsymmetric {
            let a = try MatrixMarket.readMatrix(path: data + "/matrices/" + row.file)
            let b = a.multiplied(by: DenseVector.ones(a.rows))
            // The requirement is "converge where SciPy does"; rows where SciPy failed both methods
            // only cost time (3000 GMRES steps, up to 20000 BiCGSTAB steps), so run them in full mode.
            if !row.gmres.converged && !row.bicgstab.converged && !Self.fullValidation {
                table.append("\(row.file) SciPy failed both, skipped")
                continue
            }
            let g = GMRES(size: a.rows, restart: 30).solve(a, b, options: .scipy(rtol: fx.rtol, maxIterations: 3000))
            let s = BiCGSTAB(size: a.rows).solve(a, b, options: .scipy(rtol: fx.rtol, maxIterations: row.maxiter))
            table.append("\(row.file) \(row.n) \(row.gmres.iterations)\(row.gmres.converged ? "" : "*") \(g.iterations)(\(g.status)) \(row.bicgstab.iterations)\(row.bicgstab.converged ? "" : "*") \(s.iterations)(\(s.status))")
            if row.gmres.converged { #expect(g.converged, "\(row.file)/gmres: \(g.status)") }
            if row.bicgstab.converged { #expect(s.converged, "\(row.file)/bicgstab: \(s.status)") }
        }
        print(table.joined(separator: "\n"))
    }
}
