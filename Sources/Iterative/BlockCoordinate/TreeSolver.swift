import SparseLA

/// Exact block solves `A_bb δ = r` for forest-structured blocks in linear time: Gaussian
/// elimination along the trees (leaves to roots, then back-substitution roots to leaves), which
/// is exactly two-pass Gaussian belief propagation (GaBP) on a tree and therefore gives the
/// same answer as a dense solve of A_bb.
///
/// Cost O(Σ_{j∈b} nnz(row j)) time and O(|b|) extra memory per solve; the workspace (O(n))
/// is allocated once and reused, so repeated solves allocate nothing.
public final class TreeSolver {
    private let matrix: CSRMatrix
    private var position: [Int]     // global -> local index, -1 outside the block
    private var order: [Int] = []   // local indices in BFS order
    private var parent: [Int] = []  // local parent, -1 for roots
    private var parentWeight: [Double] = []
    private var pivot: [Double] = []
    private var visited: [Bool] = []

    /// Prepares a solver for blocks of the symmetric matrix `matrix`. O(n) memory.
    public init(matrix: CSRMatrix) {
        self.matrix = matrix
        self.position = [Int](repeating: -1, count: matrix.rows)
    }

    /// Solves A_bb δ = r for `block` (which must induce a forest in A's graph), writing δ into
    /// `solution` (length |b|, local order = order of `block`).
    /// - Returns: `false` if the block contains a cycle or a pivot ≤ 0 appears (A_bb not SPD);
    ///   `solution` is then unspecified. Complexity O(Σ_{j∈b} nnz(row j)).
    @discardableResult
    public func solve(block: [Int], rhs r: [Double], solution: inout [Double]) -> Bool {
        let k = block.count
        if solution.count != k { solution.removeAll(keepingCapacity: true); solution.append(contentsOf: repeatElement(0, count: k)) }
        if order.count < k {
            order = [Int](repeating: 0, count: k); parent = [Int](repeating: -1, count: k)
            parentWeight = [Double](repeating: 0, count: k); pivot = [Double](repeating: 0, count: k)
            visited = [Bool](repeating: false, count: k)
        }
        for (p, j) in block.enumerated() { position[j] = p; visited[p] = false; solution[p] = r[p] }
        defer { for j in block { position[j] = -1 } }
        var ok = true
        matrix.rowPointers.withUnsafeBufferPointer { rp in
        matrix.columnIndices.withUnsafeBufferPointer { ci in
        matrix.values.withUnsafeBufferPointer { va in
            // Diagonal pivots.
            for (p, j) in block.enumerated() {
                var d = 0.0
                for kk in rp[j]..<rp[j + 1] where Int(ci[kk]) == j { d = va[kk] }
                pivot[p] = d
            }
            // BFS over each tree; detect cycles (a visited non-parent neighbour).
            var head = 0, tail = 0
            for start in 0..<k where !visited[start] {
                visited[start] = true; parent[start] = -1; parentWeight[start] = 0
                order[tail] = start; tail += 1
                while head < tail {
                    let p = order[head]; head += 1
                    let j = block[p]
                    for kk in rp[j]..<rp[j + 1] {
                        let q = position[Int(ci[kk])]
                        if q < 0 || q == p || q == parent[p] { continue }
                        if visited[q] { ok = false; return }
                        visited[q] = true; parent[q] = p; parentWeight[q] = va[kk]
                        order[tail] = q; tail += 1
                    }
                }
            }
            // Upward pass (messages leaves -> roots): eliminate each node into its parent.
            for t in stride(from: k - 1, through: 0, by: -1) {
                let p = order[t]
                guard pivot[p] > 0 else { ok = false; return }
                let q = parent[p]
                if q >= 0 {
                    let f = parentWeight[p] / pivot[p]
                    pivot[q] -= f * parentWeight[p]
                    solution[q] -= f * solution[p]
                }
            }
            // Downward pass (roots -> leaves): back-substitution.
            for t in 0..<k {
                let p = order[t]
                let q = parent[p]
                let rhs = q >= 0 ? solution[p] - parentWeight[p] * solution[q] : solution[p]
                solution[p] = rhs / pivot[p]
            }
        }}}
        return ok
    }
}
