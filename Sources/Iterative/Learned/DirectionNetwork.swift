/// Architecture of the DCDM direction network (ITERATIVE.md §2.4, scaled down).
///
/// `x → conv3 (linear, 1→width) → L1 × [h ← h + ReLU(conv3 h)] → avg-pool 2× →
///  L2 × residual blocks → upsample 2× + skip → L3 × residual blocks → 1×1 conv (width→1)`.
/// All 3×3 (3×3×3 in 3-D) convolutions use zero 'same' padding and have biases.
public struct DirectionNetworkConfiguration: Equatable, Sendable, CustomStringConvertible {
    /// Grid dimension: 2 or 3.
    public var dimension: Int
    /// Filters per convolution (paper: 16).
    public var width: Int
    /// Residual blocks at full resolution before pooling (paper N=64: 4).
    public var fullResolutionBlocks: Int
    /// Residual blocks at half resolution (paper N=64: 6).
    public var halfResolutionBlocks: Int
    /// Residual blocks after upsampling (paper N=64: 4).
    public var postUpsamplingBlocks: Int

    /// A configuration; sizes are validated by `DirectionNetwork.init`.
    public init(dimension: Int, width: Int = 16, fullResolutionBlocks: Int = 2,
                halfResolutionBlocks: Int = 3, postUpsamplingBlocks: Int = 2) {
        self.dimension = dimension
        self.width = width
        self.fullResolutionBlocks = fullResolutionBlocks
        self.halfResolutionBlocks = halfResolutionBlocks
        self.postUpsamplingBlocks = postUpsamplingBlocks
    }

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        "\(dimension)D width \(width) blocks \(fullResolutionBlocks)/\(halfResolutionBlocks)/\(postUpsamplingBlocks)"
    }

    /// The convolution layers in parameter order: input conv, the three block groups, output.
    var layers: [ConvSpec] {
        var l = [ConvSpec(inChannels: 1, outChannels: width, kernel: 3, dimension: dimension)]
        let block = ConvSpec(inChannels: width, outChannels: width, kernel: 3, dimension: dimension)
        for _ in 0..<(fullResolutionBlocks + halfResolutionBlocks + postUpsamplingBlocks) { l.append(block) }
        l.append(ConvSpec(inChannels: width, outChannels: 1, kernel: 1, dimension: dimension))
        return l
    }
}

/// Why a network could not be built or loaded.
public enum DirectionNetworkError: Error, Equatable, CustomStringConvertible {
    /// Dimension not 2/3, width or block counts out of range (width 1...256, blocks 0...64).
    case invalidConfiguration(String)
    /// The grid shape does not match the network's dimension or has a zero size.
    case shapeMismatch(String)
    /// A model file is unreadable, truncated or malformed (path and reason).
    case badModelFile(path: String, reason: String)

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        switch self {
        case .invalidConfiguration(let s): return "invalid network configuration: \(s)"
        case .shapeMismatch(let s): return "grid shape mismatch: \(s)"
        case .badModelFile(let p, let r): return "\(p): \(r)"
        }
    }
}

/// The DCDM convolutional network: maps a grid residual to an approximate `A⁻¹ r` (up to scale).
///
/// Parameters live in one flat `Float` array (`parameters`), layer after layer (weights
/// `[out][in][tap]`, then biases), which Adam and the model file use directly.
/// Inference: im2col + `cblas_sgemm` per 3×3 layer; cost ≈ 2·P·width²·3^d·(layers) flops.
/// Not thread-safe (it caches per-shape workspaces).
public final class DirectionNetwork {
    /// The architecture.
    public let configuration: DirectionNetworkConfiguration
    /// All weights and biases, flat.
    public var parameters: [Float]
    let specs: [ConvSpec]
    let offsets: [Int]
    private var inference: InferenceWorkspace?
    private var training: TrainingWorkspace?

    /// A network with He-initialised weights (deterministic for `seed`), zero biases.
    /// - Throws: `.invalidConfiguration` for dimension ∉ {2,3}, width ∉ 1...256, blocks ∉ 0...64.
    public init(configuration: DirectionNetworkConfiguration, seed: UInt64 = 1) throws(DirectionNetworkError) {
        let c = configuration
        guard c.dimension == 2 || c.dimension == 3 else { throw .invalidConfiguration("dimension \(c.dimension) (need 2 or 3)") }
        guard (1...256).contains(c.width) else { throw .invalidConfiguration("width \(c.width) (need 1...256)") }
        for b in [c.fullResolutionBlocks, c.halfResolutionBlocks, c.postUpsamplingBlocks] where !(0...64).contains(b) {
            throw .invalidConfiguration("block count \(b) (need 0...64)")
        }
        self.configuration = c
        specs = c.layers
        var o = [Int](), total = 0
        for s in specs { o.append(total); total += s.parameterCount }
        offsets = o
        var rng = SplitMix64(seed: seed)
        var p = [Float](repeating: 0, count: total)
        for (i, s) in specs.enumerated() {
            // Residual branches start small so the initial network is close to linear.
            let isBlock = i > 0 && i < specs.count - 1
            let std = (2.0 / Double(s.rowLength)).squareRoot() * (isBlock ? 0.5 : 1)
            for k in 0..<s.weightCount { p[o[i] + k] = Float(std * rng.nextGaussian()) }
        }
        parameters = p
    }

