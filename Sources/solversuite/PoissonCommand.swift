import Foundation
import ArgumentParser
import SparseLA
import Iterative
import PDE

/// `solversuite poisson`: solve -div(k grad u) = f on a structured grid (finite differences) or
/// an unstructured mesh (P1 finite elements) and report the error against a manufactured solution.
struct PoissonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poisson",
        abstract: "Poisson on grids (FD, FFT) or meshes (P1 FEM) with manufactured-solution errors.",
        discussion: """
        Examples:
          solversuite poisson --grid 2d --n 255 --solver fft
          solversuite poisson --grid 128x64 --bc mixed --solver cholesky --svg u.svg
          solversuite poisson --grid 3d --n 63 --coefficient variable --solver pcg-fft --json
          solversuite poisson --mesh meshes/square_2.msh --solver pcg-amg --vtu u.vtu
          solversuite poisson --mesh square:64 --bc mixed --json
          solversuite poisson --grid 128x128 --domain obstacles --solver dcdm --json
          solversuite poisson --grid 24x20x16 --domain lshape --solver pcg-ic0
        The manufactured solution (default) is u = sin(2x+1/2) cos y + x y² in 2D,
        sin(2x+1/2) cos(y) eᶻ in 3D, sin(2x+1/2) in 1D, and sin(2πx)cos(2πy)cos(2πz) for periodic grids.

        Grid domains (--domain, or --solver dcdm/pcg-ic0): the (2d+1)-point Laplacian (unit spacing) \
        on the active cells of an NxM or NxMxK cell grid (--grid), outer box Dirichlet, walls to \
        solid cells --walls; --domain obstacles places 8 seeded random solid rectangles. b: seeded \
        Gaussian (--rhs random, default) or ones; x0 = 0; stop when ||b - A x|| <= rtol ||b||. \
        Solvers: dcdm (--model, default the shipped masked multilevel Benchmarks/models/dcdm2d_mask_g64.bin \
        or dcdm3d_mask_ft64.bin; --dcdm-directions K, --dcdm-smoothing S), cg, pcg-ic0, pcg-amg (auto). relative_residual is recomputed from the \
        returned x. Exit status: 0 converged, 1 bad input, 2 not converged.
        """
    )

    @Option(help: "Grid: 1d, 2d, 3d (with --n) or sizes like 256x256 / 64x64x64 (unknown nodes per axis).")
    var grid: String?

    @Option(help: "Unknown nodes per axis for --grid 1d/2d/3d.")
    var n: Int = 63

    @Option(help: "Mesh file (.msh, .node/.ele) or a generated box: square:N, cube:N.")
    var mesh: String?

    @Option(help: "Boundary conditions: dirichlet, neumann, mixed (Dirichlet on x-low and y-low, Neumann elsewhere), periodic (grids).")
    var bc: String = "dirichlet"

    @Option(help: "Mesh Dirichlet physical tags, comma separated (overrides --bc for meshes).")
    var dirichletTags: String?

    @Option(help: "Solver: auto, fft, cg, pcg-fft, pcg-amg (alias amg), cholesky; with --domain: dcdm, cg, pcg-ic0, pcg-amg.")
    var solver: String = "auto"

    @Option(help: "Right-hand side: 'manufactured' (default) or a constant f (then u = 0 on Dirichlet faces, no error reported); with --domain: random (default, seeded Gaussian) or ones.")
    var rhs: String?

    @Option(help: "Grid domain on the --grid cells: box, obstacles, lshape, disc (masked cell-grid Laplacian).")
    var domain: String?

    @Option(help: "Seed for --domain obstacles and the random right-hand side (default 1).")
    var seed: UInt64?

    @Option(help: "DCDM model file for --solver dcdm (default: the shipped model for the grid dimension).")
    var model: String?

    @OptionGroup var dcdmOptions: DCDMDirectionOptions

    @Option(help: "Walls to solid cells of a --domain: dirichlet (default) or neumann.")
    var walls: String?

    @Option(name: .customLong("max-iterations"), help: "Iteration cap for iterative solvers (default: 1000 for dcdm, 10000 for --domain Krylov solvers, 20n+100 otherwise).")
    var maxIterations: Int?

    @Flag(help: "Same as --rhs manufactured.")
    var manufactured: Bool = false

    @Option(help: "Coefficient k: constant (k = 1) or variable (k = 1 + x² + y + z).")
    var coefficient: String = "constant"

    @Option(help: "Relative residual tolerance for iterative solvers.")
    var rtol: Double = 1e-10

    @Option(help: "FFTW planning: estimate or measure.")
    var planning: String = "estimate"

    @Option(help: "Write the solution as VTK .vtu.")
    var vtu: String?

    @Option(help: "Write a 2D grid solution as an SVG heat map.")
    var svg: String?

    @Flag(help: "Print one JSON object instead of text.")
    var json: Bool = false

    struct Manufactured {
        let u: ScalarField
        let f: ScalarField
        let grad: @Sendable (Double, Double, Double) -> (Double, Double, Double)
    }

    static func manufacturedSolution(dimension: Int, periodic: Bool, variable: Bool) -> Manufactured {
        let base: Manufactured
        if periodic {
            let d = Double(dimension)
            base = Manufactured(u: { x, y, z in sin(2 * .pi * x) * cos(2 * .pi * y) * cos(2 * .pi * z) },
                                f: { x, y, z in 4 * .pi * .pi * d * sin(2 * .pi * x) * cos(2 * .pi * y) * cos(2 * .pi * z) },
                                grad: { x, y, z in (2 * .pi * cos(2 * .pi * x) * cos(2 * .pi * y) * cos(2 * .pi * z),
                                                    -2 * .pi * sin(2 * .pi * x) * sin(2 * .pi * y) * cos(2 * .pi * z),
                                                    -2 * .pi * sin(2 * .pi * x) * cos(2 * .pi * y) * sin(2 * .pi * z)) })
        } else if dimension == 1 {
            base = Manufactured(u: { x, _, _ in sin(2 * x + 0.5) }, f: { x, _, _ in 4 * sin(2 * x + 0.5) },
                                grad: { x, _, _ in (2 * cos(2 * x + 0.5), 0, 0) })
        } else if dimension == 2 {
            base = Manufactured(u: { x, y, _ in sin(2 * x + 0.5) * cos(y) + x * y * y },
                                f: { x, y, _ in 5 * sin(2 * x + 0.5) * cos(y) - 2 * x },
                                grad: { x, y, _ in (2 * cos(2 * x + 0.5) * cos(y) + y * y, -sin(2 * x + 0.5) * sin(y) + 2 * x * y, 0) })
        } else {
            base = Manufactured(u: { x, y, z in sin(2 * x + 0.5) * cos(y) * exp(z) },
                                f: { x, y, z in 4 * sin(2 * x + 0.5) * cos(y) * exp(z) },
                                grad: { x, y, z in (2 * cos(2 * x + 0.5) * cos(y) * exp(z), -sin(2 * x + 0.5) * sin(y) * exp(z), sin(2 * x + 0.5) * cos(y) * exp(z)) })
        }
        guard variable else { return base }
        // k = 1 + x² + y + z: f = k f₀ − ∇k·∇u
        let f0 = base.f, g = base.grad
        return Manufactured(u: base.u, f: { x, y, z in
            let gu = g(x, y, z)
            return (1 + x * x + y + z) * f0(x, y, z) - (2 * x * gu.0 + gu.1 + gu.2)
        }, grad: g)
    }

    static let variableK: ScalarField = { x, y, z in 1 + x * x + y + z }

    /// The source, boundary value and coefficient shared by grid and mesh runs: those of the
    /// manufactured solution `ms` (or the constant source `constantF` without boundary data), and
    /// `variableK` (or nil: k = 1).
    static func problemFields(_ ms: Manufactured, isManufactured: Bool, constantF: Double, variable: Bool)
        -> (source: ScalarField, boundaryValue: ScalarField?, coefficient: ScalarField?) {
        let cf = constantF
        let constantSource: ScalarField = { _, _, _ in cf }
        return (isManufactured ? ms.f : constantSource, isManufactured ? ms.u : nil, variable ? variableK : nil)
    }

    struct Outcome {
        var solution: [Double] = []
        var iterations: Int = 0
        var status = "converged"
        var setup = 0.0
        var solve = 0.0
        var solverName = ""

        /// Adds the solver statistics (and the assembly time) to the report.
        func record(into report: inout JSONObject, assembleSeconds: Double) {
            report.set("iterations", iterations)
            report.set("status", status)
            report.set("assemble_seconds", assembleSeconds)
            report.set("setup_seconds", setup)
            report.set("solve_seconds", solve)
        }
    }

    /// Solves `A u = b` with the chosen method. `fft` must be non-nil for fft/pcg-fft;
    /// `maxIterations` (default 20n + 100) caps the CG variants.
    static func solveSystem(_ A: CSRMatrix, _ b: [Double], method: String, rtol: Double, fft: FastPoissonSolver?,
                            maxIterations: Int? = nil) throws -> Outcome {
        var out = Outcome()
        out.solverName = method
        switch method {
        case "fft":
            guard let f = fft else { throw ValidationError("--solver fft needs a grid with Dirichlet/Dirichlet, Neumann/Neumann or periodic axes and k = 1") }
            out.setup = f.setupTime
            let clock = Stopwatch()
            out.solution = f.solve(b)
            out.solve = clock.elapsed
            out.iterations = 0
            out.status = "direct"
        case "cg", "pcg-fft", "pcg-amg", "amg":
            var M: (any Preconditioner)? = nil
            let clock = Stopwatch()
            if method == "pcg-fft" {
                guard let f = fft else { throw ValidationError("--solver pcg-fft needs a grid whose axes the FFT solver supports") }
                M = f
            } else if method == "pcg-amg" || method == "amg" {
                M = try SmoothedAggregationAMG(A)
            }
            out.setup = clock.elapsed + (method == "pcg-fft" ? (fft?.setupTime ?? 0) : 0)
            var opts = SolveOptions(relativeTolerance: rtol)
            opts.reference = .rightHandSide
            opts.maxIterations = maxIterations ?? 20 * A.rows + 100
            let r = Krylov.cg(A, b, preconditioner: M, options: opts)
            out.solution = r.solution
            out.iterations = r.iterations
            out.status = r.status.name
            out.solve = r.solveTime > 0 ? r.solveTime : clock.elapsed - out.setup
        case "cholesky":
            let clock = Stopwatch()
            let chol = try CholeskyFactorization(A, symmetryTolerance: nil)
            out.setup = clock.elapsed
            let c2 = Stopwatch()
            out.solution = try chol.solve(b)
            out.solve = c2.elapsed
            out.status = "direct"
        default:
            throw ValidationError("unknown solver '\(method)' (auto, fft, cg, pcg-fft, pcg-amg, cholesky)")
        }
        return out
    }

    /// Grid domain mode: `--domain`, or a solver that only runs on grid domains.
    var isDomainProblem: Bool {
        domain != nil || ["dcdm", "pcg-ic0", "ic0"].contains(solver.lowercased())
    }

    func run() throws {
        if isDomainProblem { return try runDomain() }
        for (flag, given) in [("--seed", seed != nil), ("--walls", walls != nil), ("--model", model != nil)] where given {
            fail("\(flag) applies to grid domains only (--domain, --solver dcdm/pcg-ic0)")
        }
        let rhs = self.rhs ?? "manufactured"
        let isManufactured = manufactured || rhs == "manufactured"
        var constantF = 0.0
        if !isManufactured {
            guard let v = Double(rhs) else { throw ValidationError("--rhs must be 'manufactured' or a number (expressions are not supported)") }
            constantF = v
        }
        guard ["constant", "variable"].contains(coefficient) else { throw ValidationError("--coefficient must be constant or variable") }
        let variable = coefficient == "variable"
        var report = JSONObject()
        if let meshSpec = mesh {
            try runMesh(meshSpec, isManufactured: isManufactured, constantF: constantF, variable: variable, report: &report)
        } else {
            try runGrid(isManufactured: isManufactured, constantF: constantF, variable: variable, report: &report)
        }
        if json {
            print(report.rendered)
        } else {
            printText(report)
        }
    }

    /// Sizes per axis from `--grid` (1d/2d/3d with `--n`, or `NxM[xK]`); nil when malformed.
    var gridCounts: [Int]? {
        switch (grid ?? "2d").lowercased() {
        case "1d": return [n]
        case "2d": return [n, n]
        case "3d": return [n, n, n]
        default: return parseGridDims(grid ?? "")
        }
    }

    func runGrid(isManufactured: Bool, constantF: Double, variable: Bool, report: inout JSONObject) throws {
        guard let counts = gridCounts else { throw ValidationError("--grid must be 1d, 2d, 3d or sizes like 256x256") }
        let kinds: [(GridBoundary, GridBoundary)]
        switch bc {
        case "dirichlet": kinds = counts.map { _ in (.dirichlet, .dirichlet) }
        case "neumann": kinds = counts.map { _ in (.neumann, .neumann) }
        case "periodic": kinds = counts.map { _ in (.periodic, .periodic) }
        case "mixed": kinds = counts.map { _ in (.dirichlet, .neumann) }
        default: throw ValidationError("--bc must be dirichlet, neumann, mixed or periodic")
        }
        let total = counts.reduce(1.0) { $0 * Double($1) }
        guard total <= 2e8 else { throw ValidationError("grid has \(Int(total)) unknowns; the CLI limit is 2·10⁸") }
        let g = try PoissonGrid(axes: zip(counts, kinds).map { GridAxis(count: $0, low: $1.0, high: $1.1) })
        let ms = Self.manufacturedSolution(dimension: g.dimension, periodic: bc == "periodic", variable: variable)
        let grad = ms.grad
        let flux: FluxField = { (x: Double, y: Double, z: Double, face: Int) -> Double in
            let gu = grad(x, y, z)
            let comp: Double = face < 2 ? gu.0 : (face < 4 ? gu.1 : gu.2)
            return face % 2 == 1 ? comp : -comp
        }
        let (source, gValue, kField) = Self.problemFields(ms, isManufactured: isManufactured, constantF: constantF,
                                                          variable: variable)
        let gFlux: FluxField? = isManufactured ? flux : nil
        let problem = GridPoissonProblem(grid: g, source: source,
                                         boundaryValue: gValue,
                                         boundaryFlux: gFlux,
                                         coefficient: kField,
                                         nullSpace: .pin)
        let clock = Stopwatch()
        let disc = try GridPoisson.discretize(problem)
        let A = disc.matrix()
        let assemble = clock.elapsed
        let fftUsable = counts.indices.allSatisfy { kinds[$0].0 == kinds[$0].1 }
        var method = solver == "amg" ? "pcg-amg" : solver
        if method == "auto" { method = fftUsable ? (variable ? "pcg-fft" : "fft") : (g.nodeCount <= 300_000 && g.dimension < 3 ? "cholesky" : "pcg-amg") }
        if method == "fft" && variable {
            throw ValidationError("--solver fft solves constant-coefficient problems only; use pcg-fft for --coefficient variable")
        }
        if method == "fft" && !fftUsable {
            throw ValidationError("--solver fft needs Dirichlet/Dirichlet, Neumann/Neumann or periodic axes (not --bc mixed)")
        }
        var fft: FastPoissonSolver? = nil
        if fftUsable && (method == "fft" || method == "pcg-fft") {
            fft = try FastPoissonSolver(grid: g, planning: planning == "measure" ? .measure : .estimate)
            if variable { fft?.preconditionerScale = 1 }
        }
        // The FFT solves the unpinned (projected) system; give it the projected right-hand side.
        var b = disc.rhs
        if method == "fft", disc.pinnedNode != nil {
            let d2 = try GridPoisson.discretize({ var p = problem; p.nullSpace = .project; return p }())
            b = d2.rhs
        }
        let out = try Self.solveSystem(A, b, method: method, rtol: rtol, fft: fft, maxIterations: maxIterations)
        report.set("problem", "grid")
        report.set("grid", counts.map(String.init).joined(separator: "x"))
        report.set("bc", bc)
        report.set("coefficient", coefficient)
        report.set("solver", out.solverName)
        report.set("unknowns", g.nodeCount)
        report.set("nonzeros", A.nnz)
        if isManufactured {
            let e = GridPoisson.errors(out.solution, exact: ms.u, grid: g, removeMean: problem.isSingular)
            report.set("max_error", e.max)
            report.set("l2_error", e.l2)
            report.set("h", g.spacings.max() ?? 0)
        }
        out.record(into: &report, assembleSeconds: assemble)
        if let path = vtu {
            try VTUWriter.write(VTUWriter.render(grid: g, pointData: [("u", out.solution)]), to: path)
            report.set("vtu", path)
        }
        if let path = svg {
            guard g.dimension == 2 else { throw ValidationError("--svg needs a 2D grid") }
            try SVGHeatmap.render(values: out.solution, nx: counts[0], ny: counts[1], title: "u (\(counts[0])x\(counts[1]), \(bc))")
                .write(toFile: path, atomically: true, encoding: .utf8)
            report.set("svg", path)
        }
    }

    func runMesh(_ spec: String, isManufactured: Bool, constantF: Double, variable: Bool, report: inout JSONObject) throws {
        let m: Mesh
        let readClock = Stopwatch()
        if spec.hasPrefix("square:"), let k = Int(spec.dropFirst(7)), k > 0 {
            m = StructuredMesher.rectangle(nx: k, ny: k)
        } else if spec.hasPrefix("cube:"), let k = Int(spec.dropFirst(5)), k > 0 {
            m = StructuredMesher.box(nx: k, ny: k, nz: k)
        } else {
            m = try MeshReader.read(spec)
        }
        let readSeconds = readClock.elapsed
        let ms = Self.manufacturedSolution(dimension: m.cellDimension, periodic: false, variable: variable)
        let grad = ms.grad
        let one: ScalarField = { _, _, _ in 1 }
        let kf: ScalarField = variable ? Self.variableK : one
        let flux: NormalFluxField = { (x: Double, y: Double, z: Double, nx: Double, ny: Double, nz: Double) -> Double in
            let gu = grad(x, y, z)
            let dn: Double = gu.0 * nx + gu.1 * ny + gu.2 * nz
            return kf(x, y, z) * dn
        }
        var selection: BoundarySelection
        switch bc {
        case "dirichlet": selection = .all
        case "neumann": selection = .none
        case "mixed": selection = .tags([1, 3])
        default: throw ValidationError("--bc for meshes must be dirichlet, neumann or mixed (mixed = Dirichlet on tags 1,3)")
        }
        if let t = dirichletTags {
            let tags = t.split(separator: ",").compactMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
            selection = .tags(Set(tags))
        }
        let (source, gValue, kField) = Self.problemFields(ms, isManufactured: isManufactured, constantF: constantF,
                                                          variable: variable)
        let gFlux: NormalFluxField? = isManufactured ? flux : nil
        let problem = MeshPoissonProblem(mesh: m, source: source, coefficient: kField, dirichlet: selection,
                                         boundaryValue: gValue, boundaryFlux: gFlux)
        let clock = Stopwatch()
        let disc = try P1Poisson.discretize(problem)
        let assemble = clock.elapsed
        var method = solver == "amg" ? "pcg-amg" : solver
        if method == "auto" { method = (m.cellDimension == 2 || disc.freeNodes.count < 50_000) ? "cholesky" : "pcg-amg" }
        if method == "fft" || method == "pcg-fft" { throw ValidationError("--solver \(method) works on grids only") }
        let out = try Self.solveSystem(disc.matrix, disc.rhs, method: method, rtol: rtol, fft: nil, maxIterations: maxIterations)
        let u = disc.expand(out.solution)
        report.set("problem", "mesh")
        report.set("mesh", spec)
        report.set("read_seconds", readSeconds)
        report.set("cells", m.cellCount)
        report.set("dimension", m.cellDimension)
        report.set("bc", bc)
        report.set("coefficient", coefficient)
        report.set("solver", out.solverName)
        report.set("unknowns", disc.freeNodes.count)
        report.set("nonzeros", disc.matrix.nnz)
        if isManufactured {
            let e = try P1Poisson.errors(u, mesh: m, exact: ms.u, gradient: ms.grad, removeMean: disc.pinnedNode != nil)
            var maxErr = 0.0
            // nodal max error on the free nodes (shifted for pure Neumann)
            var shift = 0.0
            if disc.pinnedNode != nil {
                var sum = 0.0
                for i in disc.freeNodes {
                    let exact: Double = ms.u(m.points[3 * i], m.points[3 * i + 1], m.points[3 * i + 2])
                    sum += u[i] - exact
                }
                shift = sum / Double(max(disc.freeNodes.count, 1))
            }
            for i in disc.freeNodes {
                maxErr = max(maxErr, abs(u[i] - shift - ms.u(m.points[3 * i], m.points[3 * i + 1], m.points[3 * i + 2])))
            }
            report.set("max_error", maxErr)
            report.set("l2_error", e.l2)
            report.set("h1_error", e.h1)
        }
        out.record(into: &report, assembleSeconds: assemble)
        if let path = vtu {
            var fields: [(name: String, values: [Double])] = [("u", u)]
            if isManufactured {
                fields.append(("u_exact", (0..<m.nodeCount).map { ms.u(m.points[3 * $0], m.points[3 * $0 + 1], m.points[3 * $0 + 2]) }))
            }
            try VTUWriter.write(VTUWriter.render(mesh: m, pointData: fields), to: path)
            report.set("vtu", path)
        }
        if svg != nil { throw ValidationError("--svg is for 2D grids; use --vtu for meshes") }
    }
}

