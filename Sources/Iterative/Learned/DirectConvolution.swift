/// Direct (no im2col, no GEMM) 'same' zero-padded 3^d convolution for the inference forward pass
/// of the DCDM direction network, on channel-major grids (`[channel][cell]`, x fastest).
///
/// Two variants of one loop nest, chosen by line length (`inPlaceThreshold`):
/// - `forwardPadded` (short lines): per output x-line (fixed y, z) the `outChannels` output lines
///   are accumulated in a scratch block (in L1, each line rounded up to whole SIMD vectors),
///   starting from the bias. For every input channel `c` and z-plane `dz` of the stencil the three
///   input rows y−1, y, y+1 are copied into zero-padded scratch rows (one zero before x = 0 and
///   zeros after x = nx − 1; rows outside the grid are all zeros; planes outside are skipped),
///   then every output channel `o` gets one branch-free SIMD pass
///   `acc_o[x] += Σ_{dy,dx} W[o][c][dz,dy,dx] · row_dy[x+dx]` with the 9 weights splatted in
///   registers; the accumulated lines are then copied to the output.
/// - `forwardInPlace` (long lines): the same passes read the input rows where they are and
///   accumulate straight into the output line, with the x edges in scalar code and the last
///   partial vector masked (`edgePass`); rows beyond the y edges read a line of zeros.
///
/// Same result as `GridConvolution`'s im2col + SGEMM path up to float rounding (different
/// summation order). Training keeps the im2col path (its backward pass needs the column matrix).
enum DirectConvolution {
    /// SIMD vector the x loops work in (8 lanes measured fastest on the shipped models, against
    /// 4 and 16, with the default x86-64 code generation).
    typealias Vec = SIMD8<Float>
    /// Floats per `Vec`.
    static var lanes: Int { Vec.scalarCount }

    /// Whether the direct kernel should replace im2col + SGEMM for `spec`: kernel-3 layers with
    /// at most 256 (input, output) channel pairs. Measured (release, one thread, ms per inference
    /// of `poisson --domain lshape --solver dcdm`): width 8 (64 pairs) 1.5–1.8× faster at 64² to
    /// 512² and 64³, width 16 (256 pairs, dcdm2d_g64.bin) 1.4× faster at 256² and 512². Wider
    /// layers were not measured and keep the GEMM, whose cost per multiply-add falls as the
    /// channel counts grow. O(1).
    static func isPreferred(_ spec: ConvSpec) -> Bool {
        spec.kernel == 3 && spec.inChannels * spec.outChannels <= 256
    }

    /// Lines longer than this are convolved in place (`forwardInPlace`: no copies, scalar x edges),
    /// shorter ones from zero-padded row copies (`forwardPadded`: no edge code). Measured (CPU time
    /// of the shipped models' solves): in place is ≈ 10 % faster on the 512-cell lines of a 512²
    /// grid, the padded copies ≈ 8 % faster on the 64-cell lines of a 64³ grid.
    static let inPlaceThreshold = 128

    /// `nx` rounded up to whole vectors. O(1).
    static func paddedLength(_ nx: Int) -> Int { (nx + lanes - 1) / lanes * lanes }

    /// Scratch floats `forward` needs: three padded input rows and `outChannels` accumulator lines.
    /// O(1).
    static func scratchCount(_ spec: ConvSpec, _ shape: GridShape) -> Int {
        let n = paddedLength(shape.nx)
        return 3 * (n + 2) + spec.outChannels * n
    }

    /// `output[o][cell] = Σ_{c,tap} W[o][c][tap] · input[c][cell + offset(tap)] + bias[o]` with zero
    /// padding, for a kernel-3 `spec` on `shape`. `parameters` holds the weights `[out][in][tap]`
    /// followed by the biases when `spec.bias`. `scratch` must hold `scratchCount(spec, shape)`
    /// floats (overwritten). `output` must not overlap `input`. Complexity: O(outChannels ·
    /// inChannels · 3^d · cells) multiply-adds plus O(inChannels · 3^d · cells) copies; no allocation.
    static func forward(_ spec: ConvSpec, _ shape: GridShape, parameters: UnsafePointer<Float>,
                        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                        scratch: UnsafeMutablePointer<Float>) {
        precondition(spec.kernel == 3, "DirectConvolution handles kernel-3 layers only")
        if shape.nx > inPlaceThreshold {
            forwardInPlace(spec, shape, parameters: parameters, input: input, output: output, scratch: scratch)
        } else {
            forwardPadded(spec, shape, parameters: parameters, input: input, output: output, scratch: scratch)
        }
    }