    /// Creates a network with the given configuration and parameters (e.g. from a file).
    /// - Throws: `.invalidConfiguration` if the parameter count does not match.
    public convenience init(configuration: DirectionNetworkConfiguration, parameters: [Float]) throws(DirectionNetworkError) {
        try self.init(configuration: configuration, seed: 0)
        guard parameters.count == self.parameters.count else {
            throw .invalidConfiguration("\(parameters.count) parameters, architecture needs \(self.parameters.count)")
        }
        self.parameters = parameters
    }

    /// Number of trainable parameters.
    public var parameterCount: Int { parameters.count }

    var maxRowLength: Int { specs.map(\.rowLength).max() ?? 1 }

    func checkShape(_ shape: GridShape) throws(DirectionNetworkError) {
        guard shape.dims.count == configuration.dimension, shape.dims.allSatisfy({ $0 >= 1 }) else {
            throw .shapeMismatch("grid \(shape) for a \(configuration.dimension)D network")
        }
    }

    /// Runs the network on one grid: `output = f(input)`, both `shape.count` floats.
    /// - Throws: `.shapeMismatch` when the shape's dimension differs from the network's.
    /// Complexity: O(P · width² · 3^d · layers); allocates only when the shape changes.
    public func infer(_ input: UnsafeBufferPointer<Float>, shape: GridShape, into output: UnsafeMutableBufferPointer<Float>) throws(DirectionNetworkError) {
        try checkShape(shape)
        guard input.count >= shape.count, output.count >= shape.count else { throw .shapeMismatch("buffers shorter than grid \(shape)") }
        if inference?.shape != shape {
            inference = InferenceWorkspace(shape: shape, width: configuration.width, maxRowLength: maxRowLength)
        }
        let ws = inference!
        let c = configuration, w = c.width
        let p = shape.count, half = shape.halved, pc = half.count
        parameters.withUnsafeBufferPointer { pb in
            let par = pb.baseAddress!
            func conv(_ i: Int, _ s: GridShape, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
                GridConvolution.forward(specs[i], s, parameters: par + offsets[i], input: x, output: y,
                                        col: ws.col, columnCapacity: ws.columnCapacity)
            }
            func residual(_ h: UnsafeMutablePointer<Float>, _ z: UnsafePointer<Float>, _ n: Int) {
                for k in 0..<n { h[k] += max(0, z[k]) }
            }
            var layer = 0
            conv(layer, shape, input.baseAddress!, ws.h); layer += 1
            for _ in 0..<c.fullResolutionBlocks { conv(layer, shape, ws.h, ws.z); residual(ws.h, ws.z, w * p); layer += 1 }
            GridConvolution.pool(channels: w, fine: shape, input: ws.h, output: ws.hc)
            for _ in 0..<c.halfResolutionBlocks { conv(layer, half, ws.hc, ws.zc); residual(ws.hc, ws.zc, w * pc); layer += 1 }
            GridConvolution.upsampleAdd(channels: w, fine: shape, input: ws.hc, output: ws.h)
            for _ in 0..<c.postUpsamplingBlocks { conv(layer, shape, ws.h, ws.z); residual(ws.h, ws.z, w * p); layer += 1 }
            conv(layer, shape, ws.h, output.baseAddress!)
        }
    }

    /// Array convenience for `infer`.
    public func infer(_ input: [Float], shape: GridShape) throws(DirectionNetworkError) -> [Float] {
        var out = [Float](repeating: 0, count: shape.count)
        try input.withUnsafeBufferPointer { ib throws(DirectionNetworkError) in
            try out.withUnsafeMutableBufferPointer { ob throws(DirectionNetworkError) in try infer(ib, shape: shape, into: ob) }
        }
        return out
    }

    /// The training workspace for `shape` (input in `.input`, result in `.output` after
    /// `trainingForward`).
    func trainingWorkspace(_ shape: GridShape) -> TrainingWorkspace {
        if training?.shape != shape {
            training = TrainingWorkspace(shape: shape, configuration: configuration, maxRowLength: maxRowLength)
        }
        return training!
    }

