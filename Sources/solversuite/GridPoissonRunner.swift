import ArgumentParser
import Foundation
import SparseLA
import Iterative

// Masked cell-grid Poisson problems (`GridDomain`) and the four solvers compared on them: the
// one place shared by `poisson --domain`, `dcdm` and `solve --method dcdm`.

/// The solvers offered on grid Poisson problems.
enum GridSolver: String, CaseIterable {
    case dcdm, cg
    case ic0 = "pcg-ic0"
    case amg = "pcg-amg"

    /// Accepts the `poisson --solver` names and the short names of `dcdm --methods` (ic0, amg).
    init?(name: String) {
        switch name.lowercased() {
        case "dcdm": self = .dcdm
        case "cg": self = .cg
        case "ic0", "pcg-ic0": self = .ic0
        case "amg", "pcg-amg": self = .amg
        default: return nil
        }
    }

    /// The label `solversuite dcdm` prints: dcdm, cg, ic0, amg.
    var shortName: String {
        switch self {
        case .ic0: return "ic0"
        case .amg: return "amg"
        default: return rawValue
        }
    }
}

/// Parses grid sizes `NxM` or `NxMxK` (positive integers); nil when malformed.
func parseGridDims(_ spec: String) -> [Int]? {
    let parts = spec.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
    guard (1...3).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
    return parts.map { $0! }
}

/// The (2d+1)-point Laplacian on the active cells of a masked grid (outer box Dirichlet, walls to
/// solid cells Dirichlet or Neumann) with a seeded right-hand side.
struct MaskedGridProblem {
    /// Shape name as given (box, obstacles, lshape, disc).
    let shape: String
    let domain: GridDomain
    let walls: GridDomain.WallCondition
    let matrix: CSRMatrix
    /// Seeded Gaussian (`random`) or all ones (`ones`), one entry per active cell.
    let rhs: [Double]
    let seed: UInt64
    /// Seconds to build the domain and assemble the matrix.
    let assembleSeconds: Double

    /// Largest grid (cells) the CLI builds.
    static let maxCells = 100_000_000

    /// Builds the problem; bad input (shape, sizes, walls, rhs) ends the program with exit 1.
    init(shape: String, dims: [Int], seed: UInt64, walls: String, rhs: String) {
        guard let wc = GridDomain.WallCondition(rawValue: walls.lowercased()) else { fail("--walls must be dirichlet or neumann") }
        guard dims.count == 2 || dims.count == 3 else { fail("grid Poisson problems need 2 or 3 sizes (NxM or NxMxK), got \(dims.count)") }
        guard dims.reduce(1.0, { $0 * Double($1) }) <= Double(Self.maxCells) else {
            fail("grid \(dims.map(String.init).joined(separator: "x")) has more than \(Self.maxCells) cells")
        }
        let clock = Stopwatch()
        let d: GridDomain
        do { d = try GridDomain.named(shape, dims: dims, seed: seed) } catch { fail(error.description) }
        domain = d
        if wc == .neumann {
            let enclosed = d.enclosedUnknownCount
            if enclosed > 0 {
                fail("\(shape) \(dims.map(String.init).joined(separator: "x")) with Neumann walls: \(enclosed) active cells are enclosed by walls and never reach the Dirichlet outer box, so the Laplacian is singular; use --walls dirichlet")
            }
        }
        matrix = d.laplacian(walls: wc)
        assembleSeconds = clock.elapsed
        switch rhs.lowercased() {
        case "random":
            var rng = SplitMix64(seed: seed)
            self.rhs = (0..<matrix.rows).map { _ in rng.nextGaussian() }
        case "ones":
            self.rhs = [Double](repeating: 1, count: matrix.rows)
        default:
            fail("right-hand side '\(rhs)' for a grid domain must be random or ones")
        }
        self.shape = shape
        self.walls = wc
        self.seed = seed
    }

    /// Grid sizes as `NxM[xK]`.
    var gridLabel: String { domain.dims.map(String.init).joined(separator: "x") }
}

