import Testing
@testable import SparseLA

@Suite struct DirectSolverTests {
    typealias Support = FactorizationTestSupport

    @Test func autoPicksCholeskyForSPD() throws {
        let a = CSRMatrix.laplacian2D(30)
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        let r = try DirectSolver.solve(a, b, method: .auto)
        #expect(r.method == .cholesky)
        #expect(r.fallbackReason == nil)
        #expect(r.info.library.hasPrefix("CHOLMOD"))
        #expect(a.relativeResidual(x: r.solution, b: b) < 1e-14)
        #expect(r.setupSeconds >= 0 && r.solveSeconds >= 0)
    }

    @Test func autoPicksLUForNonsymmetric() throws {
        let a = Support.convectionDiffusion(30)
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        let r = try DirectSolver.solve(a, b)
        #expect(r.method == .lu)
        #expect(r.fallbackReason == nil)
        #expect(a.relativeResidual(x: r.solution, b: b) < 1e-14)
    }

    @Test func autoFallsBackToLUForIndefinite() throws {
        // Symmetric with positive diagonal (4 - 0.7) but indefinite (λmin(Laplacian) ≈ 0.16 < 0.7).
        let a = CSRMatrix.laplacian2D(12).adding(.identity(144), alpha: 1, beta: -0.7)
        #expect(DirectSolver.looksSPD(a))
        let b = Support.randomVector(144)
        let r = try DirectSolver.solve(a, b)
        #expect(r.method == .lu)
        let reason = try #require(r.fallbackReason)
        #expect(reason.contains("not positive definite"))
        #expect(a.relativeResidual(x: r.solution, b: b) < 1e-13)
    }

    @Test func autoPicksQRForRectangular() throws {
        let a = Support.randomSparse(rows: 50, columns: 20, seed: 4)
        let b = Support.randomVector(50)
        let r = try DirectSolver.solve(a, b)
        #expect(r.method == .qr)
        #expect(r.solution.count == 20)
        #expect(r.info.numericalRank == 20)
    }

    @Test(arguments: [DirectMethod.cholesky, .lu, .klu, .qr, .auto])
    func explicitMethodsAgree(_ method: DirectMethod) throws {
        let a = CSRMatrix.laplacian3D(8)
        let b = Support.randomVector(a.rows, seed: 99)
        let r = try DirectSolver.solve(a, b, method: method)
        #expect(r.method == (method == .auto ? .cholesky : method))
        #expect(a.relativeResidual(x: r.solution, b: b) < 1e-14)
        let reference = try CholeskyFactorization(a).solve(b)
        #expect(Support.relativeDifference(r.solution, reference) < 1e-12)
    }

    @Test func errorsPropagate() {
        #expect(throws: FactorizationError.self) { _ = try DirectSolver.solve(.laplacian1D(4), [1, 2]) }
        #expect(throws: FactorizationError.notSquare(rows: 2, columns: 3)) {
            _ = try DirectSolver.solve(CSRMatrix(dense: [[1, 0, 1], [0, 1, 0]]), [1, 1], method: .lu)
        }
        let singular = CSRMatrix(dense: [[1, 2], [2, 4]])
        for method in [DirectMethod.auto, .lu, .klu] {
            do {
                _ = try DirectSolver.solve(singular, [1, 1], method: method)
                Issue.record("\(method): expected singular")
            } catch {
                guard case .singular = error else { Issue.record("\(method): got \(error)"); continue }
            }
        }
        #expect(throws: FactorizationError.notPositiveDefinite(column: 1)) {
            _ = try DirectSolver.solve(.diagonal([1, -1]), [1, 1], method: .cholesky)
        }
    }

    @Test func errorDescriptionsAreReadable() {
        let cases: [(FactorizationError, String)] = [
            (.notPositiveDefinite(column: 3), "column 3"),
            (.singular(column: 2), "singular"),
            (.singular(column: nil), "singular"),
            (.notSquare(rows: 2, columns: 3), "2x3"),
            (.outOfMemory, "memory"),
            (.invalidInput("b has 2 entries"), "b has 2 entries"),
            (.libraryError(code: -4, "CHOLMOD: invalid input"), "-4"),
        ]
        for (error, fragment) in cases {
            #expect(error.description.contains(fragment), "\(error.description)")
        }
    }

    @Test func methodNamesRoundTrip() {
        for m in DirectMethod.allCases { #expect(DirectMethod(rawValue: m.rawValue) == m) }
        #expect(DirectMethod(rawValue: "cholesky") == .cholesky)
    }
}