    /// `forward` from zero-padded copies of the input rows (see the type's description); `scratch`
    /// holds `scratchCount(spec, shape)` floats. O(outChannels · inChannels · 3^d · cells)
    /// multiply-adds plus O(inChannels · 3^d · cells) copies; no allocation.
    static func forwardPadded(_ spec: ConvSpec, _ shape: GridShape, parameters: UnsafePointer<Float>,
                              input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                              scratch: UnsafeMutablePointer<Float>) {
        let nx = shape.nx, ny = shape.dims[1], nz = shape.dims.count == 3 ? shape.dims[2] : 1
        let p = shape.count, taps = spec.taps, cin = spec.inChannels, cout = spec.outChannels
        let threeD = spec.dimension == 3
        let n = paddedLength(nx), rowLength = n + 2, vectors = n / lanes
        let rows = (scratch, scratch + rowLength, scratch + 2 * rowLength)
        let acc = scratch + 3 * rowLength
        let planeCount = nx * ny
        for z in 0..<nz {
            let dzLow = threeD && z > 0 ? -1 : 0, dzHigh = threeD && z + 1 < nz ? 1 : 0
            for y in 0..<ny {
                let line = y + ny * z
                for o in 0..<cout {
                    (acc + o * n).update(repeating: spec.bias ? parameters[spec.weightCount + o] : 0, count: n)
                }
                for c in 0..<cin {
                    let src = input + c * p
                    for dz in dzLow...dzHigh {
                        let plane = src + (z + dz) * planeCount
                        padRow(rows.0, y > 0 ? plane + (y - 1) * nx : nil, nx: nx, length: rowLength)
                        padRow(rows.1, plane + y * nx, nx: nx, length: rowLength)
                        padRow(rows.2, y + 1 < ny ? plane + (y + 1) * nx : nil, nx: nx, length: rowLength)
                        let w = parameters + c * taps + (threeD ? (dz + 1) * 9 : 0)
                        for o in 0..<cout {
                            pass(acc + o * n, vectors: vectors, rows.0, rows.1, rows.2, w + o * spec.rowLength)
                        }
                    }
                }
                for o in 0..<cout {
                    (output + o * p + line * nx).update(from: acc + o * n, count: nx)
                }
            }
        }
    }

    /// `forward` for long lines, reading the input rows in place: per output channel and line,
    /// one pass per (input channel, z-plane) with the x edges in scalar code (`edgePass`); rows
    /// beyond the y edges read `scratch[0 ..< nx]`, set to zeros. O(outChannels · inChannels ·
    /// 3^d · cells), no copies, no allocation.
    static func forwardInPlace(_ spec: ConvSpec, _ shape: GridShape, parameters: UnsafePointer<Float>,
                               input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>,
                               scratch: UnsafeMutablePointer<Float>) {
        let nx = shape.nx, ny = shape.dims[1], nz = shape.dims.count == 3 ? shape.dims[2] : 1
        let p = shape.count, taps = spec.taps, cin = spec.inChannels
        let threeD = spec.dimension == 3
        scratch.update(repeating: 0, count: nx)
        let zero = UnsafePointer(scratch)
        let planeCount = nx * ny
        for z in 0..<nz {
            let dzLow = threeD && z > 0 ? -1 : 0, dzHigh = threeD && z + 1 < nz ? 1 : 0
            for y in 0..<ny {
                let line = y + ny * z
                for o in 0..<spec.outChannels {
                    let dst = output + o * p + line * nx
                    dst.update(repeating: spec.bias ? parameters[spec.weightCount + o] : 0, count: nx)
                    let wo = parameters + o * spec.rowLength
                    for c in 0..<cin {
                        let src = input + c * p
                        for dz in dzLow...dzHigh {
                            let plane = src + (z + dz) * planeCount
                            let w = wo + c * taps + (threeD ? (dz + 1) * 9 : 0)
                            edgePass(dst, nx: nx,
                                 y > 0 ? plane + (y - 1) * nx : zero,
                                 plane + y * nx,
                                 y + 1 < ny ? plane + (y + 1) * nx : zero,
                                 w)
                        }
                    }
                }
            }
        }
    }


    /// `dst[1 ..< 1+nx] = src[0 ..< nx]` (zeros when `src` is nil), zeros elsewhere in
    /// `dst[0 ..< length]`. O(length).
    @inline(__always)
    static func padRow(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>?, nx: Int, length: Int) {
        guard let src else { dst.update(repeating: 0, count: length); return }
        dst[0] = 0
        (dst + 1).update(from: src, count: nx)
        (dst + 1 + nx).update(repeating: 0, count: length - 1 - nx)
    }

