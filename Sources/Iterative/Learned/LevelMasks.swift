/// The per-level domain masks of a masked `DirectionNetwork` and the feature projection `P_ℓ`
/// they define (applied after every feature update at level ℓ; its transpose in the backward pass).
///
/// Level 0 is the fluid mask (1 active, 0 solid); level ℓ+1 is the 2× average pool of level ℓ
/// (the active fraction of the parent's fine cells, zero-padded at odd edges).
/// - Dirichlet mode (`ghosts == false`): `P_ℓ x = m_ℓ ⊙ x` (solid features 0, coarse features
///   weighted by the active fraction): the interior analogue of the zero padding at the outer box.
/// - Ghost mode (`ghosts == true`, for Neumann walls): a cell is active when its fraction is > 0;
///   `P_ℓ` keeps active cells, sets every inactive cell that has active axis neighbours (a ghost)
///   to the mean of those neighbours, and the other inactive cells to 0. A convolution next to a
///   wall then sees (about) the cell's own value across the wall — a mirror, as a zero-flux wall
///   asks — instead of zero. `P_ℓ` is linear and idempotent.
/// Building: O(cells · dimension); applying: O(channels · cells).
final class LevelMasks {
    let shapes: [GridShape]
    /// Dirichlet weights (fractions) or, in ghost or mirror mode, the 0/1 active indicator of every level.
    let weights: [UnsafeMutablePointer<Float>]
    /// Ghost mode: per level, the ghost cells, CSR offsets into `ghostNeighbours`, and the active
    /// neighbours whose mean each ghost takes.
    private(set) var ghostCells: [[Int32]]
    private(set) var ghostStart: [[Int32]]
    private(set) var ghostNeighbours: [[Int32]]
    private(set) var ghosts = false
    /// Mirror mode (see `MirrorWalls.swift`): per level, the active cells with a solid in-box
    /// stencil neighbour, CSR offsets into `wallTaps`, and the tap indices (3×3 or 3×3×3 order of
    /// `GridConvolution.offsets`) that point into solid cells.
    var wallCells: [[Int32]]
    var wallStart: [[Int32]]
    var wallTaps: [[Int32]]
    private(set) var mirror = false
    /// Whether `fill` has run (its inputs are then cached in `weights[0]`, `ghosts`, `mirror`).
    private var filled = false
    private let store = FloatBuffers()

    init(shapes: [GridShape]) {
        self.shapes = shapes
        let s = store
        weights = shapes.map { s.make($0.count) }
        ghostCells = Array(repeating: [], count: shapes.count)
        ghostStart = Array(repeating: [0], count: shapes.count)
        ghostNeighbours = Array(repeating: [], count: shapes.count)
        wallCells = Array(repeating: [], count: shapes.count)
        wallStart = Array(repeating: [0], count: shapes.count)
        wallTaps = Array(repeating: [], count: shapes.count)
    }

    /// Fills every level from `base` (level-0 cells; all active when nil); `ghosts` selects the
    /// ghost (Neumann) mode, `mirror` the per-tap mirror lists (`buildWallTaps`). Both zero-flux
    /// modes make every level 0/1 active instead of fractions. A call with the same level-0 mask
    /// and modes as the previous one returns after an O(cells) comparison (the DCDM proposer passes
    /// the same mask at every inference), so the lists are built once per domain.
    func fill(base: UnsafeBufferPointer<Float>?, ghosts: Bool, mirror: Bool = false) {
        let p = shapes[0].count, w0 = weights[0]
        if filled, ghosts == self.ghosts, mirror == self.mirror,
           base.map({ b in (0..<p).allSatisfy { w0[$0] == b[$0] } }) ?? (0..<p).allSatisfy({ w0[$0] == 1 }) {
            return
        }
        filled = true
        self.ghosts = ghosts
        self.mirror = mirror
        if let base { w0.update(from: base.baseAddress!, count: p) } else { w0.update(repeating: 1, count: p) }
        for l in 0..<(shapes.count - 1) {
            GridConvolution.pool(channels: 1, fine: shapes[l], input: weights[l], output: weights[l + 1])
        }
        if ghosts || mirror {
            for l in 0..<shapes.count {
                let w = weights[l]
                for k in 0..<shapes[l].count { w[k] = w[k] > 0 ? 1 : 0 }
            }
        }
        if mirror { buildWallTaps() }
        if ghosts { buildGhosts() }
    }

    /// Ghost mode: the inactive cells of every level with active axis neighbours, and those
    /// neighbours. O(cells · d).
    private func buildGhosts() {
        for l in 0..<shapes.count {
            let dims = shapes[l].dims, w = weights[l], n = shapes[l].count
            var strides = [Int](repeating: 1, count: dims.count)
            for d in 1..<dims.count { strides[d] = strides[d - 1] * dims[d - 1] }
            var cells: [Int32] = [], start: [Int32] = [0], nbs: [Int32] = []
            for k in 0..<n where w[k] == 0 {
                let before = nbs.count
                for d in 0..<dims.count {
                    let coord = (k / strides[d]) % dims[d]
                    if coord > 0, w[k - strides[d]] == 1 { nbs.append(Int32(k - strides[d])) }
                    if coord < dims[d] - 1, w[k + strides[d]] == 1 { nbs.append(Int32(k + strides[d])) }
                }
                if nbs.count > before {
                    cells.append(Int32(k))
                    start.append(Int32(nbs.count))
                }
            }
            ghostCells[l] = cells
            ghostStart[l] = start
            ghostNeighbours[l] = nbs
        }
    }

    /// `x ← P_ℓ x` for every channel of a `channels × cells(ℓ)` block.
    func project(_ level: Int, channels: Int, _ x: UnsafeMutablePointer<Float>) {
        let n = shapes[level].count, m = weights[level]
        for c in 0..<channels {
            let row = x + c * n
            for k in 0..<n { row[k] *= m[k] }
            guard ghosts else { continue }
            ghostCells[level].withUnsafeBufferPointer { gc in
                ghostStart[level].withUnsafeBufferPointer { gs in
                    ghostNeighbours[level].withUnsafeBufferPointer { gn in
                        for j in 0..<gc.count {
                            let a = Int(gs[j]), b = Int(gs[j + 1])
                            var s: Float = 0
                            for t in a..<b { s += row[Int(gn[t])] }
                            row[Int(gc[j])] = s / Float(b - a)
                        }
                    }
                }
            }
        }
    }

    /// `g ← P_ℓᵀ g` (the backward pass of `project`).
    func projectTranspose(_ level: Int, channels: Int, _ g: UnsafeMutablePointer<Float>) {
        let n = shapes[level].count, m = weights[level]
        for c in 0..<channels {
            let row = g + c * n
            if ghosts {
                ghostCells[level].withUnsafeBufferPointer { gc in
                    ghostStart[level].withUnsafeBufferPointer { gs in
                        ghostNeighbours[level].withUnsafeBufferPointer { gn in
                            for j in 0..<gc.count {
                                let a = Int(gs[j]), b = Int(gs[j + 1])
                                let v = row[Int(gc[j])] / Float(b - a)
                                for t in a..<b { row[Int(gn[t])] += v }
                            }
                        }
                    }
                }
            }
            for k in 0..<n { row[k] *= m[k] }
        }
    }
}
