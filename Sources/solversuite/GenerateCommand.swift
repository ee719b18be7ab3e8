import ArgumentParser
import SparseLA

/// `solversuite generate`: writes model-problem matrices as Matrix Market files.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a model-problem matrix (finite-difference Laplacian) as Matrix Market.",
        discussion: "poisson1d/2d/3d: the 3/5/7-point Laplacian on an m, m x m or m x m x m grid (Dirichlet, unscaled)."
    )

    enum Problem: String, ExpressibleByArgument, CaseIterable {
        case poisson1d, poisson2d, poisson3d
    }

    @Argument(help: "poisson1d|poisson2d|poisson3d")
    var problem: Problem

    @Argument(help: "Grid points per dimension (m).")
    var m: Int

    @Option(name: .shortAndLong, help: "Output .mtx path.")
    var output: String

    @Flag(help: "Store only the lower triangle (symmetric Matrix Market).")
    var symmetric = false

    func run() throws {
        guard m >= 1, m <= 100_000 else { throw ValidationError("m must be in 1...100000") }
        let a: CSRMatrix
        switch problem {
        case .poisson1d: a = CSRMatrix.laplacian1D(m)
        case .poisson2d: a = CSRMatrix.laplacian2D(m)
        case .poisson3d: a = CSRMatrix.laplacian3D(m)
        }
        do {
            try MatrixMarket.write(a, to: output, symmetric: symmetric,
                                   comment: "SolverSuite: \(problem.rawValue) Laplacian, m = \(m)")
        } catch { fail(error.description) }
        print("wrote \(output): \(a.rows) x \(a.columns), \(a.nnz) nonzeros")
    }
}
