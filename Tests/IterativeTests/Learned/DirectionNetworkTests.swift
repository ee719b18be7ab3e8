import Testing
import Foundation
import SparseLA
@testable import Iterative

@Suite struct DirectionNetworkTests {
    static let tiny2D = DirectionNetworkConfiguration(dimension: 2, width: 3, fullResolutionBlocks: 1,
                                                      halfResolutionBlocks: 1, postUpsamplingBlocks: 1)

    /// ∂(wᵀ f(x))/∂θ from backward vs central differences, on a few parameters of each layer.
    func gradientCheck(_ config: DirectionNetworkConfiguration, shape: GridShape) throws {
        let net = try DirectionNetwork(configuration: config, seed: 7)
        // Non-zero biases so every code path is exercised.
        var rng = SplitMix64(seed: 3)
        for i in 0..<net.parameterCount where net.parameters[i] == 0 { net.parameters[i] = Float(0.1 * rng.nextGaussian()) }
        let p = shape.count
        let x = (0..<p).map { _ in Float(rng.nextGaussian()) }
        let w = (0..<p).map { _ in Float(rng.nextGaussian()) }
        let ws = net.trainingWorkspace(shape)
        func objective() -> Double {
            for i in 0..<p { ws.input[i] = x[i] }
            net.trainingForward(ws)
            var s = 0.0
            for i in 0..<p { s += Double(w[i]) * Double(ws.output[i]) }
            return s
        }
        _ = objective()
        var grad = [Float](repeating: 0, count: net.parameterCount)
        w.withUnsafeBufferPointer { wb in
            grad.withUnsafeMutableBufferPointer { net.trainingBackward(ws, outputGradient: wb.baseAddress!, gradient: $0.baseAddress!) }
        }
        var checked = 0, bad = 0
        for (li, spec) in net.specs.enumerated() {
            for k in stride(from: 0, to: spec.parameterCount, by: max(1, spec.parameterCount / 6)) {
                let idx = net.offsets[li] + k
                let old = net.parameters[idx]
                let h: Float = 2e-3
                net.parameters[idx] = old + h
                let fp = objective()
                net.parameters[idx] = old - h
                let fm = objective()
                net.parameters[idx] = old
                let fd = (fp - fm) / Double(2 * h)
                let g = Double(grad[idx])
                checked += 1
                if abs(fd - g) > 2e-2 * max(1, abs(g)) { bad += 1; print("param \(idx) layer \(li): fd \(fd) backward \(g)") }
            }
        }
        #expect(checked > 20)
        // Allow one mismatch from a ReLU kink crossed by the finite difference.
        #expect(bad <= 1)
    }

    @Test func gradientMatchesFiniteDifferences2D() throws {
        try gradientCheck(Self.tiny2D, shape: GridShape([6, 5]))
    }

    @Test func gradientMatchesFiniteDifferences3D() throws {
        var c = Self.tiny2D
        c.dimension = 3
        try gradientCheck(c, shape: GridShape([4, 3, 4]))
    }

    @Test func lossGradientMatchesFiniteDifferences() {
        let a = CSRMatrix.laplacian2D(5)
        let n = a.rows
        var rng = SplitMix64(seed: 5)
        let b = (0..<n).map { _ in rng.nextGaussian() }
        var y = (0..<n).map { _ in rng.nextGaussian() }
        var g = [Double](repeating: 0, count: n), scratch = [Double](repeating: 0, count: 2 * n), tmp = g
        _ = ScaleInvariantLoss.evaluate(a, b: b, y: y, gradient: &g, scratch: &scratch)
        for i in [0, 7, 13, 24] {
            let old = y[i], h = 1e-6
            y[i] = old + h
            let fp = ScaleInvariantLoss.evaluate(a, b: b, y: y, gradient: &tmp, scratch: &scratch)
            y[i] = old - h
            let fm = ScaleInvariantLoss.evaluate(a, b: b, y: y, gradient: &tmp, scratch: &scratch)
            y[i] = old
            #expect(abs((fp - fm) / (2 * h) - g[i]) < 1e-6 * max(1, abs(g[i])))
        }
        // Scale invariance.
        let l1 = ScaleInvariantLoss.evaluate(a, b: b, y: y, gradient: &tmp, scratch: &scratch)
        let l2 = ScaleInvariantLoss.evaluate(a, b: b, y: y.map { -3 * $0 }, gradient: &tmp, scratch: &scratch)
        #expect(abs(l1 - l2) < 1e-12 * max(1, l1))
    }

    @Test func inferenceMatchesTrainingForwardAndChunking() throws {
        let net = try DirectionNetwork(configuration: Self.tiny2D, seed: 2)
        let shape = GridShape([7, 6])
        var rng = SplitMix64(seed: 1)
        let x = (0..<shape.count).map { _ in Float(rng.nextGaussian()) }
        let y1 = try net.infer(x, shape: shape)
        let ws = net.trainingWorkspace(shape)
        for i in 0..<shape.count { ws.input[i] = x[i] }
        net.trainingForward(ws)
        for i in 0..<shape.count { #expect(abs(y1[i] - ws.output[i]) < 1e-5) }
        // One-line chunks give the same convolution.
        let spec = ConvSpec(inChannels: 1, outChannels: 3, kernel: 3, dimension: 2)
        var out1 = [Float](repeating: 0, count: 3 * shape.count), out2 = out1
        var col = [Float](repeating: 0, count: spec.rowLength * shape.count)
        net.parameters.withUnsafeBufferPointer { pb in
            GridConvolution.forward(spec, shape, parameters: pb.baseAddress!, input: x, output: &out1, col: &col, columnCapacity: col.count)
            GridConvolution.forward(spec, shape, parameters: pb.baseAddress!, input: x, output: &out2, col: &col, columnCapacity: spec.rowLength * 7)
        }
        for i in 0..<out1.count { #expect(abs(out1[i] - out2[i]) < 1e-6) }
    }

    @Test func modelFileRoundTripAndBadInput() throws {
        let net = try DirectionNetwork(configuration: Self.tiny2D, seed: 4)
        let data = DirectionNetworkFile.encode(net)
        #expect(data.count == 36 + 4 * net.parameterCount)
        let back = try DirectionNetworkFile.decode(data)
        #expect(back.configuration == net.configuration)
        #expect(back.parameters == net.parameters)
        #expect(throws: DirectionNetworkError.self) { try DirectionNetworkFile.decode(data.prefix(40)) }
        #expect(throws: DirectionNetworkError.self) { try DirectionNetworkFile.decode(Data("hello".utf8)) }
        #expect(throws: DirectionNetworkError.self) { try DirectionNetworkFile.load(from: "/nonexistent/model.bin") }
        #expect(throws: DirectionNetworkError.self) {
            try DirectionNetwork(configuration: DirectionNetworkConfiguration(dimension: 4))
        }
        #expect(throws: DirectionNetworkError.self) { try net.infer([Float](repeating: 0, count: 8), shape: GridShape([2, 2, 2])) }
    }
}
