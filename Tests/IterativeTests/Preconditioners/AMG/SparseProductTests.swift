import Testing
import SparseLA
@testable import Iterative

@Suite struct SparseProductTests {
    /// Deterministic pseudo-random sparse matrix.
    static func randomSparse(_ m: Int, _ n: Int, density: Double, seed: UInt64) -> CSRMatrix {
        var s = seed
        var b = TripletBuilder(rows: m, columns: n)
        for i in 0..<m {
            for j in 0..<n {
                s = s &* 6364136223846793005 &+ 1442695040888963407
                let u = Double(s >> 11) / Double(1 << 53)
                if u < density { b.append(row: i, column: j, value: u * 10 - 0.3) }
            }
        }
        return b.build()
    }

    @Test func matchesDenseProduct() throws {
        let a = Self.randomSparse(17, 23, density: 0.2, seed: 1)
        let b = Self.randomSparse(23, 11, density: 0.3, seed: 2)
        let c = SparseProduct.multiply(a, b)
        // Valid CSR (sorted, unique columns) and equal to the dense product.
        _ = try CSRMatrix(rows: c.rows, columns: c.columns, rowPointers: c.rowPointers, columnIndices: c.columnIndices, values: c.values)
        let ad = a.toDense(), bd = b.toDense(), cd = c.toDense()
        for i in 0..<17 {
            for j in 0..<11 {
                var s = 0.0
                for k in 0..<23 { s += ad[i][k] * bd[k][j] }
                #expect(abs(s - cd[i][j]) < 1e-12)
            }
        }
    }

    @Test func longRowsAreSorted() throws {
        // Rows longer than the insertion-sort cutoff.
        let a = Self.randomSparse(5, 60, density: 0.9, seed: 3)
        let b = Self.randomSparse(60, 80, density: 0.9, seed: 4)
        let c = SparseProduct.multiply(a, b)
        _ = try CSRMatrix(rows: c.rows, columns: c.columns, rowPointers: c.rowPointers, columnIndices: c.columnIndices, values: c.values)
        #expect(c.nnz == 5 * 80)
    }

    @Test func galerkinOfIdentityProlongation() {
        let a = CSRMatrix.laplacian2D(5)
        let p = CSRMatrix.identity(25)
        #expect(SparseProduct.galerkin(restriction: p.transposed(), matrix: a, prolongation: p) == a)
    }
}
