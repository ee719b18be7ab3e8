/// A fixed partition of the variables into disjoint blocks.
///
/// `blocks` lists every coordinate exactly once (checked by `validate`). `areForests` records
/// that each block induces a forest in the Hessian's sparsity graph, so exact block updates can
/// use linear-time tree elimination (`TreeSolver`).
public struct BlockPartition: Sendable, Equatable {
    /// The blocks (each a list of distinct coordinate indices).
    public var blocks: [[Int]]
    /// Whether each block is known to be a forest of the dependency graph.
    public var areForests: Bool

    /// Wraps explicit blocks. Use `validate(dimension:)` for untrusted input.
    public init(blocks: [[Int]], areForests: Bool = false) {
        self.blocks = blocks
        self.areForests = areForests
    }

    /// Checks that the blocks are non-empty and cover `0..<dimension` exactly once.
    /// - Throws: `BCDError.invalidArgument` naming the first offending index or block. O(n).
    public func validate(dimension n: Int) throws(BCDError) {
        var seen = [Bool](repeating: false, count: n)
        for (bi, b) in blocks.enumerated() {
            guard !b.isEmpty else { throw .invalidArgument("block \(bi) is empty") }
            for j in b {
                guard j >= 0 && j < n else { throw .invalidArgument("block \(bi) has index \(j) outside 0..<\(n)") }
                guard !seen[j] else { throw .invalidArgument("index \(j) appears in more than one block") }
                seen[j] = true
            }
        }
        if let missing = seen.firstIndex(of: false) { throw .invalidArgument("index \(missing) is in no block") }
    }

    /// `Order`: contiguous blocks `[0, s), [s, 2s), …` (last one shorter). O(n).
    public static func contiguous(dimension n: Int, blockSize s: Int) -> BlockPartition {
        precondition(s >= 1, "blockSize must be ≥ 1")
        return chunk(Array(0..<n), s)
    }

    /// `Sort`/LipGroup (the paper's "FB"): coordinates sorted by L_i (largest first, ties by
    /// index) and cut into consecutive blocks of `s`, so each block groups similar L_i.
    /// O(n log n).
    public static func sortedByLipschitz(_ lipschitz: [Double], blockSize s: Int) -> BlockPartition {
        precondition(s >= 1, "blockSize must be ≥ 1")
        let order = lipschitz.indices.sorted { lipschitz[$0] != lipschitz[$1] ? lipschitz[$0] > lipschitz[$1] : $0 < $1 }
        return chunk(order, s)
    }

    /// `Avg`: coordinates taken alternately from the smallest and the largest L_i, then cut into
    /// blocks of `s`, so blocks have similar average L. O(n log n).
    public static func balanced(_ lipschitz: [Double], blockSize s: Int) -> BlockPartition {
        precondition(s >= 1, "blockSize must be ≥ 1")
        let asc = lipschitz.indices.sorted { lipschitz[$0] != lipschitz[$1] ? lipschitz[$0] < lipschitz[$1] : $0 < $1 }
        var order: [Int] = []
        order.reserveCapacity(asc.count)
        var lo = 0, hi = asc.count - 1
        while lo <= hi {
            order.append(asc[lo]); lo += 1
            if lo <= hi { order.append(asc[hi]); hi -= 1 }
        }
        return chunk(order, s)
    }

    private static func chunk(_ order: [Int], _ s: Int) -> BlockPartition {
        var blocks: [[Int]] = []
        var i = 0
        while i < order.count {
            blocks.append(Array(order[i..<min(i + s, order.count)]))
            i += s
        }
        return BlockPartition(blocks: blocks)
    }
}
