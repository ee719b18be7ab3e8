import Testing
import SparseLA
@testable import Iterative

@Suite struct JacobiPreconditionerTests {
    @Test func appliesInverseDiagonal() throws {
        let a = CSRMatrix(dense: [[2, 1, 0], [1, 4, 0], [0, 0, 0.5]])
        let m = try JacobiPreconditioner(a)
        var z = [Double]()
        m.apply([2, 4, 1], into: &z)
        #expect(z == [1, 1, 2])
        #expect(m.size == 3)
    }

    @Test func rejectsZeroOrMissingDiagonal() {
        let missing = CSRMatrix(dense: [[1, 1], [1, 0]])
        #expect(throws: PreconditionerError.zeroDiagonal(row: 1)) { try JacobiPreconditioner(missing) }
        let rect = CSRMatrix(dense: [[1, 1, 0], [1, 1, 0]])
        #expect(throws: PreconditionerError.notSquare(rows: 2, columns: 3)) { try JacobiPreconditioner(rect) }
        #expect(throws: PreconditionerError.zeroDiagonal(row: 0)) { try JacobiPreconditioner(diagonal: [0, 1]) }
    }
}
