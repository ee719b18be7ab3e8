/// Per-tap mirror walls for masked networks (zero-flux / Neumann walls): a 3×3(×3) convolution
/// tap at an active cell i that points into a solid cell (inside the box) reads x_i instead of
/// the solid cell's (zero) feature, the discrete mirror of a zero normal derivative. Because solid
/// features are zero after masking, this is the ordinary convolution plus a per-wall-cell term
/// `out[f][i] += Σ_c (Σ_{t ∈ S(i)} W[f][c][t]) x[c][i]`, S(i) the solid taps of i. Linear in x and
/// in W; cost O(wall cells · in · out · |S|) per layer, small next to the convolution. Taps that
/// leave the box keep the zero padding (the outer box is Dirichlet).
extension LevelMasks {
    /// Builds `wallCells`/`wallStart`/`wallTaps` of every level: cells with weight > 0 whose
    /// in-box stencil neighbours include a cell with weight 0. O(cells · 3^d).
    func buildWallTaps() {
        for l in 0..<shapes.count {
            let dims = shapes[l].dims, w = weights[l], n = shapes[l].count
            let nx = dims[0], ny = dims[1], nz = dims.count == 3 ? dims[2] : 1
            let offs = GridConvolution.offsets(ConvSpec(inChannels: 1, outChannels: 1, kernel: 3, dimension: dims.count))
            var cells: [Int32] = [], start: [Int32] = [0], taps: [Int32] = []
            for k in 0..<n where w[k] > 0 {
                let x = k % nx, y = (k / nx) % ny, z = k / (nx * ny)
                let before = taps.count
                for (t, o) in offs.enumerated() {
                    let xx = x + o.0, yy = y + o.1, zz = z + o.2
                    guard xx >= 0, xx < nx, yy >= 0, yy < ny, zz >= 0, zz < nz else { continue }
                    if w[xx + nx * (yy + ny * zz)] == 0 { taps.append(Int32(t)) }
                }
                if taps.count > before {
                    cells.append(Int32(k))
                    start.append(Int32(taps.count))
                }
            }
            wallCells[l] = cells
            wallStart[l] = start
            wallTaps[l] = taps
        }
    }

    /// The wall treatment after a kernel-3 convolution at `level`: the mirror term (mirror mode),
    /// then `P_ℓ` on the `spec.outChannels` output channels.
    func finishConvolution(_ level: Int, _ spec: ConvSpec, parameters: UnsafePointer<Float>,
                           input x: UnsafePointer<Float>, output out: UnsafeMutablePointer<Float>) {
        mirrorForward(level, spec, parameters: parameters, input: x, output: out)
        project(level, channels: spec.outChannels, out)
    }

    /// `out += mirror term` for a kernel-3 layer `spec` at `level` (weights at `parameters`).
    func mirrorForward(_ level: Int, _ spec: ConvSpec, parameters: UnsafePointer<Float>,
                       input x: UnsafePointer<Float>, output out: UnsafeMutablePointer<Float>) {
        guard mirror, spec.kernel == 3 else { return }
        let n = shapes[level].count, cin = spec.inChannels, cout = spec.outChannels, nt = spec.taps
        let cells = wallCells[level], start = wallStart[level], taps = wallTaps[level]
        for j in 0..<cells.count {
            let i = Int(cells[j]), a = Int(start[j]), b = Int(start[j + 1])
            for f in 0..<cout {
                var s: Float = 0
                for c in 0..<cin {
                    let row = parameters + (f * cin + c) * nt
                    var ws: Float = 0
                    for t in a..<b { ws += row[Int(taps[t])] }
                    s += ws * x[c * n + i]
                }
                out[f * n + i] += s
            }
        }
    }

    /// Backward of `mirrorForward`: `dW += ∂/∂W`, and `dIn += ∂/∂x` when given.
    func mirrorBackward(_ level: Int, _ spec: ConvSpec, parameters: UnsafePointer<Float>, input x: UnsafePointer<Float>,
                        outputGradient g: UnsafePointer<Float>, inputGradient dIn: UnsafeMutablePointer<Float>?,
                        parameterGradient dW: UnsafeMutablePointer<Float>) {
        guard mirror, spec.kernel == 3 else { return }
        let n = shapes[level].count, cin = spec.inChannels, cout = spec.outChannels, nt = spec.taps
        let cells = wallCells[level], start = wallStart[level], taps = wallTaps[level]
        for j in 0..<cells.count {
            let i = Int(cells[j]), a = Int(start[j]), b = Int(start[j + 1])
            for f in 0..<cout {
                let gi = g[f * n + i]
                for c in 0..<cin {
                    let o = (f * cin + c) * nt, xi = x[c * n + i]
                    var ws: Float = 0
                    for t in a..<b {
                        let tap = Int(taps[t])
                        dW[o + tap] += gi * xi
                        ws += parameters[o + tap]
                    }
                    dIn?[c * n + i] += ws * gi
                }
            }
        }
    }
}
