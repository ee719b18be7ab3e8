import Testing
import CPETSc
import SparseLA
import Iterative
@testable import Distributed

/// One-rank PETSc solves inside the test process (MPI singleton). PETSc is initialized once and
/// never finalized here (it cannot be re-initialized); the suite is serialized because PETSc is
/// not thread-safe. Multi-rank agreement lives in Distributed/test.sh (mpirun -np 1|2|4).
@Suite(.serialized) struct DistributedSolverTests {
    init() throws { try PETScRuntime.initialize() }

    @Test func stopReasonMapping() {
        #expect(DistributedSolver.stopReason(KSP_CONVERGED_RTOL, iterations: 5) == .converged(.tolerance))
        #expect(DistributedSolver.stopReason(KSP_CONVERGED_ATOL, iterations: 0) == .converged(.initialGuess))
        #expect(DistributedSolver.stopReason(KSP_DIVERGED_ITS, iterations: 9) == .maxIterations)
        #expect(DistributedSolver.stopReason(KSP_DIVERGED_DTOL, iterations: 9) == .diverged)
        #expect(DistributedSolver.stopReason(KSP_DIVERGED_NANORINF, iterations: 1) == .notFinite)
        #expect(DistributedSolver.stopReason(KSP_DIVERGED_INDEFINITE_PC, iterations: 1) == .breakdown(.indefinitePreconditioner))
        #expect(DistributedSolver.stopReason(KSP_DIVERGED_INDEFINITE_MAT, iterations: 1) == .breakdown(.nonPositiveCurvature))
        #expect(DistributedSolver.stopReason(KSP_DIVERGED_BREAKDOWN, iterations: 1) == .breakdown(.recurrenceZero))
    }

    /// PETSc CG with the unpreconditioned norm and reference ‖b‖ takes the same iterations as our CG.
    @Test(arguments: [DistributedPreconditioner.none, .jacobi])
    func cgMatchesTheLocalSolver(pc: DistributedPreconditioner) throws {
        #expect(PETScRuntime.size == 1)
        let a = CSRMatrix.laplacian3D(10)
        let b = a.multiplied(by: DenseVector.ones(a.columns))
        var so = SolveOptions.scipy(rtol: 1e-10)
        so.recordHistory = true
        let dm = try DistributedMatrix(replicated: a)
        #expect(try dm.globalNonzeros() == a.values.count)
        let out = try DistributedSolver.solve(dm, localRHS: b, options: .init(method: .cg, preconditioner: pc, solve: so))
        let local = Krylov.cg(a, b, preconditioner: pc == .jacobi ? try JacobiPreconditioner(a) : nil, options: so)
        #expect(out.result.converged)
        #expect(out.petscReason == "CONVERGED_RTOL")
        #expect(abs(out.result.iterations - local.iterations) <= 2)
        #expect(out.result.finalTrueResidual <= 1.01e-10 * out.result.referenceNorm)
        #expect(out.result.residualHistory?.count == out.result.iterations + 1)
        for (x, y) in zip(out.result.solution, local.solution) { #expect(abs(x - y) <= 1e-8) }
        for x in out.result.solution { #expect(abs(x - 1) <= 1e-7) }   // b = A·1
    }

    @Test(arguments: [DistributedMethod.gmres, .bicgstab])
    func nonsymmetricMethodsWithAMGConverge(method: DistributedMethod) throws {
        let rows = try LocalRows.laplacian(dimensions: [12, 12, 12], rows: 0..<1728)
        let dm = try DistributedMatrix(localRows: rows)
        for pc in [DistributedPreconditioner.gamg, .hypre, .bjacobi] where pc != .hypre || PETScRuntime.hasHypre {
            let out = try DistributedSolver.solve(dm, localRHS: rows.rowSums(),
                                                  options: .init(method: method, preconditioner: pc, solve: .scipy(rtol: 1e-8)))
            #expect(out.result.converged, "\(method) + \(pc): \(out.petscReason)")
            #expect(out.result.finalTrueResidual <= 1.01e-8 * out.result.referenceNorm)
        }
    }

    @Test func iterationCapIsReportedNotThrown() throws {
        let a = CSRMatrix.laplacian2D(20)
        let dm = try DistributedMatrix(replicated: a)
        let out = try DistributedSolver.solve(dm, localRHS: [Double](repeating: 1, count: a.rows),
                                              options: .init(solve: .scipy(rtol: 1e-12, maxIterations: 3)))
        #expect(out.result.status == .maxIterations)
        #expect(out.result.iterations == 3)
    }

    @Test func wrongLengthRightHandSideIsATypedError() throws {
        let dm = try DistributedMatrix(replicated: CSRMatrix.laplacian1D(5))
        #expect(throws: PETScError.self) { try DistributedSolver.solve(dm, localRHS: [1, 2]) }
    }
}
