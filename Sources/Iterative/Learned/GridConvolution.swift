import CBLAS

/// Shape of a 2-D or 3-D grid for the convolutional network: cells per axis, first index fastest.
public struct GridShape: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Cells per axis (2 or 3 entries).
    public let dims: [Int]
    /// A shape with the given sizes (2 or 3 positive entries; checked by the callers that build
    /// networks and domains).
    public init(_ dims: [Int]) { self.dims = dims }
    /// Number of cells.
    public var count: Int { dims.reduce(1, *) }
    /// Cells along x (the contiguous axis).
    var nx: Int { dims[0] }
    /// Number of x-lines (count / nx).
    var lines: Int { count / dims[0] }
    /// The shape after one 2× average pool (sizes rounded up).
    public var halved: GridShape { GridShape(dims.map { ($0 + 1) / 2 }) }
    /// A one-line human-readable description (`CustomStringConvertible`).
    public var description: String { dims.map(String.init).joined(separator: "x") }
}

/// A convolution layer's geometry: `out` channels from `in` channels with a `kernel`^d stencil
/// (kernel 3 with zero 'same' padding, or 1). Weights are laid out `[out][in][tap]`, taps ordered
/// z-, y-, x-offset with x fastest; then `out` biases when `bias` is set.
struct ConvSpec: Equatable, Sendable {
    let inChannels: Int
    let outChannels: Int
    let kernel: Int
    let dimension: Int
    /// Whether the layer has `outChannels` biases after its weights.
    var bias: Bool = true
    var taps: Int { kernel == 1 ? 1 : (dimension == 3 ? 27 : 9) }
    var rowLength: Int { inChannels * taps }
    var weightCount: Int { outChannels * rowLength }
    var parameterCount: Int { weightCount + (bias ? outChannels : 0) }
}

/// im2col + SGEMM convolution kernels on channel-major grids (`[channel][cell]`).
///
/// The im2col matrix is built in chunks of whole x-lines so its size is bounded by the caller's
/// column buffer (`columnCapacity` floats), whatever the grid size.
enum GridConvolution {
    /// Tap offsets (dx, dy, dz) in weight order.
    static func offsets(_ spec: ConvSpec) -> [(Int, Int, Int)] {
        if spec.kernel == 1 { return [(0, 0, 0)] }
        var o: [(Int, Int, Int)] = []
        let zr = spec.dimension == 3 ? -1...1 : 0...0
        for dz in zr { for dy in -1...1 { for dx in -1...1 { o.append((dx, dy, dz)) } } }
        return o
    }

    /// Lines per chunk so that `rowLength · lines · nx ≤ capacity` (at least one line).
    static func linesPerChunk(_ spec: ConvSpec, _ shape: GridShape, capacity: Int) -> Int {
        max(1, min(shape.lines, capacity / max(1, spec.rowLength * shape.nx)))
    }

    /// Fills `col[row][m]` (m = points in lines l0..<l1) for `input[c][cell]`.
    static func im2col(_ spec: ConvSpec, _ shape: GridShape, input: UnsafePointer<Float>,
                       col: UnsafeMutablePointer<Float>, l0: Int, l1: Int) {
        let nx = shape.nx, ny = shape.dims[1], nz = shape.dims.count == 3 ? shape.dims[2] : 1
        let p = shape.count, m = (l1 - l0) * nx
        let offs = offsets(spec)
        for c in 0..<spec.inChannels {
            let src = input + c * p
            for (t, (dx, dy, dz)) in offs.enumerated() {
                let rowBase = col + (c * spec.taps + t) * m
                for l in l0..<l1 {
                    let dst = rowBase + (l - l0) * nx
                    let y = l % ny + dy, z = l / ny + dz
                    if y < 0 || y >= ny || z < 0 || z >= nz {
                        dst.update(repeating: 0, count: nx)
                        continue
                    }
                    let s = src + (y + ny * z) * nx
                    if dx == 0 {
                        dst.update(from: s, count: nx)
                    } else if dx > 0 {
                        if nx > 1 { dst.update(from: s + 1, count: nx - 1) }
                        dst[nx - 1] = 0
                    } else {
                        if nx > 1 { (dst + 1).update(from: s, count: nx - 1) }
                        dst[0] = 0
                    }
                }
            }
        }
    }