/// Where the shipped DCDM models are looked up.
enum ShippedModels {
    /// File name of the shipped model for a grid dimension (2 or 3).
    static func fileName(dimension: Int) -> String { dimension == 3 ? "dcdm3d_mask_ft64.bin" : "dcdm2d_mask_g64.bin" }

    /// Directories searched, in order: `$SOLVERSUITE_MODELS` alone when set; otherwise
    /// `./Benchmarks/models`, then `Benchmarks/models` in each directory above the executable (the
    /// package root of `.build/<config>/solversuite`).
    static func searchDirectories() -> [String] {
        if let env = ProcessInfo.processInfo.environment["SOLVERSUITE_MODELS"], !env.isEmpty { return [env] }
        var dirs = [FileManager.default.currentDirectoryPath + "/Benchmarks/models"]
        if var url = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            for _ in 0..<6 {
                dirs.append(url.appendingPathComponent("Benchmarks/models").path)
                let up = url.deletingLastPathComponent()
                if up.path == url.path { break }
                url = up
            }
        }
        return dirs
    }

    /// The shipped model for `dimension`, or exit 1 asking for `--model`.
    static func path(dimension: Int) -> String {
        let name = fileName(dimension: dimension)
        for dir in searchDirectories() where FileManager.default.isReadableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        fail("no --model given and the shipped \(dimension)-D model \(name) was not found in Benchmarks/models (or $SOLVERSUITE_MODELS); pass --model FILE")
    }
}

/// A DCDM direction proposer for `domain` from the model file at `path`, and the seconds spent
/// loading it and allocating its workspace. Unreadable models and dimension mismatches exit 1.
func loadProposer(model path: String, domain: GridDomain) -> (proposer: NetworkDirectionProposer, seconds: Double) {
    let clock = Stopwatch()
    do {
        let net = try DirectionNetworkFile.load(from: path)
        guard net.configuration.dimension == domain.dims.count else {
            fail("\(path): a \(net.configuration.dimension)-D model cannot run on the \(domain.dims.count)-D grid \(domain.dims.map(String.init).joined(separator: "x"))")
        }
        let p = try NetworkDirectionProposer(network: net, domain: domain)
        return (p, clock.elapsed)
    } catch {
        fail(error.description)
    }
}

/// One solve on a grid problem and what it cost.
struct GridRun {
    let method: GridSolver
    let result: SolveResult
    /// Preconditioner construction (IC(0), AMG) or model loading (DCDM), seconds.
    let setupSeconds: Double
    /// DCDM only: seconds inside the network and the number of inferences in this solve.
    let inferenceSeconds: Double
    let inferenceCalls: Int
    /// ‖b − A x‖ / ‖b‖ recomputed from the returned solution (‖b − A x‖ when b = 0).
    let relativeResidual: Double
    /// Grid sizes of the DCDM domain as `NxM[xK]` (empty for the other methods).
    let gridLabel: String

    /// Adds iterations, relative_residual, status, solve_seconds, setup_seconds,
    /// ms_per_iteration and, for DCDM, inference_seconds and ms_per_inference.
    func record(into j: inout JSONObject) {
        let r = result
        j.set("iterations", r.iterations)
        j.set("relative_residual", relativeResidual)
        j.set("status", r.status.name)
        j.set("solve_seconds", r.solveTime)
        j.set("setup_seconds", setupSeconds)
        j.set("ms_per_iteration", r.iterations > 0 ? 1000 * r.solveTime / Double(r.iterations) : 0)
        if method == .dcdm {
            j.set("inference_seconds", inferenceSeconds)
            j.set("ms_per_inference", inferenceCalls > 0 ? 1000 * inferenceSeconds / Double(inferenceCalls) : 0)
        }
    }
}

/// `--dcdm-directions`, shared by `dcdm`, `poisson` and `solve`.
struct DCDMDirectionOptions: ParsableArguments {
    @Option(name: .customLong("dcdm-directions"), help: "DCDM: previous directions each new one is A-orthogonalised against (paper: 2).")
    var directions: Int = 2

    @Option(name: .customLong("dcdm-smoothing"), help: "DCDM: symmetric Gauss-Seidel sweeps with the true matrix before and after each network proposal (0: the paper's pure network).")
    var smoothing: Int = 0

