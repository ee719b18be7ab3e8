/// Architecture of the DCDM direction network (ITERATIVE.md §2.4, scaled down).
///
/// `levels == 0` (the paper's network, model format DCDMNET1):
/// `x → conv3 (linear, 1→width) → L1 × [h ← h + ReLU(conv3 h)] → avg-pool 2× →
///  L2 × residual blocks → upsample 2× + skip → L3 × residual blocks → 1×1 conv (width→1)`.
///
/// `levels ≥ 1` (multilevel U-net with weight sharing, DCDMNET2): a learned V-cycle whose depth
/// adapts to the grid. With `V(h, ℓ)`:
/// `L1 pre-blocks; if ℓ < depth { c = pool(h); V(c, ℓ+1); h ← h + g·upsample(c) } else { L2 bottom
///  blocks }; L3 post-blocks`, where the SAME pre/bottom/post block weights are used on every level
/// and `g` is one learned scalar gain (the last parameter; initialised to 1). The depth is the number
/// of 2× pools until the largest axis has ≤ `coarsestCells` cells, at most `levels`. So a model
/// trained on 32² (depth 3 for coarsestCells 4) runs at depth 7 on 512²: its receptive field grows
/// with the grid.
///
/// `masked` (multilevel or not): the network also takes the domain's fluid mask `m₀` (1 active,
/// 0 solid) and its average-pooled fractions `m_{ℓ+1} = pool(m_ℓ)`; every feature update at level
/// ℓ is multiplied by `m_ℓ` (`h₀ = m₀·conv(x)`, `h ← h + m_ℓ·act(conv h)`, `h ← h + g·m_ℓ·up(c)`).
/// Solid cells then carry zero features, the interior analogue of zero padding at the outer box
/// (a Dirichlet wall), so one set of weights serves cells next to walls and interior cells. The
/// network stays linear in `x` for linear blocks.
///
/// All 3×3 (3×3×3 in 3-D) convolutions use zero 'same' padding; they have biases when `bias` is
/// set. Without biases the network is positively homogeneous (f(sx) = s f(x), s > 0), so the input
/// scale does not matter (the DCDM proposer then feeds the residual at RMS 1).
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
    /// 0: the paper's one-pool network (blocks = full/half/post resolution). ≥ 1: the multilevel
    /// shared-weight U-net with at most this many 2× pools (blocks = pre/bottom/post per level).
    public var levels: Int
    /// Multilevel only: pooling stops once the largest axis has at most this many cells.
    public var coarsestCells: Int
    /// Whether the 3×3 and 1×1 convolutions have biases (the paper's network: yes).
    public var bias: Bool
    /// Residual-block activation: ReLU (the paper) or none (`linear`: the network is then a
    /// linear operator, a learned multigrid-like preconditioner; ReLU rectifies high-frequency
    /// residuals into smooth means that the coarse levels amplify on grids deeper than training).
    public var linear: Bool
    /// Coarse-to-fine transfer: nearest-neighbour copy (the paper's `UpSampling`) or cell-centred
    /// (bi/tri)linear interpolation (smoother coarse corrections, as in geometric multigrid).
    public var linearInterpolation: Bool
    /// Whether feature updates are multiplied by the (pooled) domain mask (see above).
    public var masked: Bool
    /// Masked networks only: solid cells next to active ones hold the mean of their active
    /// neighbours (ghost values, a mirror for zero-flux Neumann walls) instead of zero, and
    /// coarse levels use 0/1 activity instead of fractions (see `LevelMasks`).
    public var ghostWalls: Bool
    /// Masked networks only: per-tap mirror walls (zero-flux / Neumann): a convolution tap that
    /// points into a solid cell reads the centre cell's own feature (see `MirrorWalls.swift`).
    public var mirrorWalls: Bool

    /// A configuration; sizes are validated by `DirectionNetwork.init`.
    public init(dimension: Int, width: Int = 16, fullResolutionBlocks: Int = 2,
                halfResolutionBlocks: Int = 3, postUpsamplingBlocks: Int = 2,
                levels: Int = 0, coarsestCells: Int = 4, bias: Bool = true, linear: Bool = false,
                linearInterpolation: Bool = false, masked: Bool = false, ghostWalls: Bool = false, mirrorWalls: Bool = false) {
        self.dimension = dimension
        self.width = width
        self.fullResolutionBlocks = fullResolutionBlocks
        self.halfResolutionBlocks = halfResolutionBlocks
        self.postUpsamplingBlocks = postUpsamplingBlocks
        self.levels = levels
        self.coarsestCells = coarsestCells
        self.bias = bias
        self.linear = linear
        self.linearInterpolation = linearInterpolation
        self.masked = masked
        self.ghostWalls = ghostWalls
        self.mirrorWalls = mirrorWalls
    }

    /// Whether this is the multilevel shared-weight variant (`levels ≥ 1`).
    public var isMultilevel: Bool { levels > 0 }

    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String {
        var s = "\(dimension)D width \(width) blocks \(fullResolutionBlocks)/\(halfResolutionBlocks)/\(postUpsamplingBlocks)"
        if isMultilevel { s += " multilevel ≤\(levels) pools to ≤\(coarsestCells) cells, shared weights" }
        if !bias { s += ", no bias" }
        if linear { s += ", linear (no ReLU)" }
        if linearInterpolation { s += ", linear interpolation" }
        if masked { s += ghostWalls ? ", masked features with ghost (Neumann) walls" : ", masked features" }
        if mirrorWalls { s += ", mirror (Neumann) walls" }
        return s
    }

    /// The convolution layers in parameter order: input conv, the three block groups, output.
    /// (The multilevel variant has one more parameter after them: the coarse-correction gain.)
    var layers: [ConvSpec] {
        var l = [ConvSpec(inChannels: 1, outChannels: width, kernel: 3, dimension: dimension, bias: bias)]
        let block = ConvSpec(inChannels: width, outChannels: width, kernel: 3, dimension: dimension, bias: bias)
        for _ in 0..<(fullResolutionBlocks + halfResolutionBlocks + postUpsamplingBlocks) { l.append(block) }
        l.append(ConvSpec(inChannels: width, outChannels: 1, kernel: 1, dimension: dimension, bias: bias))
        return l
    }

    /// Number of 2× pools used on `shape`: 1 for the paper's network; for the multilevel one, halve
    /// until the largest axis is ≤ `coarsestCells` (at most `levels` times).
    public func depth(for shape: GridShape) -> Int {
        guard isMultilevel else { return 1 }
        var s = shape, d = 0
        while d < levels, (s.dims.max() ?? 1) > max(1, coarsestCells) { s = s.halved; d += 1 }
        return d
    }
}

