/// Float buffers owned by one allocation per buffer, freed on deinit.
final class FloatBuffers {
    private(set) var pointers: [UnsafeMutablePointer<Float>] = []

    /// Allocates a zeroed buffer of `count` floats and returns it.
    func make(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
        p.initialize(repeating: 0, count: max(1, count))
        pointers.append(p)
        return p
    }

    deinit { for p in pointers { p.deallocate() } }
}

/// Floats of the im2col buffer for `shape`: the whole grid, capped at 4 Mi floats (but at least
/// one x-line), so `GridConvolution` works in line chunks on large grids.
func imColumnCapacity(_ shape: GridShape, maxRowLength: Int) -> Int {
    min(maxRowLength * shape.count, max(maxRowLength * shape.nx, 1 << 22))
}

/// Buffers for one network forward (inference) pass on one grid shape: the running features of
/// every level (updated in place), one pre-activation scratch of full size, and the im2col buffer.
/// Memory: width · (Σ_ℓ P_ℓ + P) + min(P·rowLength, max(rowLength·nx, 4 Mi)) floats.
final class InferenceWorkspace {
    let shape: GridShape
    let ops: [NetworkOp]
    let shapes: [GridShape]
    let h: [UnsafeMutablePointer<Float>]
    /// The masks of every level (masked networks; filled per call).
    let masks: LevelMasks
    let z, col: UnsafeMutablePointer<Float>
    let columnCapacity: Int
    private let store = FloatBuffers()

    init(shape: GridShape, ops: [NetworkOp], shapes: [GridShape], width: Int, maxRowLength: Int) {
        self.shape = shape
        self.ops = ops
        self.shapes = shapes
        let p = shape.count
        columnCapacity = imColumnCapacity(shape, maxRowLength: maxRowLength)
        let s = store
        h = shapes.map { s.make(width * $0.count) }
        masks = LevelMasks(shapes: shapes)
        z = s.make(width * p)
        col = s.make(columnCapacity)
    }
}

/// Buffers for a training forward + backward pass on one grid shape: every op's output (and each
/// block's pre-activation) is kept for the backward pass; per-level gradient accumulators.
final class TrainingWorkspace {
    let shape: GridShape
    let ops: [NetworkOp]
    let shapes: [GridShape]
    /// Output features of op i (nil for the output op), and each block's pre-activation.
    let out: [UnsafeMutablePointer<Float>], z: [UnsafeMutablePointer<Float>]
    /// The input features each op read in the last forward pass (blocks, upAdd: coarse, output).
    var source: [UnsafeMutablePointer<Float>?]
    let input, output: UnsafeMutablePointer<Float>
    /// Gradient accumulator per level, and a pre-activation-gradient scratch of full size.
    let g: [UnsafeMutablePointer<Float>]
    /// The masks of every level (masked networks; filled by `DirectionNetwork.setMask`).
    let masks: LevelMasks
    let dz, col, dcol: UnsafeMutablePointer<Float>
    let columnCapacity: Int
    private let store = FloatBuffers()

    init(shape: GridShape, ops: [NetworkOp], shapes: [GridShape], width: Int, maxRowLength: Int) {
        self.shape = shape
        self.ops = ops
        self.shapes = shapes
        let p = shape.count, w = width
        columnCapacity = imColumnCapacity(shape, maxRowLength: maxRowLength)
        let s = store
        var o: [UnsafeMutablePointer<Float>] = [], zz: [UnsafeMutablePointer<Float>] = []
        for op in ops {
            switch op {
            case .input: o.append(s.make(w * p)); zz.append(s.make(1))
            case .block(_, let lv): o.append(s.make(w * shapes[lv].count)); zz.append(s.make(w * shapes[lv].count))
            case .pool(let lv): o.append(s.make(w * shapes[lv + 1].count)); zz.append(s.make(1))
            case .upAdd(let lv): o.append(s.make(w * shapes[lv].count)); zz.append(s.make(1))
            case .output: o.append(s.make(1)); zz.append(s.make(1))
            }
        }
        out = o
        z = zz
        source = Array(repeating: nil, count: ops.count)
        input = s.make(p); output = s.make(p)
        g = shapes.map { s.make(w * $0.count) }
        masks = LevelMasks(shapes: shapes)
        dz = s.make(w * p)
        col = s.make(columnCapacity); dcol = s.make(columnCapacity)
    }
}