extension PoissonCommand {
    /// The masked cell-grid problem (`--domain`): DCDM, CG, IC(0)-PCG or AMG-PCG on the
    /// `GridDomain` Laplacian with a seeded right-hand side. Exits 1 on bad input, 2 when the
    /// solve does not converge.
    func runDomain() throws {
        if mesh != nil { fail("--mesh and --domain exclude each other (--domain works on --grid cells)") }
        if bc != "dirichlet" { fail("--bc does not apply to --domain problems (the outer box is Dirichlet; use --walls for solid cells)") }
        if coefficient != "constant" { fail("--coefficient variable is not available with --domain") }
        if vtu != nil || svg != nil || dirichletTags != nil { fail("--vtu, --svg and --dirichlet-tags are not available with --domain") }
        if manufactured || rhs == "manufactured" { fail("--domain problems have no manufactured solution; use --rhs random or ones") }
        let name = solver.lowercased() == "auto" ? "pcg-amg" : solver
        guard let method = GridSolver(name: name) else {
            fail("--solver \(solver) is not available with --domain (dcdm, cg, pcg-ic0, pcg-amg)")
        }
        if model != nil && method != .dcdm { fail("--model applies to --solver dcdm only") }
        guard rtol > 0, rtol.isFinite else { fail("--rtol must be positive") }
        if let m = maxIterations, m < 0 { fail("--max-iterations must be non-negative") }
        dcdmOptions.check()
        guard let dims = gridCounts else { fail("--grid must be sizes like 64x64 or 32x32x32 (or 2d/3d with --n)") }
        guard dims.count == 2 || dims.count == 3 else { fail("--domain needs a 2-D or 3-D grid (NxM or NxMxK), got \(grid ?? "")") }
        let shape = domain ?? "box"
        let seed = self.seed ?? 1
        let problem = MaskedGridProblem(shape: shape, dims: dims, seed: seed, walls: walls ?? "dirichlet", rhs: rhs ?? "random")
        var modelPath: String? = nil
        var proposer: (proposer: NetworkDirectionProposer, seconds: Double)? = nil
        if method == .dcdm {
            let path = model ?? ShippedModels.path(dimension: dims.count)
            modelPath = path
            proposer = loadProposer(model: path, domain: problem.domain)
        }
        let solvers: GridSolverSet
        do { solvers = try GridSolverSet(matrix: problem.matrix, methods: [method], proposer: proposer, dcdmOptions: dcdmOptions) } catch {
            fail("\(method.rawValue) setup failed: \(error)", code: ExitStatus.notSolved)
        }
        let cap = maxIterations ?? (method == .dcdm ? 1000 : 10000)
        let run = solvers.run(method, problem.rhs, options: .scipy(rtol: rtol, maxIterations: cap))
        var report = JSONObject()
        report.set("problem", "domain")
        report.set("solver", method.rawValue)
        report.set("domain", shape)
        report.set("dims", .array(dims.map { .int($0) }))
        report.set("grid", problem.gridLabel)
        report.set("walls", problem.walls.rawValue)
        report.set("rhs", rhs ?? "random")
        report.set("seed", .raw(String(seed)))
        report.set("unknowns", problem.matrix.rows)
        report.set("solid_cells", problem.domain.solidCellCount)
        report.set("nonzeros", problem.matrix.nnz)
        report.set("rtol", rtol)
        report.set("max_iterations", cap)
        report.set("assemble_seconds", problem.assembleSeconds)
        run.record(into: &report)
        if let modelPath { report.set("model", modelPath) }
        if json { print(report.rendered) } else { printText(report) }
        if !run.result.converged { throw ExitCode(ExitStatus.notSolved) }
    }
}

/// Prints a report as `key: value` lines (the JSON rendering, one pair per line).
func printText(_ report: JSONObject) {
    let body = report.rendered.dropFirst().dropLast()
    // split on top-level ", " between pairs (values here are scalars or strings without ", \"")
    for part in body.components(separatedBy: ", \"") {
        print(part.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: ":", with: ":", options: [], range: nil))
    }
}
