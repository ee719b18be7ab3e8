import Testing
@testable import SparseLA

@Suite struct CholeskyFactorizationTests {
    typealias Support = FactorizationTestSupport

    @Test(arguments: ["laplacian2D(40)", "laplacian3D(12)", "laplacian1D(500)"])
    func modelProblemResidual(_ name: String) throws {
        let a = Support.modelProblem(name)
        let f = try CholeskyFactorization(a)
        try Support.expectSolvesOnes(a, with: f, solutionTolerance: 1e-10)
        let info = f.info
        // nnz(L) is at least the lower triangle of A.
        #expect(info.factorNonzeros >= (a.nnz + a.rows) / 2)
        #expect(info.fillRatio >= 0.5)
        #expect(["AMD", "METIS", "NESDIS", "natural", "natural (postordered)"].contains(info.ordering))
        let rcond = try #require(info.reciprocalCondition)
        #expect(rcond > 0 && rcond <= 1)
        #expect(info.flops ?? 0 > 0)
        #expect(info.analysisSeconds >= 0 && info.factorSeconds >= 0)
        #expect(info.numericFactorizations == 1)
    }

    @Test func multipleRightHandSides() throws {
        let a = CSRMatrix.laplacian2D(25)
        let f = try CholeskyFactorization(a)
        let (bs, xs) = try Support.expectManyRightHandSides(a, with: f, count: 4, firstSeed: 10, agreement: 1e-14)
        let block = try f.solve(columnMajor: bs.flatMap { $0 }, count: 4)
        #expect(block == xs.flatMap { $0 })
        #expect(try f.solve(many: []).isEmpty)
    }

    @Test func refactorWithScaledValues() throws {
        let a = CSRMatrix.laplacian2D(20)
        let f = try CholeskyFactorization(a)
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        try f.refactor(values: a.withValues(a.values.map { $0 * 4 }))
        let x = try f.solve(b)
        #expect(Support.relativeDifference(x, DenseVector.ones(a.rows).map { $0 / 4 }) < 1e-12)
        #expect(f.info.numericFactorizations == 2)
        try f.refactor(values: a.values.map { $0 * 0.5 })
        #expect(Support.relativeDifference(try f.solve(b), DenseVector.ones(a.rows).map { $0 * 2 }) < 1e-12)
        // A different pattern or a wrong count is refused.
        #expect(throws: FactorizationError.self) { try f.refactor(values: CSRMatrix.laplacian2D(21)) }
        #expect(throws: FactorizationError.self) { try f.refactor(values: [1, 2, 3]) }
        // A refactor that fails (indefinite values) reports it; a good refactor recovers.
        #expect(throws: FactorizationError.self) { try f.refactor(values: a.values.map { -$0 }) }
        try f.refactor(values: a.values)
        #expect(a.relativeResidual(x: try f.solve(b), b: b) < 1e-14)
    }

    @Test func indefiniteDiagonalReportsTheColumn() {
        var d = [Double](repeating: 2, count: 30)
        d[7] = -1
        #expect(throws: FactorizationError.notPositiveDefinite(column: 7)) {
            _ = try CholeskyFactorization(.diagonal(d))
        }
    }

    @Test func indefiniteTridiagonalNaturalOrderingReportsLeadingMinor() {
        // tridiag(-1, 2, -1) has pivots (k+2)/(k+1); lowering a_55 to 0.1 makes pivot 5 negative.
        let a = CSRMatrix.laplacian1D(12)
        var v = a.values
        for k in a.rowPointers[5]..<a.rowPointers[6] where a.columnIndices[k] == 5 { v[k] = 0.1 }
        #expect(throws: FactorizationError.notPositiveDefinite(column: 5)) {
            _ = try CholeskyFactorization(a.withValues(v), ordering: .natural)
        }
        // Any ordering still detects it (the column depends on the ordering).
        #expect(throws: FactorizationError.self) { _ = try CholeskyFactorization(a.withValues(v)) }
    }

    @Test func shiftedLaplacianIsIndefinite() {
        let a = CSRMatrix.laplacian2D(15).adding(.identity(225), alpha: 1, beta: -1)  // positive diagonal, indefinite
        do {
            _ = try CholeskyFactorization(a)
            Issue.record("expected notPositiveDefinite")
        } catch {
            guard case .notPositiveDefinite(let column) = error else { Issue.record("got \(error)"); return }
            #expect(column >= 0 && column < 225)
        }
    }

    @Test(arguments: [FillOrdering.natural, .amd, .metis, .nesdis, .automatic])
    func orderings(_ ordering: FillOrdering) throws {
        let a = CSRMatrix.laplacian2D(18)
        let f = try CholeskyFactorization(a, ordering: ordering)
        let b = Support.randomVector(a.rows)
        #expect(a.relativeResidual(x: try f.solve(b), b: b) < 1e-14)
        switch ordering {
        case .natural: #expect(f.info.ordering.hasPrefix("natural"))
        case .amd: #expect(f.info.ordering == "AMD")
        case .metis: #expect(f.info.ordering == "METIS")
        case .nesdis: #expect(f.info.ordering == "NESDIS")
        default: break
        }
    }

    @Test func badInputIsRejected() throws {
        #expect(throws: FactorizationError.notSquare(rows: 3, columns: 4)) {
            _ = try CholeskyFactorization(CSRMatrix(dense: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]))
        }
        #expect(throws: FactorizationError.self) {
            _ = try CholeskyFactorization(CSRMatrix(dense: [[2, 1], [0, 2]]))  // not symmetric
        }
        #expect(throws: FactorizationError.self) {
            _ = try CholeskyFactorization(CSRMatrix.diagonal([1, .nan, 1]))
        }
        #expect(throws: FactorizationError.self) {
            _ = try CholeskyFactorization(CSRMatrix.laplacian1D(4), ordering: .colamd)
        }
        let f = try CholeskyFactorization(CSRMatrix.laplacian1D(4))
        #expect(throws: FactorizationError.self) { _ = try f.solve([1, 2, 3]) }
        #expect(throws: FactorizationError.self) { _ = try f.solve([1, 2, .infinity, 4]) }
        #expect(throws: FactorizationError.self) { _ = try f.solve(many: [[1, 2, 3, 4], [1]]) }
    }

    @Test func repeatedConstructionFreesResources() throws {
        let a = CSRMatrix.laplacian2D(10)
        for _ in 0..<50 {
            let f = try CholeskyFactorization(a)
            _ = try f.solve(DenseVector.ones(a.rows))
        }
        for _ in 0..<20 { _ = try? CholeskyFactorization(.diagonal([1, -1, 1])) }
    }
}