    /// One 3×3 plane of the stencil along a line: `dst[x] += Σ_{r,k} w[3r+k] · rows_r[x+k]` for
    /// x in 0 ..< vectors · lanes (padded rows: `rows_r[x+1]` holds input x). `w` holds 9 weights,
    /// row r = dy + 1 (r0 is the y−1 row). O(vectors · lanes), branch-free SIMD.
    @inline(__always)
    static func pass(_ dst: UnsafeMutablePointer<Float>, vectors: Int, _ r0: UnsafePointer<Float>,
                     _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ w: UnsafePointer<Float>) {
        let v0 = Vec(repeating: w[0]), v1 = Vec(repeating: w[1]), v2 = Vec(repeating: w[2])
        let v3 = Vec(repeating: w[3]), v4 = Vec(repeating: w[4]), v5 = Vec(repeating: w[5])
        let v6 = Vec(repeating: w[6]), v7 = Vec(repeating: w[7]), v8 = Vec(repeating: w[8])
        var x = 0
        for _ in 0..<vectors {
            let s0 = v0 * load(r0 + x) + v1 * load(r0 + x + 1) + v2 * load(r0 + x + 2)
            let s1 = v3 * load(r1 + x) + v4 * load(r1 + x + 1) + v5 * load(r1 + x + 2)
            let s2 = v6 * load(r2 + x) + v7 * load(r2 + x + 1) + v8 * load(r2 + x + 2)
            store(load(dst + x) + ((s0 + s1) + s2), dst + x)
            x += lanes
        }
    }

    /// One 3×3 plane of the stencil along a line: `dst[x] += Σ_{r,k} w[3r+k] · rows_r[x+k−1]` for
    /// x in 0..<nx, with `rows_r[−1] = rows_r[nx] = 0`. `w` holds 9 weights, row r = dy + 1
    /// (r0 is the y−1 row). O(nx) with SIMD vectors in the interior; scalar at the two edges and
    /// for lines shorter than `lanes + 2`.
    @inline(__always)
    static func edgePass(_ dst: UnsafeMutablePointer<Float>, nx: Int, _ r0: UnsafePointer<Float>,
                     _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>, _ w: UnsafePointer<Float>) {
        let w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7], w8 = w[8]
        if nx == 1 {
            dst[0] += (w1 * r0[0] + w4 * r1[0]) + w7 * r2[0]
            return
        }
        // x = 0: no x−1 tap.
        dst[0] += (w1 * r0[0] + w2 * r0[1]) + (w4 * r1[0] + w5 * r1[1]) + (w7 * r2[0] + w8 * r2[1])
        // x = nx − 1: no x+1 tap.
        let e = nx - 1
        dst[e] += (w0 * r0[e - 1] + w1 * r0[e]) + (w3 * r1[e - 1] + w4 * r1[e]) + (w6 * r2[e - 1] + w7 * r2[e])
        let n = lanes
        if nx < n + 2 {
            for x in 1..<e { dst[x] += scalarTaps(x, r0, r1, r2, w0, w1, w2, w3, w4, w5, w6, w7, w8) }
            return
        }
        let v0 = Vec(repeating: w0), v1 = Vec(repeating: w1), v2 = Vec(repeating: w2)
        let v3 = Vec(repeating: w3), v4 = Vec(repeating: w4), v5 = Vec(repeating: w5)
        let v6 = Vec(repeating: w6), v7 = Vec(repeating: w7), v8 = Vec(repeating: w8)
        @inline(__always) func taps(_ x: Int) -> Vec {
            let s0 = v0 * load(r0 + x - 1) + v1 * load(r0 + x) + v2 * load(r0 + x + 1)
            let s1 = v3 * load(r1 + x - 1) + v4 * load(r1 + x) + v5 * load(r1 + x + 1)
            let s2 = v6 * load(r2 + x - 1) + v7 * load(r2 + x) + v8 * load(r2 + x + 1)
            return (s0 + s1) + s2
        }
        // Interior x = 1 ..< nx − 1 in whole vectors; the last, partial one is done as the vector
        // ending at nx − 2 with the lanes already done zeroed.
        var x = 1
        while x + n <= e {
            store(load(dst + x) + taps(x), dst + x)
            x += n
        }
        if x < e {
            let xt = e - n, done = x - xt
            let s = taps(xt).replacing(with: 0, where: laneIndices .< Vec(repeating: Float(done)))
            store(load(dst + xt) + s, dst + xt)
        }
    }

    /// The 9-tap sum at an interior x (scalar). O(1).
    @inline(__always)
    static func scalarTaps(_ x: Int, _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>, _ r2: UnsafePointer<Float>,
                           _ w0: Float, _ w1: Float, _ w2: Float, _ w3: Float, _ w4: Float, _ w5: Float,
                           _ w6: Float, _ w7: Float, _ w8: Float) -> Float {
        let s0 = w0 * r0[x - 1] + w1 * r0[x] + w2 * r0[x + 1]
        let s1 = w3 * r1[x - 1] + w4 * r1[x] + w5 * r1[x + 1]
        let s2 = w6 * r2[x - 1] + w7 * r2[x] + w8 * r2[x + 1]
        return (s0 + s1) + s2
    }

    /// The vector (0, 1, …, lanes − 1). O(1).
    @inline(__always)
    static var laneIndices: Vec { Vec(0, 1, 2, 3, 4, 5, 6, 7) }

    /// Unaligned SIMD load of `lanes` floats at `p`. O(1).
    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Vec {
        UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
    }

    /// Unaligned SIMD store of `v` at `p`. O(1).
    @inline(__always)
    static func store(_ v: Vec, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec.self)
    }
}
