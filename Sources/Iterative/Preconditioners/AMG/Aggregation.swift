import SparseLA

/// Strength of connection and standard aggregation for smoothed-aggregation AMG
/// (Vaněk, Mandel, Brezina 1996; the variant pyamg calls `symmetric` strength + `standard` aggregation).
public enum AMGAggregation {
    /// The strong-connection graph of `a` without self loops, as CSR pattern arrays.
    ///
    /// `j ≠ i` is a strong neighbour of `i` when `a_ij ≠ 0` and |a_ij| ≥ θ·√|a_ii a_jj|. With θ = 0
    /// every stored nonzero off-diagonal entry is strong. The graph is symmetric when `a`'s pattern
    /// and magnitudes are. Complexity O(nnz).
    public static func strengthGraph(_ a: CSRMatrix, theta: Double) -> (rowPointers: [Int], columns: [Int32]) {
        let n = a.rows
        var diag = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for k in a.rowPointers[i]..<a.rowPointers[i + 1] where Int(a.columnIndices[k]) == i { diag[i] = abs(a.values[k]) }
        }
        var rp = [Int](repeating: 0, count: n + 1)
        var cols: [Int32] = []
        cols.reserveCapacity(a.nnz)
        let theta2 = theta * theta
        a.rowPointers.withUnsafeBufferPointer { arp in
        a.columnIndices.withUnsafeBufferPointer { aci in
        a.values.withUnsafeBufferPointer { ava in
            for i in 0..<n {
                for k in arp[i]..<arp[i + 1] {
                    let j = Int(aci[k])
                    let v = ava[k]
                    if j == i || v == 0 { continue }
                    if theta == 0 || v * v >= theta2 * diag[i] * diag[j] { cols.append(Int32(j)) }
                }
                rp[i + 1] = cols.count
            }
        }}}
        return (rp, cols)
    }

    /// Standard (greedy, three-pass) aggregation of the graph `(rowPointers, columns)` on `n` nodes.
    ///
    /// 1. Each node whose neighbours are all unaggregated forms an aggregate with them (a root);
    /// 2. each remaining node joins the aggregate of a neighbour aggregated in pass 1;
    /// 3. each still-unassigned node forms a new aggregate with its unassigned neighbours.
    /// Nodes without neighbours (e.g. Dirichlet rows) are left out (`-1`): the prolongator has a
    /// zero row there and the smoother alone treats them. Complexity O(n + edges).
    ///
    /// - Returns: the aggregate of each node (`-1` for isolated nodes) and the number of aggregates.
    public static func standardAggregation(n: Int, rowPointers: [Int], columns: [Int32]) -> (aggregates: [Int32], count: Int) {
        // state: 0 unassigned, > 0 aggregate id + 1 from pass 1, < 0 assigned in pass 2 (−(id+1)), isolated = Int.min
        var state = [Int](repeating: 0, count: n)
        let isolated = Int.min
        var next = 1
        for i in 0..<n where state[i] == 0 {
            var hasNeighbours = false
            var neighbourTaken = false
            for k in rowPointers[i]..<rowPointers[i + 1] {
                hasNeighbours = true
                if state[Int(columns[k])] != 0 { neighbourTaken = true; break }
            }
            if !hasNeighbours {
                state[i] = isolated
            } else if !neighbourTaken {
                state[i] = next
                for k in rowPointers[i]..<rowPointers[i + 1] { state[Int(columns[k])] = next }
                next += 1
            }
        }
        for i in 0..<n where state[i] == 0 {
            for k in rowPointers[i]..<rowPointers[i + 1] {
                let s = state[Int(columns[k])]
                if s > 0 { state[i] = -s; break }
            }
        }
        var aggregates = [Int32](repeating: -1, count: n)
        var count = next - 1
        for i in 0..<n {
            let s = state[i]
            if s == isolated { aggregates[i] = -1; continue }
            if s > 0 { aggregates[i] = Int32(s - 1); continue }
            if s < 0 { aggregates[i] = Int32(-s - 1); continue }
            // Pass 3: a new aggregate from i and its unassigned neighbours.
            let id = count
            count += 1
            aggregates[i] = Int32(id)
            state[i] = id + 1
            for k in rowPointers[i]..<rowPointers[i + 1] {
                let j = Int(columns[k])
                if state[j] == 0 { state[j] = id + 1; aggregates[j] = Int32(id) }
            }
        }
        return (aggregates, count)
    }
}
