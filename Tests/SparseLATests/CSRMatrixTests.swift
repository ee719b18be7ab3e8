import Testing
@testable import SparseLA

@Suite struct CSRMatrixTests {
    @Test func tripletBuilderSumsDuplicatesAndSorts() throws {
        var b = TripletBuilder(rows: 3, columns: 3)
        b.append(row: 2, column: 1, value: 1)
        b.append(row: 0, column: 2, value: 5)
        b.append(row: 0, column: 0, value: 2)
        b.append(row: 0, column: 2, value: -1)
        b.append(row: 2, column: 0, value: 3)
        let a = b.build()
        #expect(a.rowPointers == [0, 2, 2, 4])
        #expect(a.columnIndices == [0, 2, 0, 1])
        #expect(a.values == [2, 4, 3, 1])
        #expect(a[0, 2] == 4)
        #expect(a[1, 1] == 0)
    }

    @Test func validatingInitializerRejectsBadArrays() {
        #expect(throws: SparseMatrixError.self) {
            try CSRMatrix(rows: 2, columns: 2, rowPointers: [0, 1, 2], columnIndices: [0, 2], values: [1, 1])
        }
        #expect(throws: SparseMatrixError.self) {
            try CSRMatrix(rows: 2, columns: 2, rowPointers: [0, 2, 2], columnIndices: [1, 0], values: [1, 1])
        }
        #expect(throws: SparseMatrixError.self) {
            try CSRMatrix(rows: 2, columns: 2, rowPointers: [0, 2, 1], columnIndices: [0, 1], values: [1, 1])
        }
    }

    @Test func transposeAndCSCRoundTrip() {
        let a = CSRMatrix(dense: [[1, 0, 2], [0, 3, 0], [4, 5, 6], [0, 0, 7]])
        let t = a.transposed()
        #expect(t.rows == 3 && t.columns == 4)
        #expect(t.toDense() == [[1, 0, 4, 0], [0, 3, 5, 0], [2, 0, 6, 7]])
        #expect(t.transposed() == a)
        #expect(a.toCSC().toCSR() == a)
    }

    @Test func spmvMatchesDenseProduct() {
        let a = CSRMatrix(dense: [[1, 0, 2], [0, 3, 0], [4, 5, 6]])
        #expect(a.multiplied(by: [1, 2, 3]) == [7, 6, 32])
        var y: [Double] = []
        a.multiplyTransposed([1, 1, 1], into: &y)
        #expect(y == [5, 8, 8])
    }

    @Test func parallelSpMVMatchesSerial() {
        let a = CSRMatrix.laplacian2D(150)
        let x = (0..<a.columns).map { Double($0 % 17) - 8 }
        let serial = a.multiplied(by: x)
        var par: [Double] = []
        a.multiplyParallel(x, into: &par, threads: 2)
        #expect(serial == par)
        let bounds = a.balancedRowPartition(parts: 3)
        #expect(bounds.first == 0 && bounds.last == a.rows && bounds.count == 4)
    }

    @Test func propertiesOfLaplacian() {
        let a = CSRMatrix.laplacian2D(4)
        #expect(a.rows == 16 && a.nnz == 16 * 5 - 4 * 4)
        #expect(a.isSymmetric())
        #expect(a.isStructurallySymmetric)
        #expect(a.isDiagonallyDominant())
        #expect(!a.isDiagonallyDominant(strict: true))
        #expect(a.diagonal == Array(repeating: 4, count: 16))
        #expect(a.bandwidth.lower == 4 && a.bandwidth.upper == 4)
        #expect(a.normInf == 8)
        #expect(a.norm1 == 8)
        let n = CSRMatrix(dense: [[1, 2], [0, 1]])
        #expect(!n.isSymmetric())
        #expect(n.isSymmetric(tolerance: 0) == false)
        #expect(CSRMatrix.laplacian3D(3).rows == 27)
        #expect(CSRMatrix.laplacian1D(5).toDense()[2] == [0, -1, 2, -1, 0])
    }

    @Test func scalingAndAdding() {
        let a = CSRMatrix(dense: [[1, 2], [3, 4]])
        #expect(a.scalingRows(by: [2, 0.5]).toDense() == [[2, 4], [1.5, 2]])
        #expect(a.scalingColumns(by: [2, 0.5]).toDense() == [[2, 1], [6, 2]])
        #expect(a.adding(CSRMatrix.identity(2), alpha: 1, beta: -1).toDense() == [[0, 2], [3, 3]])
        #expect(a.triangle(upper: true).toDense() == [[1, 2], [0, 4]])
    }

    @Test func vectorHelpers() {
        #expect(DenseVector.dot([1, 2, 3, 4, 5], [1, 1, 1, 1, 1]) == 15)
        #expect(abs(DenseVector.norm2([3, 4]) - 5) < 1e-15)
        #expect(abs(DenseVector.norm2([3e200, 4e200]) / 5e200 - 1) < 1e-15)
        #expect(abs(DenseVector.norm2([3e-200, 4e-200]) / 5e-200 - 1) < 1e-15)
        var y: [Double] = [1, 1]
        DenseVector.axpy(2, [1, 2], &y)
        #expect(y == [3, 5])
    }
}
