import Foundation
import SparseLA

/// Example 1 of the ROM: P1 Poisson `−∇·(κ(μ)∇u) = 1` on the unit square, u = 0 on the boundary,
/// with κ = μ_q on subdomain q of a `blocks × blocks` checkerboard (subdomains taken from the
/// element centroids). Affine: `A(μ) = Σ_q μ_q A_q` with `A_q` the stiffness of subdomain q
/// restricted to the free nodes; one load term.
public enum SubdomainPoisson {
    /// Builds the affine problem on `StructuredMesher.rectangle(cells, cells)` ((cells−1)² unknowns).
    /// Cost O(blocks²·cells²) assembly. Throws for `cells < 2`, `blocks < 1`, `blocks > cells`,
    /// or an empty/invalid range.
    public static func problem(cellsPerSide cells: Int, blocksPerSide blocks: Int = 2,
                               range: ClosedRange<Double> = 0.1...10) throws(ROMError) -> AffineLinearProblem {
        guard cells >= 2, blocks >= 1, blocks <= cells else { throw ROMError("need cells >= 2 and 1 <= blocks <= cells (got \(cells), \(blocks))") }
        guard range.lowerBound > 0, range.upperBound.isFinite else { throw ROMError("coefficient range must be positive and finite") }
        let mesh = StructuredMesher.rectangle(nx: cells, ny: cells)
        do {
            let disc = try P1Poisson.discretize(MeshPoissonProblem(mesh: mesh, source: { _, _, _ in 1 }))
            let base = try P1Assembly.stiffness(mesh)
            var freeIndex = [Int](repeating: -1, count: mesh.nodeCount)
            for (i, n) in disc.freeNodes.enumerated() { freeIndex[n] = i }
            var ops: [CSRMatrix] = []
            for q in 0..<(blocks * blocks) {
                let bx = q % blocks, by = q / blocks
                let doubled = try P1Assembly.stiffness(mesh, coefficient: { x, y, _ in
                    let ix = min(Int(x * Double(blocks)), blocks - 1), iy = min(Int(y * Double(blocks)), blocks - 1)
                    return ix == bx && iy == by ? 2 : 1
                })
                // (2·K_q + K_rest) − (K_q + K_rest) = K_q exactly: doubling is exact and the
                // triplet summation order is the same, so the pattern and the sums match.
                guard doubled.rowPointers == base.rowPointers, doubled.columnIndices == base.columnIndices else {
                    throw ROMError("subdomain stiffness pattern differs from the base stiffness")
                }
                let kq = base.withValues(zip(doubled.values, base.values).map { $0 - $1 })
                ops.append(restrict(kq, freeNodes: disc.freeNodes, freeIndex: freeIndex))
            }
            return try AffineLinearProblem(operators: ops, operatorCoefficients: (0..<ops.count).map { .parameter($0) },
                                           rightHandSides: [disc.rhs], rhsCoefficients: [.constant(1)],
                                           parameterRanges: Array(repeating: range, count: ops.count))
        } catch let e as ROMError { throw e } catch {
            throw ROMError("mesh assembly failed: \(error)")
        }
    }

    /// Rows and columns of `k` on the free nodes (same pattern for every term).
    static func restrict(_ k: CSRMatrix, freeNodes: [Int], freeIndex: [Int]) -> CSRMatrix {
        var rp = [Int](repeating: 0, count: freeNodes.count + 1)
        var ci: [Int32] = [], va: [Double] = []
        ci.reserveCapacity(k.nnz); va.reserveCapacity(k.nnz)
        for (r, i) in freeNodes.enumerated() {
            for p in k.rowPointers[i]..<k.rowPointers[i + 1] {
                let j = freeIndex[Int(k.columnIndices[p])]
                if j >= 0 { ci.append(Int32(j)); va.append(k.values[p]) }
            }
            rp[r + 1] = ci.count
        }
        return CSRMatrix(uncheckedRows: freeNodes.count, columns: freeNodes.count, rowPointers: rp, columnIndices: ci, values: va)
    }

    /// A deterministic pseudo-random training/test set of `count` parameters, log-uniform in the
    /// box (SplitMix64 with `seed`), so runs are reproducible.
    public static func sample(count: Int, parameters: Int, range: ClosedRange<Double>, seed: UInt64) -> [[Double]] {
        var state = seed
        func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) / Double(1 << 53)
        }
        let lo = log(range.lowerBound), hi = log(range.upperBound)
        return (0..<count).map { _ in (0..<parameters).map { _ in min(max(exp(lo + (hi - lo) * next()), range.lowerBound), range.upperBound) } }
    }
}
