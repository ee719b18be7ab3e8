import Foundation
import SparseLA
import Iterative

/// `solversuite-bench precond [--rtol R] A.mtx...`
///
/// For each Matrix Market file: `b = A·ones`, x₀ = 0, ‖r‖ ≤ rtol‖r₀‖ (default 1e-8), cap 5000.
/// Symmetric matrices with a positive diagonal: CG, Jacobi-PCG, IC(0)-PCG (automatic shift) and
/// AMG-PCG. Every matrix: GMRES(30) and ILU(0)-GMRES(30) (automatic shift). Prints one line per
/// (matrix, method) with iterations, status, setup/solve seconds and the shift used.
func runPrecondBench(_ arguments: [String]) {
    var rtol = 1e-8
    var files: [String] = []
    var i = 0
    while i < arguments.count {
        if arguments[i] == "--rtol", i + 1 < arguments.count { rtol = Double(arguments[i + 1]) ?? rtol; i += 2; continue }
        files.append(arguments[i]); i += 1
    }
    func report(_ name: String, _ method: String, _ r: SolveResult, setup: Double, note: String = "") {
        print("\(name) \(method): its=\(r.iterations) \(r.status.name) relres=\(String(format: "%.1e", r.finalTrueResidual / max(r.referenceNorm, 1e-300))) "
            + "setup=\(String(format: "%.4f", setup))s solve=\(String(format: "%.4f", r.solveTime))s \(note)")
    }
    for file in files {
        let name = (file as NSString).lastPathComponent
        let a: CSRMatrix
        do { a = try MatrixMarket.readMatrix(path: file) } catch { print("\(name): cannot read: \(error)"); continue }
        guard a.isSquare else { print("\(name): not square"); continue }
        let b = a.multiplied(by: [Double](repeating: 1, count: a.rows))
        let options = SolveOptions(relativeTolerance: rtol, maxIterations: 5000)
        let spdCandidate = a.isSymmetric(tolerance: 1e-12) && a.diagonal.allSatisfy { $0 > 0 }
        print("\(name): n=\(a.rows) nnz=\(a.nnz) symmetric+posdiag=\(spdCandidate)")
        if spdCandidate {
            report(name, "CG", Krylov.cg(a, b, options: options), setup: 0)
            if let jac = try? JacobiPreconditioner(a) {
                report(name, "Jacobi-PCG", Krylov.cg(a, b, preconditioner: jac, options: options), setup: jac.setupTime)
            }
            do {
                let ic = try IncompleteCholesky(a, shiftStrategy: .automatic())
                report(name, "IC0-PCG", Krylov.cg(a, b, preconditioner: ic, options: options), setup: ic.setupTime, note: "shift=\(ic.shift)")
            } catch { print("\(name) IC0-PCG: \(error)") }
            do {
                let amg = try SmoothedAggregationAMG(a)
                report(name, "AMG-PCG", Krylov.cg(a, b, preconditioner: amg, options: options), setup: amg.setupTime,
                       note: "levels=\(amg.hierarchy.levelCount) opC=\(String(format: "%.2f", amg.hierarchy.operatorComplexity))")
            } catch { print("\(name) AMG-PCG: \(error)") }
        }
        report(name, "GMRES(30)", Krylov.gmres(a, b, restart: 30, options: options), setup: 0)
        do {
            let ilu = try IncompleteLU(a, shiftStrategy: .automatic())
            report(name, "ILU0-GMRES(30)", Krylov.gmres(a, b, restart: 30, preconditioner: ilu, options: options), setup: ilu.setupTime,
                   note: "shift=\(ilu.shift)")
        } catch { print("\(name) ILU0-GMRES(30): \(error)") }
    }
}
