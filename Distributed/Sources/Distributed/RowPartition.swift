/// Contiguous row blocks: rank r owns rows `range(of: r)`, sizes differ by at most one
/// (PETSc's `PETSC_DECIDE` split: the first `rows % ranks` ranks get one extra row).
public struct RowPartition: Sendable, Equatable {
    /// Global number of rows.
    public let rows: Int
    /// Number of ranks.
    public let ranks: Int

    /// A partition of `rows` rows over `ranks` ranks. Precondition: rows ≥ 0, ranks ≥ 1.
    public init(rows: Int, ranks: Int) {
        precondition(rows >= 0 && ranks >= 1, "RowPartition: rows must be >= 0 and ranks >= 1")
        self.rows = rows
        self.ranks = ranks
    }

    /// The rows owned by `rank` (empty when there are more ranks than rows). O(1).
    public func range(of rank: Int) -> Range<Int> {
        let base = rows / ranks, extra = rows % ranks
        let lo = rank * base + min(rank, extra)
        return lo..<(lo + base + (rank < extra ? 1 : 0))
    }

    /// The rank owning global row `row`. O(1).
    public func owner(of row: Int) -> Int {
        let base = rows / ranks, extra = rows % ranks
        let cut = extra * (base + 1)
        return row < cut ? row / (base + 1) : extra + (row - cut) / max(base, 1)
    }
}
