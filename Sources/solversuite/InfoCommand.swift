import ArgumentParser
import Foundation
import SparseLA

/// `solversuite info A.mtx`: what a matrix is, before choosing a solver.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Describe a Matrix Market matrix: size, symmetry, dominance, bandwidth, definiteness, condition.",
        discussion: """
        The condition estimate is kappa_1 = ||A||_1 ||A^-1||_1 by Hager/Higham's estimator (a lower \
        bound, usually within 3x) using the Cholesky factor when it exists, else UMFPACK LU of A and A^T.
        """
    )

    @Argument(help: "Matrix Market file (.mtx or .mtx.gz).")
    var matrix: String

    @Flag(name: .customLong("no-factor"), help: "Skip the Cholesky attempt and the condition estimate.")
    var noFactor = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let (a, file, readSeconds) = loadMatrix(matrix)
        let h = file.header
        var o = JSONObject()
        o.set("matrix", matrix)
        o.set("rows", a.rows)
        o.set("columns", a.columns)
        o.set("nnz", a.nnz)
        o.set("stored_entries", file.storedEntries)
        o.set("format", h.format.rawValue)
        o.set("field", h.field.rawValue)
        o.set("symmetry", h.symmetry.rawValue)
        o.set("read_seconds", readSeconds)
        let square = a.isSquare
        o.set("structurally_symmetric", square && a.isStructurallySymmetric)
        // Each symmetry test builds a transpose: do them once (exact symmetry implies the tolerant one).
        let exactlySymmetric = square && a.isSymmetric(tolerance: 0)
        let nearlySymmetric = exactlySymmetric || (square && a.isSymmetric(tolerance: DirectSolver.autoSymmetryTolerance))
        o.set("numerically_symmetric", exactlySymmetric)
        o.set("symmetric_within_1e-12", nearlySymmetric)
        o.set("diagonally_dominant", square && a.isDiagonallyDominant())
        let diag = square ? a.diagonal : []
        o.set("zero_diagonal_entries", diag.filter { $0 == 0 }.count)
        o.set("positive_diagonal", square && !diag.isEmpty && diag.allSatisfy { $0 > 0 })
        let bw = a.bandwidth
        o.set("lower_bandwidth", bw.lower)
        o.set("upper_bandwidth", bw.upper)
        o.set("norm_1", a.norm1)
        o.set("norm_inf", a.normInf)
        o.set("norm_frobenius", a.normFrobenius)

        var cholesky: String = "skipped"
        var condition: Double? = nil
        var conditionVia: String? = nil
        if square && !noFactor && a.rows > 0 {
            if nearlySymmetric {
                do {
                    // Symmetry was checked above; CHOLMOD reads the lower triangle.
                    let f = try CholeskyFactorization(a, symmetryTolerance: nil)
                    cholesky = "succeeds"
                    condition = try ConditionEstimator.conditionOneNorm(a, solve: { try f.solve($0) },
                                                                       solveTransposed: { try f.solve($0) })
                    conditionVia = "cholesky"
                } catch {
                    cholesky = "fails: \(error)"
                }
            } else {
                cholesky = "not attempted: matrix is not symmetric"
            }
            if condition == nil {
                do {
                    let f = try LUFactorization(a)
                    let ft = try LUFactorization(a.transposed())
                    condition = try ConditionEstimator.conditionOneNorm(a, solve: { try f.solve($0) },
                                                                       solveTransposed: { try ft.solve($0) })
                    conditionVia = "lu"
                } catch {
                    conditionVia = "lu failed: \(error)"
                    condition = .infinity
                }
            }
        }
        o.set("cholesky", cholesky)
        o.set("condition_estimate_1norm", condition)
        o.set("condition_via", conditionVia)

        if json {
            print(o.rendered)
        } else {
            for (k, v) in o.pairs {
                let value: String
                if case .double(let d) = v { value = String(format: "%.6g", d) } else { value = reportString(o, k) }
                print("\(k.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value)")
            }
        }
    }
}
