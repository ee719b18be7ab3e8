import SparseLA

/// Exact block solves `A_bb δ = r` for forest-structured blocks in linear time: Gaussian
/// elimination along the trees (leaves to roots, then back-substitution roots to leaves), which
/// is exactly two-pass Gaussian belief propagation (GaBP) on a tree and therefore gives the
/// same answer as a dense solve of A_bb.
///
/// Cost O(Σ_{j∈b} nnz(row j)) time and O(|b|) extra memory per solve; the workspace (O(n))
/// is allocated once and reused, so repeated solves allocate nothing.
public final class TreeSolver {
    /// The elimination of one forest block: BFS order, parents and the pivots after eliminating
    /// leaves into parents (the upward GaBP precisions). Depends only on A_bb, so it is computed
    /// once per fixed block and reused by every later solve (then O(|b|) per solve).
    public struct Factorization: Sendable {
        /// Number of block coordinates.
        public let count: Int
        let order: [Int]
        let parent: [Int]
        let weight: [Double]
        let pivot: [Double]
    }

    private let matrix: CSRMatrix
    private let position: UnsafeMutablePointer<Int>   // global -> local, -1 outside (n); freed in deinit

    /// Prepares a solver for blocks of the symmetric matrix `matrix`. O(n) memory.
    public init(matrix: CSRMatrix) {
        self.matrix = matrix
        position = .allocate(capacity: max(matrix.rows, 1))
        position.initialize(repeating: -1, count: max(matrix.rows, 1))
    }

    deinit { position.deallocate() }

    /// Eliminates the forest block (BFS from each root, then leaves-to-roots pivot updates).
    /// - Returns: nil if the block has a cycle or a pivot ≤ 0 (A_bb not SPD).
    ///   Complexity O(Σ_{j∈b} nnz(row j)).
    public func factor(block: [Int]) -> Factorization? {
        let k = block.count
        var order = [Int](repeating: 0, count: k), parent = [Int](repeating: -1, count: k)
        var weight = [Double](repeating: 0, count: k), pivot = [Double](repeating: 0, count: k)
        var visited = [Bool](repeating: false, count: k)
        let position = self.position
        var ok = true
        block.withUnsafeBufferPointer { bl in
        matrix.rowPointers.withUnsafeBufferPointer { rp in
        matrix.columnIndices.withUnsafeBufferPointer { ci in
        matrix.values.withUnsafeBufferPointer { va in
            defer { for p in 0..<k { position[bl[p]] = -1 } }
            for p in 0..<k {
                let j = bl[p]
                position[j] = p
                for kk in rp[j]..<rp[j + 1] where Int(ci[kk]) == j { pivot[p] = va[kk] }
            }
            var head = 0, tail = 0
            for start in 0..<k where !visited[start] {
                visited[start] = true
                order[tail] = start; tail += 1
                while head < tail {
                    let p = order[head]; head += 1
                    let j = bl[p]
                    for kk in rp[j]..<rp[j + 1] {
                        let q = position[Int(ci[kk])]
                        if q < 0 || q == p || q == parent[p] { continue }
                        if visited[q] { ok = false; return }   // a second path: cycle
                        visited[q] = true; parent[q] = p; weight[q] = va[kk]
                        order[tail] = q; tail += 1
                    }
                }
            }
            for t in stride(from: k - 1, through: 0, by: -1) {
                let p = order[t]
                guard pivot[p] > 0 else { ok = false; return }
                let q = parent[p]
                if q >= 0 { pivot[q] -= weight[p] * weight[p] / pivot[p] }
            }
        }}}}
        return ok ? Factorization(count: k, order: order, parent: parent, weight: weight, pivot: pivot) : nil
    }

    /// Solves A_bb δ = r with a factorization from `factor`: upward messages (leaves → roots)
    /// then back-substitution (roots → leaves). O(|b|), no allocation when `solution` already
    /// has |b| entries.
    public static func solve(_ f: Factorization, rhs r: [Double], solution: inout [Double]) {
        let k = f.count
        if solution.count != k { solution.removeAll(keepingCapacity: true); solution.append(contentsOf: repeatElement(0, count: k)) }
        f.order.withUnsafeBufferPointer { order in
        f.parent.withUnsafeBufferPointer { parent in
        f.weight.withUnsafeBufferPointer { weight in
        f.pivot.withUnsafeBufferPointer { pivot in
        r.withUnsafeBufferPointer { rb in
        solution.withUnsafeMutableBufferPointer { x in
            for p in 0..<k { x[p] = rb[p] }
            for t in stride(from: k - 1, through: 0, by: -1) {
                let p = order[t], q = parent[p]
                if q >= 0 { x[q] -= weight[p] / pivot[p] * x[p] }
            }
            for t in 0..<k {
                let p = order[t], q = parent[p]
                x[p] = (q >= 0 ? x[p] - weight[p] * x[q] : x[p]) / pivot[p]
            }
        }}}}}}
    }

    /// Factor and solve in one call (variable forest blocks).
    /// - Returns: `false` if the block has a cycle or A_bb is not SPD; `solution` is then unspecified.
    @discardableResult
    public func solve(block: [Int], rhs r: [Double], solution: inout [Double]) -> Bool {
        guard let f = factor(block: block) else { return false }
        Self.solve(f, rhs: r, solution: &solution)
        return true
    }
}
