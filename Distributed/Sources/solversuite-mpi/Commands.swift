import ArgumentParser
import Foundation
import SparseLA
import Distributed

/// `solversuite-mpi solve A.mtx --engine petsc ...`
struct SolveMPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve A x = b (b = A * ones) for a Matrix Market matrix, distributed by row blocks.",
        discussion: """
        Every rank reads the file and inserts only its own rows into a PETSc MPIAIJ matrix \
        (contiguous blocks; see `poisson` for assembly that never holds the whole matrix).
        """
    )

    @Argument(help: "Matrix Market file (square).")
    var matrix: String

    @OptionGroup var engine: EngineOptions

    func run() throws {
        try withPETSc(engine.petscOptions) {
            let a: CSRMatrix
            do { a = try MatrixMarket.readMatrix(path: matrix) } catch {
                throw PETScError.invalidInput(matrix, "\(error)")
            }
            let part = RowPartition(rows: a.rows, ranks: PETScRuntime.size)
            let rows = try LocalRows(slicing: a, rows: part.range(of: PETScRuntime.rank))
            return try runAndReport(rows: rows, localRHS: rows.rowSums(), engine: engine,
                                    problem: [("matrix", "\"\((matrix as NSString).lastPathComponent)\"")]) {
                (a, a.multiplied(by: DenseVector.ones(a.columns)))
            }
        }
    }
}

/// `solversuite-mpi poisson --engine petsc --grid 3d --n 64 ...`
struct PoissonMPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson",
        abstract: "-Δu = 1 on the unit box, Dirichlet u = 0, finite differences; each rank assembles only its rows.",
        discussion: """
        The matrix is the unscaled (2d+1)-point Laplacian of `CSRMatrix.laplacian(dimensions:)` \
        (2d on the diagonal), right-hand side h² · 1; rows are split in natural order (x fastest), \
        so on a 3D grid each rank holds a slab of z-planes.
        """
    )

    @Option(help: "Grid: 2d or 3d (n nodes per axis), or sizes like 64x64x32.")
    var grid: String = "3d"

    @Option(help: "Unknown nodes per axis for --grid 2d/3d.")
    var n: Int = 32

    @OptionGroup var engine: EngineOptions

    func dims() throws -> [Int] {
        switch grid {
        case "2d": return [n, n]
        case "3d": return [n, n, n]
        case "1d": return [n]
        default:
            let d = grid.split(separator: "x").compactMap { Int($0) }
            guard !d.isEmpty, d.count <= 3, d.count == grid.split(separator: "x").count, d.allSatisfy({ $0 >= 1 }) else {
                throw ValidationError("--grid must be 1d|2d|3d or sizes like 64x64x32, got '\(grid)'")
            }
            return d
        }
    }

    func validate() throws {
        guard n >= 1 else { throw ValidationError("--n must be >= 1") }
        _ = try dims()
    }

    func run() throws {
        let d = try dims()
        let h = 1.0 / Double(d.max()! + 1)
        try withPETSc(engine.petscOptions) {
            let total = d.reduce(1, *)
            let part = RowPartition(rows: total, ranks: PETScRuntime.size)
            let rows = try LocalRows.laplacian(dimensions: d, rows: part.range(of: PETScRuntime.rank))
            let b = [Double](repeating: h * h, count: rows.rowRange.count)
            return try runAndReport(rows: rows, localRHS: b, engine: engine,
                                    problem: [("grid", "\"\(d.map(String.init).joined(separator: "x"))\"")]) {
                (CSRMatrix.laplacian(dimensions: d), [Double](repeating: h * h, count: total))
            }
        }
    }
}

/// `solversuite-mpi info`: PETSc version, ranks, hypre availability.
struct InfoMPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Show the PETSc/MPI configuration.")

    func run() throws {
        try withPETSc("") {
            say("\(PETScRuntime.version); ranks = \(PETScRuntime.size); hypre (BoomerAMG) = \(PETScRuntime.hasHypre)")
            return true
        }
    }
}