/// One step of a network's forward pass (see `DirectionNetwork.plan`).
enum NetworkOp: Equatable {
    /// `h₀ = conv(input)` (layer index).
    case input(Int)
    /// `h_ℓ ← h_ℓ + ReLU(conv(h_ℓ))` (layer, level).
    case block(Int, Int)
    /// `h_{ℓ+1} = avgpool(h_ℓ)`.
    case pool(Int)
    /// `h_ℓ ← h_ℓ + g·upsample(h_{ℓ+1})`.
    case upAdd(Int)
    /// `output = conv1×1(h₀)` (layer index).
    case output(Int)
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
/// `[out][in][tap]`, then biases if any; the multilevel variant then has its gain), which Adam and
/// the model file use directly. Inference: im2col + `cblas_sgemm` per 3×3 layer; cost ≈
/// 2·width²·3^d flops per cell per block application (the multilevel variant adds a factor
/// ≈ 1/(1 − 2^−d) for its coarse levels). Not thread-safe (it caches per-shape workspaces).
public final class DirectionNetwork {
    /// The architecture.
    public let configuration: DirectionNetworkConfiguration
    /// All weights and biases, flat.
    public var parameters: [Float]
    let specs: [ConvSpec]
    let offsets: [Int]
    /// Index of the coarse-correction gain in `parameters` (multilevel only).
    let gainIndex: Int?
    private var inference: InferenceWorkspace?
    private var training: TrainingWorkspace?
    /// Training only (multilevel): caps the depth of the training forward/backward pass, so a
    /// trainer can draw a random depth per batch ("stochastic depth"); nil = full depth.
    /// Inference plans are built before it applies and ignore it.
    var trainingDepthCap: Int?

