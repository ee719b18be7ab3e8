import Testing
@testable import SparseLA

@Suite struct KLUFactorizationTests {
    typealias Support = FactorizationTestSupport

    @Test(arguments: ["convectionDiffusion(40)", "laplacian2D(40)", "laplacian1D(500)"])
    func modelProblemResidual(_ name: String) throws {
        let a = Support.modelProblem(name)
        let f = try KLUFactorization(a)
        try Support.expectSolvesOnes(a, with: f)
        let info = f.info
        #expect(info.factorNonzeros >= a.nnz)
        #expect(info.ordering.hasPrefix("AMD"))
        let rcond = try #require(info.reciprocalCondition)
        #expect(rcond > 0 && rcond <= 1)
        let condest = try #require(info.conditionEstimate)
        #expect(condest >= 1)
    }

    @Test func conditionEstimateMatchesExactOneNormCondition() throws {
        let a = Support.convectionDiffusion(6)   // n = 36: the exact inverse is cheap
        let f = try KLUFactorization(a)
        let n = a.rows
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        let inverse = try f.solve(columnMajor: identity, count: n)   // column j = A⁻¹ e_j
        var inverseNorm1 = 0.0
        for j in 0..<n { inverseNorm1 = max(inverseNorm1, inverse[(j * n)..<((j + 1) * n)].reduce(0) { $0 + abs($1) }) }
        let exact = a.norm1 * inverseNorm1
        let est = try #require(f.info.conditionEstimate)
        // Hager/Higham gives a lower bound, almost always within a factor 3.
        #expect(est <= exact * (1 + 1e-10) && est >= exact / 3, "condest \(est) vs exact \(exact)")
    }

    @Test func multipleRightHandSides() throws {
        let a = Support.convectionDiffusion(20)
        let f = try KLUFactorization(a)
        try Support.expectManyRightHandSides(a, with: f, count: 5, firstSeed: 30, agreement: 1e-15)
    }

    @Test func refactorWithScaledValues() throws {
        let a = Support.convectionDiffusion(20)
        let f = try KLUFactorization(a)
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        try f.refactor(values: a.values.map { $0 * 5 })
        #expect(Support.relativeDifference(try f.solve(b), DenseVector.ones(a.rows).map { $0 / 5 }) < 1e-12)
        try f.refactor(values: a)
        #expect(a.relativeResidual(x: try f.solve(b), b: b) < 1e-14)
        #expect(f.info.numericFactorizations == 3)
        #expect(throws: FactorizationError.self) { try f.refactor(values: CSRMatrix.laplacian2D(19)) }
    }

    @Test func structurallySingularReportsColumn() {
        let a = CSRMatrix(dense: [[2, 0, 1], [1, 0, 3], [0, 0, 4]])
        #expect(throws: FactorizationError.singular(column: 1)) { _ = try KLUFactorization(a) }
    }

    @Test func numericallySingular() {
        let a = CSRMatrix(dense: [[1, 2, 0], [2, 4, 0], [0, 0, 1]])
        do {
            _ = try KLUFactorization(a)
            Issue.record("expected singular")
        } catch {
            guard case .singular = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func colamdOrderingAndBadInput() throws {
        let a = Support.convectionDiffusion(12)
        let f = try KLUFactorization(a, ordering: .colamd, estimateCondition: false)
        #expect(f.info.ordering.hasPrefix("COLAMD"))
        #expect(f.info.conditionEstimate == nil)
        let b = Support.randomVector(a.rows)
        #expect(a.relativeResidual(x: try f.solve(b), b: b) < 1e-14)
        #expect(throws: FactorizationError.self) { _ = try KLUFactorization(a, ordering: .metis) }
        #expect(throws: FactorizationError.notSquare(rows: 1, columns: 2)) {
            _ = try KLUFactorization(CSRMatrix(dense: [[1, 2]]))
        }
        #expect(throws: FactorizationError.self) { _ = try f.solve([1]) }
    }
}
