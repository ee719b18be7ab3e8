import Testing
import SparseLA
@testable import Iterative

/// Partitions (BlockPartition, ForestPartition) and the synthetic problem generators.
@Suite struct ForestPartitionTests {
    @Test func fixedPartitions() throws {
        let L: [Double] = [5, 1, 4, 2, 3]
        #expect(BlockPartition.contiguous(dimension: 5, blockSize: 2).blocks == [[0, 1], [2, 3], [4]])
        #expect(BlockPartition.sortedByLipschitz(L, blockSize: 2).blocks == [[0, 2], [4, 3], [1]])
        #expect(BlockPartition.balanced(L, blockSize: 2).blocks == [[1, 0], [3, 2], [4]])
        try BlockPartition.balanced(L, blockSize: 2).validate(dimension: 5)
    }

    @Test func forestsAndColoringsOfALattice() throws {
        let a = CSRMatrix.laplacian2D(15)
        let diag = [Double](repeating: 4, count: a.rows)
        let forests = ForestPartition.greedyForests(a, priority: diag)
        try forests.validate(dimension: a.rows)
        #expect(forests.blocks.allSatisfy { ForestPartition.isForest(a, block: $0) })
        #expect(forests.blocks.count <= 3)
        let colors = ForestPartition.greedyColoring(a, priority: diag)
        try colors.validate(dimension: a.rows)
        for block in colors.blocks {
            let s = Set(block)
            for i in block {
                for k in a.rowPointers[i]..<a.rowPointers[i + 1] {
                    let j = Int(a.columnIndices[k])
                    #expect(j == i || !s.contains(j))
                }
            }
        }
    }

    @Test func latticeGeneratorIsDeterministicAndStructured() throws {
        let p = BCDSyntheticProblems.latticeLabelPropagation(rows: 10, columns: 10, weight: 1e5, labelled: 10, seed: 9)
        let q = BCDSyntheticProblems.latticeLabelPropagation(rows: 10, columns: 10, weight: 1e5, labelled: 10, seed: 9)
        #expect(p.matrix == q.matrix && p.rhs == q.rhs)
        #expect(p.matrix.rows == 90)
        try p.combs.validate(dimension: 90)
        try p.redBlack.validate(dimension: 90)
        #expect(p.combs.blocks.allSatisfy { ForestPartition.isForest(p.matrix, block: $0) })
        let (x1, y1) = BCDSyntheticProblems.leastSquares(rows: 20, columns: 50, seed: 3)
        let (x2, y2) = BCDSyntheticProblems.leastSquares(rows: 20, columns: 50, seed: 3)
        #expect(x1 == x2 && y1 == y2)
    }

    @Test func referenceOptimaAgree() throws {
        let a = CSRMatrix.laplacian2D(8)
        let b = (0..<64).map { Double($0 % 5) - 2 }
        let dense = BCDReference.quadraticOptimum(matrix: a, rhs: b)!
        let sparse = BCDReference.quadraticOptimum(matrix: a, rhs: b, denseLimit: 0)!
        #expect(dense.method == .denseCholesky && sparse.method == .sparseCholesky)
        #expect(abs(dense.value - sparse.value) <= 1e-10 * abs(dense.value))
    }
}