    /// A network with He-initialised weights (deterministic for `seed`), zero biases, gain 1.
    /// - Throws: `.invalidConfiguration` for dimension ∉ {2,3}, width ∉ 1...256, blocks ∉ 0...64,
    ///   levels ∉ 0...32, coarsestCells ∉ 1...4096, ghost walls without masking.
    public init(configuration: DirectionNetworkConfiguration, seed: UInt64 = 1) throws(DirectionNetworkError) {
        let c = configuration
        guard c.dimension == 2 || c.dimension == 3 else { throw .invalidConfiguration("dimension \(c.dimension) (need 2 or 3)") }
        guard (1...256).contains(c.width) else { throw .invalidConfiguration("width \(c.width) (need 1...256)") }
        for b in [c.fullResolutionBlocks, c.halfResolutionBlocks, c.postUpsamplingBlocks] where !(0...64).contains(b) {
            throw .invalidConfiguration("block count \(b) (need 0...64)")
        }
        guard (0...32).contains(c.levels) else { throw .invalidConfiguration("levels \(c.levels) (need 0...32)") }
        guard (1...4096).contains(c.coarsestCells) else { throw .invalidConfiguration("coarsest cells \(c.coarsestCells) (need 1...4096)") }
        guard c.masked || !(c.ghostWalls || c.mirrorWalls) else { throw .invalidConfiguration("ghost or mirror walls need a masked network") }
        self.configuration = c
        specs = c.layers
        var o = [Int](), total = 0
        for s in specs { o.append(total); total += s.parameterCount }
        offsets = o
        gainIndex = c.isMultilevel ? total : nil
        if c.isMultilevel { total += 1 }
        var rng = SplitMix64(seed: seed)
        var p = [Float](repeating: 0, count: total)
        for (i, s) in specs.enumerated() {
            // Residual branches start small so the initial network is close to linear.
            let isBlock = i > 0 && i < specs.count - 1
            let std = (2.0 / Double(s.rowLength)).squareRoot() * (isBlock ? 0.5 : 1)
            for k in 0..<s.weightCount { p[o[i] + k] = Float(std * rng.nextGaussian()) }
        }
        if let g = gainIndex { p[g] = 1 }
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

    /// The forward pass on `shape` as a list of operations, and the grid shape of every level.
    func plan(for shape: GridShape) -> (ops: [NetworkOp], shapes: [GridShape]) {
        let c = configuration
        let depth = min(c.depth(for: shape), trainingDepthCap ?? Int.max)
        var shapes = [shape]
        for _ in 0..<depth { shapes.append(shapes.last!.halved) }
        let pre = 1..<(1 + c.fullResolutionBlocks)
        let mid = (c.fullResolutionBlocks + 1)..<(c.fullResolutionBlocks + 1 + c.halfResolutionBlocks)
        let post = mid.upperBound..<(mid.upperBound + c.postUpsamplingBlocks)
        var ops: [NetworkOp] = [.input(0)]
        if !c.isMultilevel {
            ops += pre.map { .block($0, 0) }
            ops.append(.pool(0))
            ops += mid.map { .block($0, 1) }
            ops.append(.upAdd(0))
            ops += post.map { .block($0, 0) }
        } else {
            func visit(_ l: Int) {
                ops += pre.map { .block($0, l) }
                if l == depth {
                    ops += mid.map { .block($0, l) }
                    ops += post.map { .block($0, l) }
                    return
                }
                ops.append(.pool(l))
                visit(l + 1)
                ops.append(.upAdd(l))
                ops += post.map { .block($0, l) }
            }
            visit(0)
        }
        ops.append(.output(specs.count - 1))
        return (ops, shapes)
    }

    /// The coarse-correction gain (1 for the paper's network).
    var gain: Float { gainIndex.map { parameters[$0] } ?? 1 }

    /// The learned coarse-correction gain `g` of the multilevel network (nil for the paper's
    /// network, whose upsampling adds with gain 1). Setting it is ignored for the paper's network.
    public var coarseGain: Float? {
        get { gainIndex.map { parameters[$0] } }
        set { if let i = gainIndex, let v = newValue { parameters[i] = v } }
    }

    /// Forward flops per call on `shape` (multiply-adds × 2 of the convolutions).
    public func flops(for shape: GridShape) -> Double {
        let (ops, shapes) = plan(for: shape)
        var f = 0.0
        for op in ops {
            switch op {
            case .input(let l), .output(let l): f += 2 * Double(specs[l].weightCount * shapes[0].count)
            case .block(let l, let lv): f += 2 * Double(specs[l].weightCount * shapes[lv].count)
            default: break
            }
        }
        return f
    }

    /// Runs the network on one grid: `output = f(input)`, both `shape.count` floats. `mask` (a
    /// masked network only; `shape.count` entries, 1 active / 0 solid) is the domain's fluid mask;
    /// nil means all cells active. Unmasked networks ignore it.
    /// - Throws: `.shapeMismatch` when the shape's dimension differs from the network's or a
    ///   buffer is shorter than the grid.
    /// Complexity: O(cells · width² · 3^d · blocks · depth-factor); allocates only when the shape
    /// changes. Memory: ≈ 2 · width · cells · (1 + 2^−d + …) floats plus a ≤ 16 MiB im2col buffer.
    public func infer(_ input: UnsafeBufferPointer<Float>, shape: GridShape, mask: UnsafeBufferPointer<Float>? = nil,
                      into output: UnsafeMutableBufferPointer<Float>) throws(DirectionNetworkError) {
        try checkShape(shape)
        guard input.count >= shape.count, output.count >= shape.count, (mask?.count ?? shape.count) >= shape.count else {
            throw .shapeMismatch("buffers shorter than grid \(shape)")
        }
        if inference?.shape != shape {
            let cap = trainingDepthCap
            trainingDepthCap = nil
            defer { trainingDepthCap = cap }
            let (ops, shapes) = plan(for: shape)
            inference = InferenceWorkspace(shape: shape, ops: ops, shapes: shapes, width: configuration.width, maxRowLength: maxRowLength)
        }
        let ws = inference!
        let w = configuration.width, g = gain, masked = configuration.masked
        if masked { ws.masks.fill(base: mask, ghosts: configuration.ghostWalls, mirror: configuration.mirrorWalls) }
        parameters.withUnsafeBufferPointer { pb in
            let par = pb.baseAddress!
            for op in ws.ops {
                switch op {
                case .input(let l):
                    GridConvolution.forward(specs[l], ws.shapes[0], parameters: par + offsets[l], input: input.baseAddress!,
                                            output: ws.h[0], col: ws.col, columnCapacity: ws.columnCapacity)
                    if masked { ws.masks.finishConvolution(0, specs[l], parameters: par + offsets[l], input: input.baseAddress!, output: ws.h[0]) }
                case .block(let l, let lv):
                    let s = ws.shapes[lv], h = ws.h[lv], z = ws.z
                    GridConvolution.forward(specs[l], s, parameters: par + offsets[l], input: h, output: z,
                                            col: ws.col, columnCapacity: ws.columnCapacity)
                    if masked { ws.masks.finishConvolution(lv, specs[l], parameters: par + offsets[l], input: h, output: z) }
                    if configuration.linear {
                        for k in 0..<(w * s.count) { h[k] += z[k] }
                    } else {
                        for k in 0..<(w * s.count) { h[k] += max(0, z[k]) }
                    }
                case .pool(let lv):
                    GridConvolution.pool(channels: w, fine: ws.shapes[lv], input: ws.h[lv], output: ws.h[lv + 1])
                case .upAdd(let lv):
                    upAdd(level: lv, fine: ws.shapes[lv], coarse: ws.h[lv + 1], into: ws.h[lv], masks: masked ? ws.masks : nil, scratch: ws.z, gain: g)
                case .output(let l):
                    GridConvolution.forward(specs[l], ws.shapes[0], parameters: par + offsets[l], input: ws.h[0],
                                            output: output.baseAddress!, col: ws.col, columnCapacity: ws.columnCapacity)
                }
            }
        }
    }

    /// `y ← y + g·up(c)`, or `y ← y + g·P_ℓ up(c)` with the level masks (using `scratch`, at
    /// least `width · fine.count` floats, for `up(c)`).
    private func upAdd(level: Int, fine: GridShape, coarse c: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>,
                       masks: LevelMasks?, scratch: UnsafeMutablePointer<Float>, gain g: Float) {
        let w = configuration.width
        let target: UnsafeMutablePointer<Float>
        if masks != nil {
            target = scratch
            target.update(repeating: 0, count: w * fine.count)
        } else {
            target = y
        }
        if configuration.linearInterpolation {
            GridConvolution.interpolateAdd(channels: w, fine: fine, input: c, output: target, gain: g)
        } else {
            GridConvolution.upsampleAdd(channels: w, fine: fine, input: c, output: target, gain: g)
        }
        if let masks {
            masks.project(level, channels: w, target)
            for k in 0..<(w * fine.count) { y[k] += target[k] }
        }
    }

    /// Loads the level masks of a training workspace from a domain's fluid mask (all active when
    /// nil); a no-op for unmasked networks.
    func setMask(_ ws: TrainingWorkspace, _ mask: [Bool]?) {
        guard configuration.masked else { return }
        let p = ws.shapes[0].count
        if let mask {
            precondition(mask.count == p, "DirectionNetwork.setMask: \(mask.count) mask cells for grid \(ws.shapes[0])")
            let m = mask.map { Float($0 ? 1 : 0) }
            m.withUnsafeBufferPointer { ws.masks.fill(base: $0, ghosts: configuration.ghostWalls, mirror: configuration.mirrorWalls) }
        } else {
            ws.masks.fill(base: nil, ghosts: configuration.ghostWalls, mirror: configuration.mirrorWalls)
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
        let (ops, shapes) = plan(for: shape)
        if training?.shape != shape || training?.ops != ops {
            training = TrainingWorkspace(shape: shape, ops: ops, shapes: shapes, width: configuration.width, maxRowLength: maxRowLength)
        }
        return training!
    }

    /// Forward pass keeping every activation: reads `ws.input`, writes `ws.output`.
    /// Every op writes a fresh buffer (`ws.out[i]`); its inputs are recorded in `ws.source`.
    /// A masked network reads the level masks `ws.masks` (filled by `setMask`).
    /// Convolutions use im2col + SGEMM (`GridConvolution.forwardIm2col`), not the direct kernel
    /// `infer` uses, so training is bit-for-bit what it was (shipped models reproduce).
    func trainingForward(_ ws: TrainingWorkspace) {
        let w = configuration.width, g = gain, masked = configuration.masked
        var current = [UnsafeMutablePointer<Float>?](repeating: nil, count: ws.shapes.count)
        parameters.withUnsafeBufferPointer { pb in
            let par = pb.baseAddress!
            for (i, op) in ws.ops.enumerated() {
                switch op {
                case .input(let l):
                    GridConvolution.forwardIm2col(specs[l], ws.shapes[0], parameters: par + offsets[l], input: ws.input,
                                            output: ws.out[i], col: ws.col, columnCapacity: ws.columnCapacity)
                    if masked { ws.masks.finishConvolution(0, specs[l], parameters: par + offsets[l], input: ws.input, output: ws.out[i]) }
                    current[0] = ws.out[i]
                case .block(let l, let lv):
                    let s = ws.shapes[lv], x = current[lv]!, z = ws.z[i], y = ws.out[i]
                    ws.source[i] = x
                    GridConvolution.forwardIm2col(specs[l], s, parameters: par + offsets[l], input: x, output: z,
                                            col: ws.col, columnCapacity: ws.columnCapacity)
                    if masked { ws.masks.finishConvolution(lv, specs[l], parameters: par + offsets[l], input: x, output: z) }
                    if configuration.linear {
                        for k in 0..<(w * s.count) { y[k] = x[k] + z[k] }
                    } else {
                        for k in 0..<(w * s.count) { y[k] = x[k] + max(0, z[k]) }
                    }
                    current[lv] = y
                case .pool(let lv):
                    GridConvolution.pool(channels: w, fine: ws.shapes[lv], input: current[lv]!, output: ws.out[i])
                    current[lv + 1] = ws.out[i]
                case .upAdd(let lv):
                    let y = ws.out[i]
                    y.update(from: current[lv]!, count: w * ws.shapes[lv].count)
                    ws.source[i] = current[lv + 1]!
                    upAdd(level: lv, fine: ws.shapes[lv], coarse: current[lv + 1]!, into: y, masks: masked ? ws.masks : nil, scratch: ws.dz, gain: g)
                    current[lv] = y
                case .output(let l):
                    ws.source[i] = current[0]!
                    GridConvolution.forwardIm2col(specs[l], ws.shapes[0], parameters: par + offsets[l], input: current[0]!,
                                            output: ws.output, col: ws.col, columnCapacity: ws.columnCapacity)
                }
            }
        }
    }

    /// Backward pass after `trainingForward`: `gradient += ∂loss/∂parameters` given
    /// `outputGradient = ∂loss/∂output` (`shape.count` floats).
    func trainingBackward(_ ws: TrainingWorkspace, outputGradient: UnsafePointer<Float>, gradient: UnsafeMutablePointer<Float>) {
        let w = configuration.width, gainValue = gain, masked = configuration.masked
        parameters.withUnsafeBufferPointer { pb in
            let par = pb.baseAddress!
            func back(_ i: Int, _ s: GridShape, input: UnsafePointer<Float>, dOut: UnsafePointer<Float>, dIn: UnsafeMutablePointer<Float>?) {
                GridConvolution.backward(specs[i], s, parameters: par + offsets[i], input: input, outputGradient: dOut,
                                         inputGradient: dIn, parameterGradient: gradient + offsets[i],
                                         col: ws.col, dcol: ws.dcol, columnCapacity: ws.columnCapacity)
            }
            for (i, op) in ws.ops.enumerated().reversed() {
                switch op {
                case .output(let l):
                    ws.g[0].update(repeating: 0, count: w * ws.shapes[0].count)
                    back(l, ws.shapes[0], input: ws.source[i]!, dOut: outputGradient, dIn: ws.g[0])
                case .block(let l, let lv):
                    // y = x + relu(z), z = conv(x): dz = g·[z>0]; g += convᵀ(dz).
                    let n = w * ws.shapes[lv].count, g = ws.g[lv], dz = ws.dz, z = ws.z[i]
                    // Masked: y = x + relu(P z) with z stored after P: dz = Pᵀ(g·[Pz>0]).
                    if configuration.linear {
                        dz.update(from: g, count: n)
                    } else {
                        for k in 0..<n { dz[k] = z[k] > 0 ? g[k] : 0 }
                    }
                    if masked { ws.masks.projectTranspose(lv, channels: w, dz) }
                    back(l, ws.shapes[lv], input: ws.source[i]!, dOut: dz, dIn: g)
                    if masked {
                        ws.masks.mirrorBackward(lv, specs[l], parameters: par + offsets[l], input: ws.source[i]!, outputGradient: dz,
                                                inputGradient: g, parameterGradient: gradient + offsets[l])
                    }
                case .upAdd(let lv):
                    // y = skip + gain·m·up(c): the skip's gradient is g itself; c's is gain·upᵀ(m·g).
                    let gc = ws.g[lv + 1], nc = w * ws.shapes[lv + 1].count
                    var gf = UnsafePointer(ws.g[lv])
                    if masked {
                        ws.dz.update(from: ws.g[lv], count: w * ws.shapes[lv].count)
                        ws.masks.projectTranspose(lv, channels: w, ws.dz)
                        gf = UnsafePointer(ws.dz)
                    }
                    if configuration.linearInterpolation {
                        GridConvolution.interpolateBackward(channels: w, fine: ws.shapes[lv], fineGradient: gf, coarseGradient: gc)
                    } else {
                        GridConvolution.upsampleBackward(channels: w, fine: ws.shapes[lv], fineGradient: gf, coarseGradient: gc)
                    }
                    if let gi = gainIndex {
                        let c = ws.source[i]!
                        var s = 0.0
                        for k in 0..<nc { s += Double(gc[k] * c[k]) }
                        gradient[gi] += Float(s)
                        for k in 0..<nc { gc[k] *= gainValue }
                    }
                case .pool(let lv):
                    GridConvolution.poolBackward(channels: w, fine: ws.shapes[lv], coarseGradient: ws.g[lv + 1], fineGradient: ws.g[lv])
                case .input(let l):
                    if masked { ws.masks.projectTranspose(0, channels: w, ws.g[0]) }
                    back(l, ws.shapes[0], input: ws.input, dOut: ws.g[0], dIn: nil)
                    if masked {
                        ws.masks.mirrorBackward(0, specs[l], parameters: par + offsets[l], input: ws.input, outputGradient: ws.g[0],
                                                inputGradient: nil, parameterGradient: gradient + offsets[l])
                    }
                }
            }
        }
    }
}
