import Testing
import SparseLA
@testable import Iterative

@Suite struct TreeSolverTests {
    /// Message passing on a forest block equals a dense solve of that block.
    @Test func forestBlockMatchesDenseSolve() throws {
        let lat = BCDSyntheticProblems.latticeLabelPropagation(rows: 12, columns: 12, weight: 3, labelled: 10, seed: 7)
        let solver = TreeSolver(matrix: lat.matrix)
        let dense = lat.matrix.toDense()
        var rng = SeededRandom(seed: 3)
        for block in lat.combs.blocks + lat.redBlack.blocks {
            #expect(ForestPartition.isForest(lat.matrix, block: block))
            let r = block.map { _ in rng.gaussian() }
            var x: [Double] = []
            #expect(solver.solve(block: block, rhs: r, solution: &x))
            let sub = block.map { i in block.map { j in dense[i][j] } }
            let ref = BCDTestSupport.denseSolve(sub, r)
            let scale = ref.map(abs).max()!
            #expect(BCDTestSupport.maxAbsDiff(x, ref) <= 1e-12 * max(scale, 1))
        }
    }

    @Test func rejectsBlocksWithCycles() {
        let a = CSRMatrix.laplacian2D(3)
        let solver = TreeSolver(matrix: a)
        var x: [Double] = []
        #expect(!solver.solve(block: [0, 1, 3, 4], rhs: [1, 1, 1, 1], solution: &x))   // a 4-cycle
        #expect(!ForestPartition.isForest(a, block: [0, 1, 3, 4]))
    }
}
