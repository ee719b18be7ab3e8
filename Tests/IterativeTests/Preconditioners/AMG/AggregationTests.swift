import Testing
import SparseLA
@testable import Iterative

@Suite struct AggregationTests {
    @Test func strengthThetaZeroIsOffDiagonalPattern() {
        let a = CSRMatrix.laplacian2D(4)
        let g = AMGAggregation.strengthGraph(a, theta: 0)
        #expect(g.columns.count == a.nnz - a.rows)
        // θ = 0.6 drops nothing here (|a_ij|/√(a_ii a_jj) = 1/4 < 0.6 drops all).
        #expect(AMGAggregation.strengthGraph(a, theta: 0.2).columns.count == a.nnz - a.rows)
        #expect(AMGAggregation.strengthGraph(a, theta: 0.3).columns.isEmpty)
    }

    @Test func everyConnectedNodeIsAggregated() {
        let a = CSRMatrix.laplacian2D(20)
        let g = AMGAggregation.strengthGraph(a, theta: 0)
        let (agg, count) = AMGAggregation.standardAggregation(n: a.rows, rowPointers: g.rowPointers, columns: g.columns)
        #expect(agg.allSatisfy { $0 >= 0 && Int($0) < count })
        // 5-point stencil: aggregates of about 3x3 nodes.
        #expect(count > a.rows / 10 && count < a.rows / 3)
        // Each aggregate is nonempty and connected to its root: sizes sum to n.
        var sizes = [Int](repeating: 0, count: count)
        for x in agg { sizes[Int(x)] += 1 }
        #expect(sizes.allSatisfy { $0 > 0 })
    }

    @Test func isolatedNodesAreLeftOut() {
        // Row 0 is a Dirichlet row (diagonal only).
        let a = CSRMatrix(dense: [[1, 0, 0, 0], [0, 2, -1, 0], [0, -1, 2, -1], [0, 0, -1, 2]])
        let g = AMGAggregation.strengthGraph(a, theta: 0)
        let (agg, count) = AMGAggregation.standardAggregation(n: 4, rowPointers: g.rowPointers, columns: g.columns)
        #expect(agg[0] == -1)
        #expect(count == 1 && agg[1] == 0 && agg[2] == 0 && agg[3] == 0)
    }
}