    /// Exits with status 1 unless the direction count is in 0...256 (each stored direction costs
    /// two vectors of the system size) and the smoothing count in 0...64.
    func check() {
        if !(0...256).contains(directions) { fail("--dcdm-directions must be in 0...256, got \(directions)") }
        if !(0...64).contains(smoothing) { fail("--dcdm-smoothing must be in 0...64, got \(smoothing)") }
    }
}

/// The preconditioners and the DCDM proposer for one matrix, built once and reused by every
/// solve (several tolerances or right-hand sides).
final class GridSolverSet {
    let matrix: CSRMatrix
    private let ic0: IncompleteCholesky?
    private let amg: SmoothedAggregationAMG?
    private let proposer: NetworkDirectionProposer?
    private let smoothed: SmoothedDirectionProposer<NetworkDirectionProposer>?
    private let proposerSetup: Double
    private let dcdm: DeepConjugateDirection?

    /// Builds IC(0) and AMG when `methods` asks for them; `proposer` (with its setup seconds) is
    /// needed for `.dcdm`, which A-orthogonalises each direction against the last
    /// `dcdmOptions.directions` (paper: 2) and wraps the network between `dcdmOptions.smoothing`
    /// symmetric Gauss–Seidel sweeps (0: none). - Throws: the preconditioners' setup errors.
    init(matrix: CSRMatrix, methods: Set<GridSolver>,
         proposer: (proposer: NetworkDirectionProposer, seconds: Double)? = nil,
         dcdmOptions: DCDMDirectionOptions) throws {
        self.matrix = matrix
        ic0 = methods.contains(.ic0) ? try IncompleteCholesky(matrix) : nil
        amg = methods.contains(.amg) ? try SmoothedAggregationAMG(matrix) : nil
        self.proposer = proposer?.proposer
        let clock = Stopwatch()
        if let p = proposer?.proposer, dcdmOptions.smoothing > 0 {
            smoothed = try SmoothedDirectionProposer(inner: p, matrix: matrix, sweeps: dcdmOptions.smoothing)
        } else {
            smoothed = nil
        }
        proposerSetup = (proposer?.seconds ?? 0) + clock.elapsed
        dcdm = proposer != nil ? DeepConjugateDirection(size: matrix.rows, directions: dcdmOptions.directions) : nil
    }

    /// Solves `A x = b` from x0 = options' initial guess with `method` (which `init` prepared).
    func run(_ method: GridSolver, _ b: [Double], options: SolveOptions) -> GridRun {
        var r: SolveResult
        var setup = 0.0, inference = 0.0, calls = 0
        var label = ""
        switch method {
        case .dcdm:
            guard let proposer, let dcdm else { preconditionFailure("GridSolverSet: no proposer for dcdm") }
            let before = (proposer.inferenceSeconds, proposer.calls)
            if let smoothed {
                r = dcdm.solve(matrix, b, proposer: smoothed, options: options)
            } else {
                r = dcdm.solve(matrix, b, proposer: proposer, options: options)
            }
            inference = proposer.inferenceSeconds - before.0
            calls = proposer.calls - before.1
            setup = proposerSetup
            label = proposer.domain.dims.map(String.init).joined(separator: "x")
        case .cg:
            r = Krylov.cg(matrix, b, options: options)
        case .ic0:
            guard let ic0 else { preconditionFailure("GridSolverSet: IC(0) not built") }
            r = Krylov.cg(matrix, b, preconditioner: ic0, options: options)
            setup = ic0.setupTime
        case .amg:
            guard let amg else { preconditionFailure("GridSolverSet: AMG not built") }
            r = Krylov.cg(matrix, b, preconditioner: amg, options: options)
            setup = amg.setupTime
        }
        r.setupTime = setup
        let bNorm = DenseVector.norm2(b)
        let res = matrix.residualNorm(x: r.solution, b: b)
        return GridRun(method: method, result: r, setupSeconds: setup, inferenceSeconds: inference,
                       inferenceCalls: calls, relativeResidual: bNorm > 0 ? res / bNorm : res, gridLabel: label)
    }
}
