import Testing
import Foundation
import SparseLA
@testable import Iterative

/// Opt-in study (skipped unless SOLVERSUITE_DCDM_STUDY=1): DCDM iterations with the shipped
/// multilevel models when each direction is A-orthogonalised against k = 2 (paper) or more previous
/// directions. Same problems as `solversuite dcdm --seed 7` (domain, right-hand side, stopping rule),
/// so the k = 2 column reproduces Benchmarks/dcdm_results.md. Prints markdown rows.
/// SOLVERSUITE_DCDM_STUDY_GRIDS2D / _GRIDS3D override the grid lists ("64 128 256 512", "32").
@Suite struct DCDMDirectionsStudy {
    @Test func iterationsVersusStoredDirections() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["SOLVERSUITE_DCDM_STUDY"] == "1" else { return }
        let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/models")
        let grids2 = (env["SOLVERSUITE_DCDM_STUDY_GRIDS2D"] ?? "64 128 256 512").split(separator: " ").compactMap { Int($0) }
        let grids3 = (env["SOLVERSUITE_DCDM_STUDY_GRIDS3D"] ?? "32").split(separator: " ").compactMap { Int($0) }
        let ks = [2, 8, 30]
        print("| shape | grid | rtol | " + ks.map { "k=\($0)" }.joined(separator: " | ") + " |")
        for shape in ["obstacles", "lshape", "disc"] {
            for (dim, grids, file) in [(2, grids2, "dcdm2d_ml_g64.bin"), (3, grids3, "dcdm3d_ml_g16.bin")] {
                let model = try DirectionNetworkFile.load(from: models.appendingPathComponent(file).path)
                for n in grids {
                    let domain = try GridDomain.named(shape, n: n, dimension: dim, seed: 7)
                    let a = domain.laplacian()
                    var rng = SplitMix64(seed: 7)
                    let b = (0..<a.rows).map { _ in rng.nextGaussian() }
                    for tol in [1e-4, 1e-6] {
                        var row = "| \(shape) | \(n)^\(dim) | \(tol) |"
                        for k in ks {
                            let prop = try NetworkDirectionProposer(network: model, domain: domain)
                            var o = SolveOptions.scipy(rtol: tol, maxIterations: 300)
                            o.reference = .rightHandSide
                            let r = DeepConjugateDirection(size: a.rows, directions: k).solve(a, b, proposer: prop, options: o)
                            row += " \(r.iterations)\(r.converged ? "" : "*") |"
                        }
                        print(row)
                    }
                }
            }
        }
    }
}
