import Testing
@testable import Iterative

@Suite struct DirectConvolutionTests {
    /// Runs the direct kernel and the im2col + SGEMM path on random weights, biases and inputs and
    /// returns (max |difference|, max |im2col output|).
    /// Both variants (`forwardPadded`, `forwardInPlace`) are compared, whatever the line length.
    static func compare(_ spec: ConvSpec, _ shape: GridShape, seed: UInt64) -> (diff: Float, scale: Float) {
        var rng = SplitMix64(seed: seed)
        let params = (0..<spec.parameterCount).map { _ in Float(rng.nextGaussian()) }
        let x = (0..<(spec.inChannels * shape.count)).map { _ in Float(rng.nextGaussian()) }
        // Pre-filled with garbage: both paths must overwrite every output.
        var direct = [Float](repeating: .nan, count: spec.outChannels * shape.count)
        var inPlace = direct, viaForward = direct
        var gemm = [Float](repeating: 7, count: direct.count)
        var col = [Float](repeating: 0, count: spec.rowLength * shape.count)
        var scratch = [Float](repeating: 3, count: DirectConvolution.scratchCount(spec, shape))
        params.withUnsafeBufferPointer { pb in
            DirectConvolution.forwardPadded(spec, shape, parameters: pb.baseAddress!, input: x, output: &direct, scratch: &scratch)
            DirectConvolution.forwardInPlace(spec, shape, parameters: pb.baseAddress!, input: x, output: &inPlace, scratch: &scratch)
            DirectConvolution.forward(spec, shape, parameters: pb.baseAddress!, input: x, output: &viaForward, scratch: &scratch)
            GridConvolution.forwardIm2col(spec, shape, parameters: pb.baseAddress!, input: x, output: &gemm,
                                          col: &col, columnCapacity: col.count)
        }
        var diff: Float = 0, scale: Float = 1
        for i in 0..<direct.count {
            for d in [direct[i], inPlace[i], viaForward[i]] {
                let e = abs(d - gemm[i])
                diff = max(diff, e.isNaN ? .infinity : e)
            }
            scale = max(scale, abs(gemm[i]))
        }
        return (diff, scale)
    }

    static let channelPairs = [(1, 8), (8, 8), (8, 1), (3, 5)]

    /// 2-D: odd sizes, size 1 along an axis, lines shorter than, equal to and longer than a SIMD
    /// vector plus the two edge cells (scalar path, exact vectors, masked tail vector), and lines
    /// longer than `inPlaceThreshold`.
    @Test func matchesIm2colIn2D() {
        Self.checkShapes([[7, 5], [1, 5], [7, 1], [1, 1], [2, 3], [3, 2], [9, 3], [10, 2], [11, 4], [13, 4], [18, 3], [33, 5], [131, 3], [136, 2]], seed: 1)
    }

    /// Every channel pair, with and without bias, on each shape: direct = im2col to 1e-5.
    static func checkShapes(_ shapes: [[Int]], seed first: UInt64) {
        var seed = first
        for dims in shapes {
            for (cin, cout) in channelPairs {
                for bias in [true, false] {
                    let spec = ConvSpec(inChannels: cin, outChannels: cout, kernel: 3, dimension: dims.count, bias: bias)
                    let r = compare(spec, GridShape(dims), seed: seed)
                    seed += 1
                    #expect(r.diff <= 1e-5 * r.scale, "\(dims) \(cin)->\(cout) bias \(bias): diff \(r.diff)")
                }
            }
        }
    }

    /// 3-D: odd sizes, size 1 along each axis, short and long x-lines.
    @Test func matchesIm2colIn3D() {
        Self.checkShapes([[5, 4, 3], [1, 4, 3], [5, 1, 3], [5, 4, 1], [1, 1, 1], [2, 2, 2], [11, 3, 2], [17, 2, 3], [10, 3, 4], [130, 2, 2]], seed: 100)
    }

    /// `GridConvolution.forward` picks the direct kernel for the narrow layers and the result does
    /// not depend on the column-buffer size (the im2col path's chunking).
    @Test func dispatchAndChunkingAgree() {
        let narrow = ConvSpec(inChannels: 8, outChannels: 8, kernel: 3, dimension: 2)
        let wide = ConvSpec(inChannels: 32, outChannels: 32, kernel: 3, dimension: 2)
        #expect(DirectConvolution.inPlaceThreshold < 130, "the long-line shapes above must reach forwardInPlace")
        #expect(DirectConvolution.isPreferred(narrow))
        #expect(!DirectConvolution.isPreferred(wide))
        #expect(!DirectConvolution.isPreferred(ConvSpec(inChannels: 8, outChannels: 1, kernel: 1, dimension: 2)))
        let shape = GridShape([12, 7])
        var rng = SplitMix64(seed: 9)
        let params = (0..<narrow.parameterCount).map { _ in Float(rng.nextGaussian()) }
        let x = (0..<(8 * shape.count)).map { _ in Float(rng.nextGaussian()) }
        var a = [Float](repeating: 0, count: 8 * shape.count), b = a
        var col = [Float](repeating: 0, count: narrow.rowLength * shape.count)
        params.withUnsafeBufferPointer { pb in
            GridConvolution.forward(narrow, shape, parameters: pb.baseAddress!, input: x, output: &a,
                                    col: &col, columnCapacity: narrow.rowLength * shape.nx)
            GridConvolution.forwardIm2col(narrow, shape, parameters: pb.baseAddress!, input: x, output: &b,
                                          col: &col, columnCapacity: narrow.rowLength * shape.nx * 2)
        }
        for i in 0..<a.count { #expect(abs(a[i] - b[i]) <= 1e-5 * max(1, abs(b[i]))) }
        // A column buffer too small for the direct kernel's scratch falls back to im2col.
        let tiny = ConvSpec(inChannels: 1, outChannels: 8, kernel: 3, dimension: 2)
        let one = GridShape([1, 1])
        #expect(DirectConvolution.scratchCount(tiny, one) > tiny.rowLength)
        var y = [Float](repeating: .nan, count: 8), c9 = [Float](repeating: 0, count: tiny.rowLength)
        params.withUnsafeBufferPointer { pb in
            GridConvolution.forward(tiny, one, parameters: pb.baseAddress!, input: [2], output: &y, col: &c9,
                                    columnCapacity: tiny.rowLength)
        }
        for o in 0..<8 { #expect(abs(y[o] - (2 * params[o * 9 + 4] + params[tiny.weightCount + o])) <= 1e-5 * max(1, abs(y[o]))) }
    }
}
