import Testing
@testable import SparseLA

@Suite struct LUFactorizationTests {
    typealias Support = FactorizationTestSupport

    @Test(arguments: ["convectionDiffusion(40)", "laplacian2D(40)", "laplacian3D(12)"])
    func modelProblemResidual(_ name: String) throws {
        let a = Support.modelProblem(name)
        let f = try LUFactorization(a)
        try Support.expectSolvesOnes(a, with: f, solutionTolerance: 1e-10)
        let info = f.info
        #expect(info.factorNonzeros >= a.nnz)
        #expect(["AMD", "COLAMD", "METIS"].contains(info.ordering), "ordering \(info.ordering)")
        let rcond = try #require(info.reciprocalCondition)
        #expect(rcond > 0 && rcond <= 1)
        #expect(info.numericFactorizations == 1)
    }

    @Test func randomNonsymmetricMatrix() throws {
        let a = Support.randomSparse(rows: 300, columns: 300, perColumn: 5, seed: 3)
        let f = try LUFactorization(a)
        let b = Support.randomVector(300)
        #expect(a.relativeResidual(x: try f.solve(b), b: b) < 1e-13)
    }

    @Test func multipleRightHandSides() throws {
        let a = Support.convectionDiffusion(20)
        let f = try LUFactorization(a)
        try Support.expectManyRightHandSides(a, with: f, count: 3, firstSeed: 20, agreement: 1e-15)
    }

    @Test func refactorWithScaledValues() throws {
        let a = Support.convectionDiffusion(20)
        let f = try LUFactorization(a)
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        try f.refactor(values: a.withValues(a.values.map { $0 * 3 }))
        #expect(Support.relativeDifference(try f.solve(b), DenseVector.ones(a.rows).map { $0 / 3 }) < 1e-12)
        #expect(f.info.numericFactorizations == 2)
        #expect(throws: FactorizationError.self) { try f.refactor(values: Support.convectionDiffusion(21)) }
        #expect(throws: FactorizationError.self) { try f.refactor(values: [Double](repeating: 1, count: a.nnz + 1)) }
    }

    @Test func structurallySingularReportsColumn() {
        // Column 1 is empty.
        let a = CSRMatrix(dense: [[2, 0, 1], [1, 0, 3], [0, 0, 4]])
        #expect(throws: FactorizationError.singular(column: 1)) { _ = try LUFactorization(a) }
    }

    @Test func numericallySingular() {
        let a = CSRMatrix(dense: [[1, 2, 0], [2, 4, 0], [0, 0, 1]])
        do {
            _ = try LUFactorization(a)
            Issue.record("expected singular")
        } catch {
            guard case .singular = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test(arguments: [FillOrdering.automatic, .natural, .amd, .colamd, .metis])
    func orderings(_ ordering: FillOrdering) throws {
        let a = Support.convectionDiffusion(15)
        let f = try LUFactorization(a, ordering: ordering)
        let b = Support.randomVector(a.rows)
        #expect(a.relativeResidual(x: try f.solve(b), b: b) < 1e-14)
        switch ordering {
        case .natural: #expect(f.info.ordering == "natural")
        case .colamd: #expect(f.info.ordering == "COLAMD")
        case .metis: #expect(f.info.ordering == "METIS")
        default: break
        }
    }

    @Test func badInputIsRejected() throws {
        #expect(throws: FactorizationError.notSquare(rows: 2, columns: 3)) {
            _ = try LUFactorization(CSRMatrix(dense: [[1, 0, 2], [0, 1, 0]]))
        }
        #expect(throws: FactorizationError.self) { _ = try LUFactorization(.diagonal([1, .infinity])) }
        #expect(throws: FactorizationError.self) { _ = try LUFactorization(.laplacian1D(3), ordering: .nesdis) }
        let f = try LUFactorization(.laplacian1D(3))
        #expect(throws: FactorizationError.self) { _ = try f.solve([1, 2]) }
    }
}
