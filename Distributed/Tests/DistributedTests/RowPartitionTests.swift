import Testing
@testable import Distributed

@Suite struct RowPartitionTests {
    @Test func blocksTileTheRowsAndDifferByAtMostOne() {
        for (rows, ranks) in [(10, 1), (10, 3), (7, 4), (3, 5), (0, 2), (1000, 7)] {
            let p = RowPartition(rows: rows, ranks: ranks)
            var next = 0
            var sizes: [Int] = []
            for r in 0..<ranks {
                let range = p.range(of: r)
                #expect(range.lowerBound == next)
                next = range.upperBound
                sizes.append(range.count)
                for row in range { #expect(p.owner(of: row) == r) }
            }
            #expect(next == rows)
            #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
        }
    }
}