    /// `grad[c][cell] += col[row][m]` scattered back (adjoint of `im2col`).
    static func col2im(_ spec: ConvSpec, _ shape: GridShape, col: UnsafePointer<Float>,
                       grad: UnsafeMutablePointer<Float>, l0: Int, l1: Int) {
        let nx = shape.nx, ny = shape.dims[1], nz = shape.dims.count == 3 ? shape.dims[2] : 1
        let p = shape.count, m = (l1 - l0) * nx
        let offs = offsets(spec)
        for c in 0..<spec.inChannels {
            let dstBase = grad + c * p
            for (t, (dx, dy, dz)) in offs.enumerated() {
                let rowBase = col + (c * spec.taps + t) * m
                for l in l0..<l1 {
                    let y = l % ny + dy, z = l / ny + dz
                    if y < 0 || y >= ny || z < 0 || z >= nz { continue }
                    let s = rowBase + (l - l0) * nx
                    let d = dstBase + (y + ny * z) * nx
                    if dx == 0 {
                        for x in 0..<nx { d[x] += s[x] }
                    } else if dx > 0 {
                        for x in 0..<(nx - 1) { d[x + 1] += s[x] }
                    } else {
                        for x in 1..<max(1, nx) { d[x - 1] += s[x] }
                    }
                }
            }
        }
    }

    /// `output[f][cell] = Σ W[f][row] col[row][cell] + bias[f]`.
    /// `parameters` points at the layer's weights followed by its biases; `col` holds
    /// `columnCapacity` floats, at least `rowLength · nx`. Kernel-3 layers with few channels
    /// (`DirectConvolution.isPreferred`) use the direct kernel (same result to float rounding)
    /// with `col` as its scratch when it is large enough (`DirectConvolution.scratchCount`), the
    /// others im2col + SGEMM (`forwardIm2col`). O(outChannels · rowLength · cells).
    static func forward(_ spec: ConvSpec, _ shape: GridShape, parameters: UnsafePointer<Float>,
                        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                        col: UnsafeMutablePointer<Float>, columnCapacity: Int) {
        if DirectConvolution.isPreferred(spec), columnCapacity >= DirectConvolution.scratchCount(spec, shape) {
            DirectConvolution.forward(spec, shape, parameters: parameters, input: input, output: output, scratch: col)
            return
        }
        forwardIm2col(spec, shape, parameters: parameters, input: input, output: output, col: col, columnCapacity: columnCapacity)
    }

