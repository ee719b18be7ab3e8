import SparseLA

/// Forest-structured partitions of a sparse symmetric matrix's graph (nodes = variables, an
/// edge i–j when A_ij ≠ 0, i ≠ j). Each block induces a forest, so the block system A_bb is
/// solved exactly in linear time by `TreeSolver`.
public enum ForestPartition {
    /// Greedy graph colouring ("red-black" for bipartite graphs): nodes in order of decreasing
    /// `priority` (ties by index) get the existing colour, not used by a neighbour, that has the
    /// fewest nodes so far; a new colour when none is free. Each colour class is an independent
    /// set, so A_bb is diagonal (Gauss–Seidel with a colouring). O(nnz + n·colours).
    public static func greedyColoring(_ graph: CSRMatrix, priority: [Double]) -> BlockPartition {
        let n = graph.rows
        let order = priority.indices.sorted { priority[$0] != priority[$1] ? priority[$0] > priority[$1] : $0 < $1 }
        var color = [Int](repeating: -1, count: n)
        var classes: [[Int]] = []
        var used = [Int](repeating: -1, count: 0)   // used[c] == v marks colour c as taken for node v
        for v in order {
            for k in graph.rowPointers[v]..<graph.rowPointers[v + 1] {
                let u = Int(graph.columnIndices[k])
                if u != v, color[u] >= 0 { used[color[u]] = v }
            }
            var best = -1
            for c in 0..<classes.count where used[c] != v {
                if best < 0 || classes[c].count < classes[best].count { best = c }
            }
            if best < 0 { best = classes.count; classes.append([]); used.append(-1) }
            color[v] = best
            classes[best].append(v)
        }
        return BlockPartition(blocks: classes.map { $0.sorted() }, areForests: true)
    }

    /// Greedy forest packing ("two-forest"/TreePartitions on general graphs): nodes in order of
    /// decreasing `priority` join the first forest in which all their neighbours already in that
    /// forest lie in distinct trees (so no cycle forms); a new forest when none accepts them.
    /// Planar lattices need two forests. O(nnz · forests · α(n)), memory O(n · forests).
    public static func greedyForests(_ graph: CSRMatrix, priority: [Double]) -> BlockPartition {
        let n = graph.rows
        let order = priority.indices.sorted { priority[$0] != priority[$1] ? priority[$0] > priority[$1] : $0 < $1 }
        var forestOf = [Int](repeating: -1, count: n)
        var builders: [ForestBuilder] = []
        var blocks: [[Int]] = []
        for v in order {
            var placed = false
            for f in 0..<builders.count where builders[f].tryAdd(v, graph: graph, membership: forestOf, forest: f) {
                forestOf[v] = f; blocks[f].append(v); placed = true; break
            }
            if !placed {
                var b = ForestBuilder(dimension: n)
                _ = b.tryAdd(v, graph: graph, membership: forestOf, forest: builders.count)
                forestOf[v] = builders.count
                builders.append(b); blocks.append([v])
            }
        }
        return BlockPartition(blocks: blocks.map { $0.sorted() }, areForests: true)
    }

    /// Whether `block` induces a forest (no cycle) in the graph of `graph`. O(Σ_{j∈b} nnz(row j)).
    public static func isForest(_ graph: CSRMatrix, block: [Int]) -> Bool {
        var inBlock = Set(block)
        var uf = UnionFind(count: graph.rows)
        for v in block {
            for k in graph.rowPointers[v]..<graph.rowPointers[v + 1] {
                let u = Int(graph.columnIndices[k])
                if u > v, inBlock.contains(u) {
                    if !uf.union(u, v) { return false }
                }
            }
        }
        inBlock.removeAll()
        return true
    }
}

/// Union–find with path halving and union by size over `0..<count`.
struct UnionFind {
    var parent: [Int]
    var size: [Int]
    init(count: Int) { parent = Array(0..<count); size = [Int](repeating: 1, count: count) }
    mutating func find(_ x: Int) -> Int {
        var x = x
        while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
        return x
    }
    /// Joins the sets of a and b; returns false when they were already joined.
    @discardableResult mutating func union(_ a: Int, _ b: Int) -> Bool {
        var ra = find(a), rb = find(b)
        if ra == rb { return false }
        if size[ra] < size[rb] { swap(&ra, &rb) }
        parent[rb] = ra; size[ra] += size[rb]
        return true
    }
    /// Makes x a singleton again (only valid when nothing else points to it, e.g. after a reset
    /// of every member of its set).
    mutating func detach(_ x: Int) { parent[x] = x; size[x] = 1 }
}

/// Grows one forest: a node may join when its neighbours already in the forest are in pairwise
/// distinct trees.
struct ForestBuilder {
    var uf: UnionFind
    private var roots: [Int] = []
    init(dimension n: Int) { uf = UnionFind(count: n) }

    /// Adds `v` if that keeps the forest property. `membership[u] == forest` marks members.
    mutating func tryAdd(_ v: Int, graph: CSRMatrix, membership: [Int], forest: Int) -> Bool {
        roots.removeAll(keepingCapacity: true)
        for k in graph.rowPointers[v]..<graph.rowPointers[v + 1] {
            let u = Int(graph.columnIndices[k])
            if u == v || membership[u] != forest { continue }
            let r = uf.find(u)
            if roots.contains(r) { return false }
            roots.append(r)
        }
        for r in roots { uf.union(v, r) }
        return true
    }
}
