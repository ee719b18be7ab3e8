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

/// Buffers for one network forward (inference) pass on one grid shape: the running features at
/// full and half resolution, one pre-activation scratch per level, and the im2col buffer.
/// Memory: (2·P + 2·P/2^d)·width + min(P·width·3^d, 4 Mi) floats.
final class InferenceWorkspace {
    let shape: GridShape
    let h, z, hc, zc, col: UnsafeMutablePointer<Float>
    let columnCapacity: Int
    private let store = FloatBuffers()

    init(shape: GridShape, width: Int, maxRowLength: Int) {
        self.shape = shape
        let p = shape.count, pc = shape.halved.count
        columnCapacity = min(maxRowLength * p, max(maxRowLength * shape.nx, 1 << 22))
        h = store.make(width * p); z = store.make(width * p)
        hc = store.make(width * pc); zc = store.make(width * pc)
        col = store.make(columnCapacity)
    }
}

/// Buffers for a training forward + backward pass on one grid shape: every layer's input and
/// pre-activation are kept for the backward pass.
final class TrainingWorkspace {
    let shape: GridShape
    /// Full-resolution features before each first-level block (count L1 + 1) and pre-activations (L1).
    let a: [UnsafeMutablePointer<Float>], z1: [UnsafeMutablePointer<Float>]
    /// Half-resolution features (L2 + 1) and pre-activations (L2).
    let c: [UnsafeMutablePointer<Float>], z2: [UnsafeMutablePointer<Float>]
    /// Post-upsampling features (L3 + 1) and pre-activations (L3).
    let u: [UnsafeMutablePointer<Float>], z3: [UnsafeMutablePointer<Float>]
    let input, output: UnsafeMutablePointer<Float>
    let g, dz, gc, dzc, col, dcol: UnsafeMutablePointer<Float>
    let columnCapacity: Int
    private let store = FloatBuffers()

    init(shape: GridShape, configuration: DirectionNetworkConfiguration, maxRowLength: Int) {
        self.shape = shape
        let p = shape.count, pc = shape.halved.count, w = configuration.width
        columnCapacity = min(maxRowLength * p, max(maxRowLength * shape.nx, 1 << 22))
        let s = store
        a = (0...configuration.fullResolutionBlocks).map { _ in s.make(w * p) }
        z1 = (0..<configuration.fullResolutionBlocks).map { _ in s.make(w * p) }
        c = (0...configuration.halfResolutionBlocks).map { _ in s.make(w * pc) }
        z2 = (0..<configuration.halfResolutionBlocks).map { _ in s.make(w * pc) }
        u = (0...configuration.postUpsamplingBlocks).map { _ in s.make(w * p) }
        z3 = (0..<configuration.postUpsamplingBlocks).map { _ in s.make(w * p) }
        input = s.make(p); output = s.make(p)
        g = s.make(w * p); dz = s.make(w * p); gc = s.make(w * pc); dzc = s.make(w * pc)
        col = s.make(columnCapacity); dcol = s.make(columnCapacity)
    }
}
