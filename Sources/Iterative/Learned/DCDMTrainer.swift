import SparseLA

/// Options for `DCDMTrainer.train`.
public struct DCDMTrainingOptions: Sendable {
    /// Passes over the training set.
    public var epochs: Int = 10
    /// Samples per Adam step (paper: 10).
    public var batchSize: Int = 10
    /// Adam step size (paper: 1e-4 over 1000 epochs; larger for short runs).
    public var learningRate: Float = 1e-3
    /// Shuffle seed.
    public var seed: UInt64 = 1
    /// The defaults listed above.
    public init() {}
}

/// Trains a `DirectionNetwork` with the unsupervised scale-invariant loss
/// `‖b − A (yᵀb / yᵀAy) y‖²` on one grid domain (the loss operator `A` is applied as a sparse
/// matrix; solid cells get zero input and their output is ignored).
public final class DCDMTrainer {
    /// The network being trained (updated in place).
    public let network: DirectionNetwork
    /// The training domain.
    public let domain: GridDomain
    /// The domain's Laplacian (the loss operator `A`).
    public let matrix: CSRMatrix
    private let shape: GridShape

    /// - Precondition: `matrix` is the Laplacian of `domain` (unknownCount rows) and the network's
    ///   dimension matches the domain's.
    public init(network: DirectionNetwork, domain: GridDomain, matrix: CSRMatrix) {
        precondition(matrix.rows == domain.unknownCount, "DCDMTrainer: matrix/domain size mismatch")
        precondition(domain.dims.count == network.configuration.dimension, "DCDMTrainer: dimension mismatch")
        self.network = network
        self.domain = domain
        self.matrix = matrix
        shape = GridShape(domain.dims)
    }

    /// Mean loss over `samples` and, when `gradient` is non-nil, adds the mean gradient to it.
    /// Complexity: per sample one forward (+ backward) pass and two SpMVs.
    public func loss(_ samples: ArraySlice<[Double]>, gradient: UnsafeMutablePointer<Float>?) -> Double {
        let ws = network.trainingWorkspace(shape)
        let n = domain.unknownCount, p = shape.count
        var y = [Double](repeating: 0, count: n), gy = y, scratch = [Double](repeating: 0, count: 2 * n)
        var dOut = [Float](repeating: 0, count: p)
        var total = 0.0
        let inv = 1 / Double(samples.count)
        for b in samples {
            b.withUnsafeBufferPointer { domain.scatter($0, into: UnsafeMutableBufferPointer(start: ws.input, count: p)) }
            network.trainingForward(ws)
            y.withUnsafeMutableBufferPointer { domain.gather(UnsafeBufferPointer(start: ws.output, count: p), into: $0) }
            let l = b.withUnsafeBufferPointer { bb in
                ScaleInvariantLoss.evaluate(matrix, b: bb.baseAddress!, y: y, gradient: &gy, scratch: &scratch)
            }
            total += l * inv
            if let gradient, l.isFinite {
                for i in 0..<p { dOut[i] = 0 }
                for k in 0..<n { dOut[Int(domain.cellOfUnknown[k])] = Float(gy[k] * inv) }
                dOut.withUnsafeBufferPointer { network.trainingBackward(ws, outputGradient: $0.baseAddress!, gradient: gradient) }
            }
        }
        return total
    }

    /// Runs Adam for `options.epochs` over `samples` (each `unknownCount` long, unit norm).
    /// `progress(epoch, batchIndex, batchCount, meanLossSoFar)` is called after every batch.
    /// Returns the mean training loss of every epoch.
    public func train(samples: [[Double]], options: DCDMTrainingOptions,
                      progress: (Int, Int, Int, Double) -> Void = { _, _, _, _ in }) -> [Double] {
        var adam = AdamOptimizer(parameterCount: network.parameterCount, learningRate: options.learningRate)
        var order = Array(samples.indices)
        var rng = SplitMix64(seed: options.seed)
        var grad = [Float](repeating: 0, count: network.parameterCount)
        let bs = max(1, options.batchSize)
        let batches = (samples.count + bs - 1) / bs
        var history: [Double] = []
        for epoch in 0..<max(0, options.epochs) {
            order.shuffle(using: &rng)
            var sum = 0.0
            for bi in 0..<batches {
                let idx = order[(bi * bs)..<min(samples.count, (bi + 1) * bs)]
                let batch = ArraySlice(idx.map { samples[$0] })
                for i in 0..<grad.count { grad[i] = 0 }
                let l = grad.withUnsafeMutableBufferPointer { loss(batch, gradient: $0.baseAddress!) }
                adam.update(&network.parameters, gradient: grad)
                sum += l
                progress(epoch, bi, batches, sum / Double(bi + 1))
            }
            history.append(sum / Double(max(1, batches)))
        }
        return history
    }
}