    /// Forward pass keeping every activation: reads `ws.input`, writes `ws.output`.
    func trainingForward(_ ws: TrainingWorkspace) {
        let c = configuration, w = c.width, shape = ws.shape
        let p = shape.count, half = shape.halved, pc = half.count
        parameters.withUnsafeBufferPointer { pb in
            let par = pb.baseAddress!
            func conv(_ i: Int, _ s: GridShape, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
                GridConvolution.forward(specs[i], s, parameters: par + offsets[i], input: x, output: y,
                                        col: ws.col, columnCapacity: ws.columnCapacity)
            }
            func block(_ i: Int, _ s: GridShape, _ x: UnsafePointer<Float>, _ z: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
                conv(i, s, x, z)
                for k in 0..<n { y[k] = x[k] + max(0, z[k]) }
            }
            var layer = 0
            conv(layer, shape, ws.input, ws.a[0]); layer += 1
            for i in 0..<c.fullResolutionBlocks { block(layer, shape, ws.a[i], ws.z1[i], ws.a[i + 1], w * p); layer += 1 }
            GridConvolution.pool(channels: w, fine: shape, input: ws.a[c.fullResolutionBlocks], output: ws.c[0])
            for j in 0..<c.halfResolutionBlocks { block(layer, half, ws.c[j], ws.z2[j], ws.c[j + 1], w * pc); layer += 1 }
            ws.u[0].update(from: ws.a[c.fullResolutionBlocks], count: w * p)
            GridConvolution.upsampleAdd(channels: w, fine: shape, input: ws.c[c.halfResolutionBlocks], output: ws.u[0])
            for k in 0..<c.postUpsamplingBlocks { block(layer, shape, ws.u[k], ws.z3[k], ws.u[k + 1], w * p); layer += 1 }
            conv(layer, shape, ws.u[c.postUpsamplingBlocks], ws.output)
        }
    }

    /// Backward pass after `trainingForward`: `gradient += ∂loss/∂parameters` given
    /// `outputGradient = ∂loss/∂output` (`shape.count` floats).
    func trainingBackward(_ ws: TrainingWorkspace, outputGradient: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>) {
        let c = configuration, w = c.width, shape = ws.shape
        let p = shape.count, half = shape.halved, pc = half.count
        parameters.withUnsafeBufferPointer { pb in
            let par = pb.baseAddress!
            func back(_ i: Int, _ s: GridShape, input: UnsafePointer<Float>, dOut: UnsafePointer<Float>, dIn: UnsafeMutablePointer<Float>?) {
                GridConvolution.backward(specs[i], s, parameters: par + offsets[i], input: input, outputGradient: dOut,
                                         inputGradient: dIn, parameterGradient: gradient + offsets[i],
                                         col: ws.col, dcol: ws.dcol, columnCapacity: ws.columnCapacity)
            }
            // Residual block y = x + relu(z), z = conv(x): dz = g·[z>0]; g += convᵀ(dz).
            func blockBack(_ i: Int, _ s: GridShape, x: UnsafePointer<Float>, z: UnsafePointer<Float>, g: UnsafeMutablePointer<Float>, dz: UnsafeMutablePointer<Float>, n: Int) {
                for k in 0..<n { dz[k] = z[k] > 0 ? g[k] : 0 }
                back(i, s, input: x, dOut: dz, dIn: g)
            }
            var layer = specs.count - 1
            ws.g.update(repeating: 0, count: w * p)
            back(layer, shape, input: ws.u[c.postUpsamplingBlocks], dOut: outputGradient, dIn: ws.g)
            for k in stride(from: c.postUpsamplingBlocks - 1, through: 0, by: -1) {
                layer -= 1
                blockBack(layer, shape, x: ws.u[k], z: ws.z3[k], g: ws.g, dz: ws.dz, n: w * p)
            }
            // u0 = a[L1] + up(c[L2]): g flows to both.
            GridConvolution.upsampleBackward(channels: w, fine: shape, fineGradient: ws.g, coarseGradient: ws.gc)
            for j in stride(from: c.halfResolutionBlocks - 1, through: 0, by: -1) {
                layer -= 1
                blockBack(layer, half, x: ws.c[j], z: ws.z2[j], g: ws.gc, dz: ws.dzc, n: w * pc)
            }
            GridConvolution.poolBackward(channels: w, fine: shape, coarseGradient: ws.gc, fineGradient: ws.g)
            for i in stride(from: c.fullResolutionBlocks - 1, through: 0, by: -1) {
                layer -= 1
                blockBack(layer, shape, x: ws.a[i], z: ws.z1[i], g: ws.g, dz: ws.dz, n: w * p)
            }
            layer -= 1
            back(layer, shape, input: ws.input, dOut: ws.g, dIn: nil)
        }
    }
}
