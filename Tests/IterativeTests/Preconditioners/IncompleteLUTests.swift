import Testing
import SparseLA
@testable import Iterative

@Suite struct IncompleteLUTests {
    @Test func equalsExactLUOnTridiagonal() throws {
        let a = DenseTestHelpers.tridiagonal(15, lower: -1.5, diagonal: 4, upper: -0.7)
        let ilu = try IncompleteLU(a)
        let (l, u) = DenseTestHelpers.lu(a.toDense())
        #expect(DenseTestHelpers.maxAbsDifference(ilu.lower.toDense(), l) < 1e-13)
        #expect(DenseTestHelpers.maxAbsDifference(ilu.upper.toDense(), u) < 1e-13)
        let x = (0..<15).map { Double(($0 * 7) % 11) / 3 - 1 }
        let b = a.multiplied(by: x)
        var z = [Double](repeating: 0, count: 15)
        ilu.apply(b, into: &z)
        for i in 0..<15 { #expect(abs(z[i] - x[i]) < 1e-12) }
    }

    @Test func matchesAOnItsPattern() throws {
        // (L U)_ij = a_ij for (i, j) in the pattern of A (defining property of ILU(0)).
        var b = TripletBuilder(rows: 20, columns: 20)
        for i in 0..<20 {
            b.append(row: i, column: i, value: 5)
            if i + 1 < 20 { b.append(row: i, column: i + 1, value: -1) }
            if i >= 3 { b.append(row: i, column: i - 3, value: -1.3) }
            if i + 5 < 20 { b.append(row: i, column: i + 5, value: 0.4) }
        }
        let a = b.build()
        let ilu = try IncompleteLU(a)
        let l = ilu.lower.toDense(), u = ilu.upper.toDense()
        for i in 0..<20 {
            for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
                let j = Int(a.columnIndices[k])
                var s = 0.0
                for m in 0..<20 { s += l[i][m] * u[m][j] }
                #expect(abs(s - a.values[k]) < 1e-12)
            }
        }
    }

    @Test func zeroPivotThrowsOrShifts() throws {
        let a = CSRMatrix(uncheckedRows: 2, columns: 2, rowPointers: [0, 2, 4], columnIndices: [0, 1, 0, 1], values: [0, 1, 1, 0])
        #expect(throws: PreconditionerError.zeroPivot(row: 0, shift: 0)) { try IncompleteLU(a) }
        let shifted = try IncompleteLU(a, shiftStrategy: .automatic(initial: 1e-3))
        #expect(shifted.shift == 1e-3)
        var z = [0.0, 0.0]
        shifted.apply([1, 1], into: &z)
        #expect(z.allSatisfy { $0.isFinite })
        // Breakdown later in the factorization: [[1,1],[1,1]] gives u_11 = 0.
        let singular = CSRMatrix(dense: [[1, 1], [1, 1]])
        #expect(throws: PreconditionerError.zeroPivot(row: 1, shift: 0)) { try IncompleteLU(singular) }
        #expect(try IncompleteLU(singular, shiftStrategy: .automatic()).shift > 0)
    }

    @Test func automaticShiftAddsMissingDiagonal() throws {
        // Row 0 stores no diagonal: ILU(0) without shift cannot pivot; with a shift it inserts a_00 = 0.
        let a = CSRMatrix(uncheckedRows: 3, columns: 3, rowPointers: [0, 1, 3, 5], columnIndices: [1, 0, 1, 1, 2], values: [2, 1, 3, 1, 4])
        #expect(throws: PreconditionerError.zeroDiagonal(row: 0)) { try IncompleteLU(a) }
        let ilu = try IncompleteLU(a, shiftStrategy: .automatic())
        #expect(ilu.shift > 0)
        #expect(ilu.upper[0, 0] != 0)
        var z = [0.0, 0.0, 0.0]
        ilu.apply([1, 2, 3], into: &z)
        #expect(z.allSatisfy { $0.isFinite })
    }

    @Test func badInputIsTyped() {
        #expect(throws: PreconditionerError.zeroDiagonal(row: 0)) {
            try IncompleteLU(CSRMatrix(dense: [[0, 1], [1, 1]]))
        }
        #expect(throws: PreconditionerError.notSquare(rows: 1, columns: 2)) { try IncompleteLU(CSRMatrix(dense: [[1, 1]])) }
        #expect(throws: PreconditionerError.notFinite(row: 1)) {
            try IncompleteLU(CSRMatrix(dense: [[1, 0], [0, .infinity]]))
        }
    }
}
