import Testing
import SparseLA
@testable import Iterative

/// IC(0)-PCG, ILU(0)-GMRES and AMG-PCG on the shared real matrices (skipped when the data is absent).
/// b = A·ones, x₀ = 0, ‖r‖ ≤ 1e-8‖r₀‖. Iteration counts measured with this code are in the comments;
/// the checks leave slack for rounding differences only.
@Suite struct SharedMatrixPreconditionerTests {
    static var options: SolveOptions { SolveOptions(relativeTolerance: 1e-8, maxIterations: 5000) }

    static func rhs(_ a: CSRMatrix) -> [Double] { a.multiplied(by: [Double](repeating: 1, count: a.rows)) }

    @Test(arguments: [("nos6.mtx", 670, 25), ("lap2D_5pt_n100.mtx", 183, 78), ("1138_bus.mtx", 2165, 126)])
    func ic0CutsCGIterations(name: String, cgIterations: Int, ic0Iterations: Int) throws {
        guard let a = SharedTestData.matrix(name) else { return }
        let b = Self.rhs(a)
        let plain = Krylov.cg(a, b, options: Self.options)
        let ic = try IncompleteCholesky(a)
        let pcg = Krylov.cg(a, b, preconditioner: ic, options: Self.options)
        print("\(name): CG \(plain.iterations) its, IC0-PCG \(pcg.iterations) its")
        #expect(plain.converged && pcg.converged)
        #expect(abs(pcg.iterations - ic0Iterations) <= 3)
        #expect(pcg.iterations * 2 < plain.iterations)
    }

    @Test func ic0NeedsShiftOnBcsstk13() throws {
        guard let a = SharedTestData.matrix("bcsstk13.mtx") else { return }
        #expect(throws: PreconditionerError.self) { try IncompleteCholesky(a) }
        let ic = try IncompleteCholesky(a, shiftStrategy: .automatic())
        #expect(ic.shift > 0)
        let pcg = Krylov.cg(a, Self.rhs(a), preconditioner: ic, options: Self.options)
        print("bcsstk13: IC0 shift \(ic.shift), PCG \(pcg.iterations) its")
        #expect(pcg.converged)   // measured 394 iterations with shift 0.256; plain CG does not converge in 5000
    }

    @Test(arguments: [("pde900.mtx", 331, 31), ("BentPipe2D100.mtx", 784, 27), ("sherman1.mtx", 2254, 43)])
    func ilu0CutsGMRESIterations(name: String, gmresIterations: Int, ilu0Iterations: Int) throws {
        guard let a = SharedTestData.matrix(name) else { return }
        let b = Self.rhs(a)
        let ilu = try IncompleteLU(a)
        let res = Krylov.gmres(a, b, restart: 30, preconditioner: ilu, options: Self.options)
        print("\(name): ILU0-GMRES(30) \(res.iterations) its (GMRES(30) alone: \(gmresIterations))")
        #expect(res.converged)
        #expect(abs(res.iterations - ilu0Iterations) <= 3)
    }

    @Test func ilu0ReportsMissingDiagonal() throws {
        guard let a = SharedTestData.matrix("west0479.mtx") else { return }
        #expect(throws: PreconditionerError.zeroDiagonal(row: 0)) { try IncompleteLU(a) }
        // With a shift the missing diagonal is inserted and the factorization succeeds.
        #expect(try IncompleteLU(a, shiftStrategy: .automatic()).shift > 0)
    }

    @Test(arguments: ["lap2D_5pt_n100.mtx", "lap3D_7pt_n20.mtx", "nos6.mtx", "gr_900_900_crg.mtx"])
    func amgPCGConvergesFast(name: String) throws {
        guard let a = SharedTestData.matrix(name) else { return }
        let amg = try SmoothedAggregationAMG(a)
        let res = Krylov.cg(a, Self.rhs(a), preconditioner: amg, options: Self.options)
        print("\(name): AMG-PCG \(res.iterations) its, \(amg.hierarchy.levelCount) levels")
        #expect(res.converged)
        #expect(res.iterations <= 12)   // measured: 9, 9, 6, 9
    }
}
