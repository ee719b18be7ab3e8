import Foundation
import SparseLA

/// Seeded, deterministic generators of the paper's test problems (ITERATIVE.md §3.5), built
/// with `SeededRandom` so a seed gives the same problem on every machine.
public enum BCDSyntheticProblems {
    /// Dataset A/B design matrix: X = randn + 1, column j scaled by 10·randn, each entry kept
    /// with probability 10·log(m)/m; w = randn with 10% nonzeros. Returns (X in CSR, w).
    /// Complexity O(m·n) draws, memory O(nnz) (≈ 6.9% dense for m = 1000).
    public static func designMatrix(rows m: Int, columns n: Int, seed: UInt64) -> (CSRMatrix, [Double]) {
        precondition(m >= 2 && n >= 1, "designMatrix: need rows ≥ 2, columns ≥ 1")
        var rng = SeededRandom(seed: seed)
        var scale = [Double](repeating: 0, count: n)
        for j in 0..<n { scale[j] = 10 * rng.gaussian() }
        let keep = min(1, 10 * log(Double(m)) / Double(m))
        var rp = [Int](repeating: 0, count: m + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        ci.reserveCapacity(Int(Double(m * n) * keep * 1.1))
        va.reserveCapacity(ci.capacity)
        for i in 0..<m {
            for j in 0..<n where rng.uniform() < keep {
                ci.append(Int32(j)); va.append((rng.gaussian() + 1) * scale[j])
            }
            rp[i + 1] = ci.count
        }
        var w = [Double](repeating: 0, count: n)
        for j in 0..<n { let g = rng.gaussian(); if rng.uniform() < 0.1 { w[j] = g } }
        return (CSRMatrix(uncheckedRows: m, columns: n, rowPointers: rp, columnIndices: ci, values: va), w)
    }

    /// Dataset A: least squares ½‖Xw − y‖² with y = X w_true + N(0, 1) noise (paper: 1000 × 10 000).
    public static func leastSquares(rows m: Int = 1000, columns n: Int = 10_000, seed: UInt64 = 1) -> (design: CSRMatrix, targets: [Double]) {
        let (x, w) = designMatrix(rows: m, columns: n, seed: seed)
        var y = x.applied(to: w)
        var rng = SeededRandom(seed: seed &+ 0x5EED)
        for i in 0..<m { y[i] += rng.gaussian() }
        return (x, y)
    }

    /// Dataset B: logistic regression labels y = sign(X w_true), each flipped with probability 0.1.
    public static func logistic(rows m: Int = 1000, columns n: Int = 10_000, seed: UInt64 = 1) -> (design: CSRMatrix, labels: [Double]) {
        let (x, w) = designMatrix(rows: m, columns: n, seed: seed)
        let s = x.applied(to: w)
        var rng = SeededRandom(seed: seed &+ 0x5EED)
        let y = s.map { v -> Double in
            let label: Double = v >= 0 ? 1 : -1     // sign(0) taken as +1
            return rng.uniform() < 0.1 ? -label : label
        }
        return (x, y)
    }

    /// Dataset D: label propagation on a `rows x columns` lattice (node i at row i % rows,
    /// column i / rows), edge weight `weight`, `labelled` random nodes with labels 10·N(0,1).
    /// min_x ½ Σ_ij w_ij (x_i − x_j)² over the unlabelled nodes is the SPD system A x = b with
    /// A_ii = Σ_j w_ij (all neighbours), A_ij = −w_ij (unlabelled neighbours), b_i = Σ_{j labelled} w_ij y_j.
    public static func latticeLabelPropagation(rows: Int = 50, columns: Int = 50, weight: Double = 1e5,
                                               labelled: Int = 100, seed: UInt64 = 1) -> LatticeLabelPropagation {
        precondition(rows >= 2 && columns >= 2 && labelled >= 1 && labelled < rows * columns, "lattice: bad sizes")
        let n = rows * columns
        var rng = SeededRandom(seed: seed)
        var perm = Array(0..<n)
        for t in 0..<labelled { perm.swapAt(t, t + rng.index(below: n - t)) }
        var y = [Double](repeating: 0, count: n)
        var isLabelled = [Bool](repeating: false, count: n)
        for t in 0..<labelled { isLabelled[perm[t]] = true; y[perm[t]] = 10 * rng.gaussian() }
        var local = [Int](repeating: -1, count: n)
        var global: [Int] = []
        for i in 0..<n where !isLabelled[i] { local[i] = global.count; global.append(i) }
        func neighbours(_ i: Int) -> [Int] {
            let r = i % rows, c = i / rows
            var out: [Int] = []
            if c > 0 { out.append(i - rows) }
            if r > 0 { out.append(i - 1) }
            if r < rows - 1 { out.append(i + 1) }
            if c < columns - 1 { out.append(i + rows) }
            return out
        }
        var tb = TripletBuilder(rows: global.count, columns: global.count, reservingCapacity: 5 * global.count)
        var b = [Double](repeating: 0, count: global.count)
        for (li, i) in global.enumerated() {
            let nb = neighbours(i)
            tb.append(row: li, column: li, value: weight * Double(nb.count))
            for j in nb {
                if isLabelled[j] { b[li] += weight * y[j] } else { tb.append(row: li, column: local[j], value: -weight) }
            }
        }
        func restrict(_ nodes: [Int]) -> [Int] { nodes.compactMap { local[$0] >= 0 ? local[$0] : nil } }
        // Red-black: (row + column) even / odd.
        let red = (0..<n).filter { ($0 % rows + $0 / rows) % 2 == 0 }
        let black = (0..<n).filter { ($0 % rows + $0 / rows) % 2 == 1 }
        // Two combs (TreePartitions): A = top row + rows 0…R−2 of even columns; B = the rest
        // (bottom row + rows 1…R−1 of odd columns).
        let combA = (0..<n).filter { i in let r = i % rows, c = i / rows; return r == 0 || (c % 2 == 0 && r < rows - 1) }
        let combB = (0..<n).filter { i in let r = i % rows, c = i / rows; return !(r == 0 || (c % 2 == 0 && r < rows - 1)) }
        return LatticeLabelPropagation(
            matrix: tb.build(), rhs: b, unlabelledNodes: global, labels: y,
            redBlack: BlockPartition(blocks: [restrict(red), restrict(black)], areForests: true),
            combs: BlockPartition(blocks: [restrict(combA), restrict(combB)], areForests: true))
    }
}

/// A lattice label-propagation problem (dataset D) with its structured partitions.
public struct LatticeLabelPropagation: Sendable {
    /// The SPD matrix over the unlabelled nodes.
    public let matrix: CSRMatrix
    /// The right-hand side.
    public let rhs: [Double]
    /// Lattice node index of each unknown.
    public let unlabelledNodes: [Int]
    /// Labels of all lattice nodes (0 for unlabelled).
    public let labels: [Double]
    /// Checkerboard red/black blocks (diagonal block matrices).
    public let redBlack: BlockPartition
    /// Two comb-shaped forests covering all unknowns (the paper's lattice TreePartitions).
    public let combs: BlockPartition
}