    /// `forward` by im2col (in chunks of whole lines bounded by `columnCapacity`) + SGEMM, for any
    /// layer. O(outChannels · rowLength · cells) multiply-adds plus O(rowLength · cells) copies.
    static func forwardIm2col(_ spec: ConvSpec, _ shape: GridShape, parameters: UnsafePointer<Float>,
                              input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                              col: UnsafeMutablePointer<Float>, columnCapacity: Int) {
        let p = shape.count, nx = shape.nx, k = spec.rowLength, f = spec.outChannels
        if spec.kernel == 1 {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(f), Int32(p), Int32(k), 1,
                        parameters, Int32(k), input, Int32(p), 0, output, Int32(p))
        } else {
            let step = linesPerChunk(spec, shape, capacity: columnCapacity)
            var l0 = 0
            while l0 < shape.lines {
                let l1 = min(shape.lines, l0 + step), m = (l1 - l0) * nx
                im2col(spec, shape, input: input, col: col, l0: l0, l1: l1)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(f), Int32(m), Int32(k), 1,
                            parameters, Int32(k), col, Int32(m), 0, output + l0 * nx, Int32(p))
                l0 = l1
            }
        }
        guard spec.bias else { return }
        let bias = parameters + spec.weightCount
        for o in 0..<f {
            let b = bias[o], row = output + o * p
            for i in 0..<p { row[i] += b }
        }
    }

    /// Backward pass: accumulates `dParameters += ∂/∂(W, b)` and, when `inputGradient` is given,
    /// `inputGradient += Wᵀ ⋆ outputGradient`. `dcol` must hold `columnCapacity` floats.
    static func backward(_ spec: ConvSpec, _ shape: GridShape, parameters: UnsafePointer<Float>,
                         input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                         inputGradient: UnsafeMutablePointer<Float>?, parameterGradient: UnsafeMutablePointer<Float>,
                         col: UnsafeMutablePointer<Float>, dcol: UnsafeMutablePointer<Float>, columnCapacity: Int) {
        let p = shape.count, nx = shape.nx, k = spec.rowLength, f = spec.outChannels
        if spec.kernel == 1 {
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(f), Int32(k), Int32(p), 1,
                        outputGradient, Int32(p), input, Int32(p), 1, parameterGradient, Int32(k))
            if let g = inputGradient {
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(p), Int32(f), 1,
                            parameters, Int32(k), outputGradient, Int32(p), 1, g, Int32(p))
            }
        } else {
            let step = linesPerChunk(spec, shape, capacity: columnCapacity)
            var l0 = 0
            while l0 < shape.lines {
                let l1 = min(shape.lines, l0 + step), m = (l1 - l0) * nx
                im2col(spec, shape, input: input, col: col, l0: l0, l1: l1)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(f), Int32(k), Int32(m), 1,
                            outputGradient + l0 * nx, Int32(p), col, Int32(m), 1, parameterGradient, Int32(k))
                if let g = inputGradient {
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(k), Int32(m), Int32(f), 1,
                                parameters, Int32(k), outputGradient + l0 * nx, Int32(p), 0, dcol, Int32(m))
                    col2im(spec, shape, col: dcol, grad: g, l0: l0, l1: l1)
                }
                l0 = l1
            }
        }
        guard spec.bias else { return }
        let db = parameterGradient + spec.weightCount
        for o in 0..<f {
            var s: Float = 0
            let row = outputGradient + o * p
            for i in 0..<p { s += row[i] }
            db[o] += s
        }
    }

    /// 2× average pool per channel (cells beyond an odd edge count as zero; divisor 2^d).
    static func pool(channels: Int, fine: GridShape, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let coarse = fine.halved
        let pc = coarse.count, pf = fine.count
        let scale = Float(1) / Float(1 << fine.dims.count)
        for c in 0..<channels {
            let o = output + c * pc, s = input + c * pf
            o.update(repeating: 0, count: pc)
            forEachFine(fine) { fi, ci in o[ci] += s[fi] }
            for i in 0..<pc { o[i] *= scale }
        }
    }

    /// Adjoint of `pool`: `fineGradient += coarseGradient(parent) / 2^d`.
    static func poolBackward(channels: Int, fine: GridShape, coarseGradient: UnsafePointer<Float>, fineGradient: UnsafeMutablePointer<Float>) {
        let pc = fine.halved.count, pf = fine.count
        let scale = Float(1) / Float(1 << fine.dims.count)
        for c in 0..<channels {
            let g = coarseGradient + c * pc, d = fineGradient + c * pf
            forEachFine(fine) { fi, ci in d[fi] += scale * g[ci] }
        }
    }

    /// Nearest-neighbour 2× upsampling times `gain`, added to `output` (which holds the skip features).
    static func upsampleAdd(channels: Int, fine: GridShape, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, gain: Float = 1) {
        let pc = fine.halved.count, pf = fine.count
        for c in 0..<channels {
            let s = input + c * pc, o = output + c * pf
            if gain == 1 {
                forEachFine(fine) { fi, ci in o[fi] += s[ci] }
            } else {
                forEachFine(fine) { fi, ci in o[fi] += gain * s[ci] }
            }
        }
    }

    /// Adjoint of `upsampleAdd`: `coarseGradient = Σ children fineGradient` (overwrites).
    static func upsampleBackward(channels: Int, fine: GridShape, fineGradient: UnsafePointer<Float>, coarseGradient: UnsafeMutablePointer<Float>) {
        let pc = fine.halved.count, pf = fine.count
        for c in 0..<channels {
            let g = fineGradient + c * pf, d = coarseGradient + c * pc
            d.update(repeating: 0, count: pc)
            forEachFine(fine) { fi, ci in d[ci] += g[fi] }
        }
    }

    /// Cell-centred (bi/tri)linear 2× interpolation times `gain`, added to `output`: per axis a fine
    /// cell takes 3/4 of its parent and 1/4 of the parent's neighbour on its side (zero beyond the
    /// grid edge, as for Dirichlet walls). Exact for coarse fields linear in the interior.
    static func interpolateAdd(channels: Int, fine: GridShape, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, gain: Float = 1) {
        let pc = fine.halved.count, pf = fine.count
        for c in 0..<channels {
            let s = input + c * pc, o = output + c * pf
            forEachFineLinear(fine) { fi, ci, w in o[fi] += gain * w * s[ci] }
        }
    }

    /// Adjoint of `interpolateAdd` (gain 1): `coarseGradient = Iᵀ fineGradient` (overwrites).
    static func interpolateBackward(channels: Int, fine: GridShape, fineGradient: UnsafePointer<Float>, coarseGradient: UnsafeMutablePointer<Float>) {
        let pc = fine.halved.count, pf = fine.count
        for c in 0..<channels {
            let g = fineGradient + c * pf, d = coarseGradient + c * pc
            d.update(repeating: 0, count: pc)
            forEachFineLinear(fine) { fi, ci, w in d[ci] += w * g[fi] }
        }
    }

    /// Per axis of size n: each fine index's parent, the parent's neighbour on its side (the parent
    /// again when outside the coarse grid) and that neighbour's weight (1/4, or 0 outside).
    static func linearAxis(_ n: Int) -> (near: [Int], far: [Int], farWeight: [Float]) {
        let nc = (n + 1) / 2
        var near = [Int](), far = [Int](), w = [Float]()
        for x in 0..<n {
            let i = x / 2, j = x % 2 == 0 ? i - 1 : i + 1
            let ok = j >= 0 && j < nc
            near.append(i); far.append(ok ? j : i); w.append(ok ? 0.25 : 0)
        }
        return (near, far, w)
    }

    /// Calls `body(fineIndex, coarseIndex, weight)` for the 2^d interpolation terms of every fine cell.
    @inline(__always)
    static func forEachFineLinear(_ fine: GridShape, _ body: (Int, Int, Float) -> Void) {
        let nx = fine.nx, ny = fine.dims[1], nz = fine.dims.count == 3 ? fine.dims[2] : 1
        let cx = (nx + 1) / 2, cy = (ny + 1) / 2
        let ax = linearAxis(nx), ay = linearAxis(ny), az = linearAxis(nz)
        let threeD = fine.dims.count == 3
        var fi = 0
        for z in 0..<nz {
            let zs = threeD ? [(az.near[z], Float(0.75)), (az.far[z], az.farWeight[z])] : [(0, Float(1))]
            for y in 0..<ny {
                let ys = [(ay.near[y], Float(0.75)), (ay.far[y], ay.farWeight[y])]
                for x in 0..<nx {
                    let xn = ax.near[x], xf = ax.far[x], wf = ax.farWeight[x]
                    for (cz, wz) in zs {
                        for (yy, wy) in ys {
                            let base = (cz * cy + yy) * cx, w = wz * wy
                            body(fi, base + xn, w * 0.75)
                            body(fi, base + xf, w * wf)
                        }
                    }
                    fi += 1
                }
            }
        }
    }

    /// Calls `body(fineIndex, coarseIndex)` for every fine cell.
    @inline(__always)
    static func forEachFine(_ fine: GridShape, _ body: (Int, Int) -> Void) {
        let nx = fine.nx, ny = fine.dims[1], nz = fine.dims.count == 3 ? fine.dims[2] : 1
        let cx = (nx + 1) / 2, cy = (ny + 1) / 2
        var fi = 0
        for z in 0..<nz {
            for y in 0..<ny {
                let cbase = ((z / 2) * cy + y / 2) * cx
                for x in 0..<nx {
                    body(fi, cbase + x / 2)
                    fi += 1
                }
            }
        }
    }
}
