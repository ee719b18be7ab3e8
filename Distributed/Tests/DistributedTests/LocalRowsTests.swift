import Testing
import SparseLA
@testable import Distributed

@Suite struct LocalRowsTests {
    /// The distributed Laplacian builder reproduces the rows of `CSRMatrix.laplacian(dimensions:)`.
    @Test(arguments: [[7], [5, 4], [4, 3, 5]])
    func laplacianRowsMatchTheGlobalBuilder(dims: [Int]) throws {
        let global = CSRMatrix.laplacian(dimensions: dims)
        let part = RowPartition(rows: global.rows, ranks: 3)
        for r in 0..<3 {
            let built = try LocalRows.laplacian(dimensions: dims, rows: part.range(of: r))
            let sliced = try LocalRows(slicing: global, rows: part.range(of: r))
            #expect(built.rowPointers == sliced.rowPointers)
            #expect(built.columnIndices == sliced.columnIndices)
            #expect(built.values == sliced.values)
            #expect(built.globalSize == global.rows)
        }
    }

    @Test func rowSumsAndMultiplyAgreeWithTheFullMatrix() throws {
        let a = CSRMatrix.laplacian2D(6)
        let rows = try LocalRows(slicing: a, rows: 10..<20)
        let full = a.multiplied(by: DenseVector.ones(a.columns))
        #expect(rows.rowSums() == Array(full[10..<20]))
        #expect(rows.multiply([Double](repeating: 1, count: a.rows)) == Array(full[10..<20]))
    }

    @Test func badInputIsATypedError() {
        #expect(throws: PETScError.self) { try LocalRows.laplacian(dimensions: [0, 3], rows: 0..<0) }
        #expect(throws: PETScError.self) { try LocalRows.laplacian(dimensions: [3, 3], rows: 5..<12) }
        #expect(throws: PETScError.self) {
            try LocalRows(globalSize: 3, rowRange: 0..<2, rowPointers: [0, 1, 2], columnIndices: [0, 7], values: [1, 1])
        }
        let rect = CSRMatrix(uncheckedRows: 1, columns: 2, rowPointers: [0, 1], columnIndices: [0], values: [1])
        #expect(throws: PETScError.self) { try LocalRows(slicing: rect, rows: 0..<1) }
    }
}
