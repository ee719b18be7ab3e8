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
    /// Multilevel networks: train each batch at a random depth in 1...full depth (seeded), so
    /// every truncated V-cycle must already be a good direction and extra levels only refine it.
    public var randomDepth: Bool = false
    /// The defaults listed above.
    public init() {}
}

/// One training problem: a grid domain, its Laplacian (the loss operator) and its right-hand sides.
public struct DCDMTrainingSet {
    /// The training domain.
    public let domain: GridDomain
    /// The domain's Laplacian (`unknownCount` rows).
    public let matrix: CSRMatrix
    /// Unit-norm right-hand sides, each `unknownCount` long.
    public let samples: [[Double]]
    /// - Precondition: `matrix.rows == domain.unknownCount` and every sample has that length.
    public init(domain: GridDomain, matrix: CSRMatrix, samples: [[Double]]) {
        precondition(matrix.rows == domain.unknownCount, "DCDMTrainingSet: matrix/domain size mismatch")
        precondition(samples.allSatisfy { $0.count == matrix.rows }, "DCDMTrainingSet: sample length mismatch")
        self.domain = domain
        self.matrix = matrix
        self.samples = samples
    }
}

/// Trains a `DirectionNetwork` with the unsupervised scale-invariant loss
/// `‖b − A (yᵀb / yᵀAy) y‖²` on one or more grid domains (the loss operator `A` is applied as a
/// sparse matrix; solid cells get zero input and their output is ignored). Several domains (e.g.
/// several grid sizes for the multilevel network, so it sees several depths) are mixed within each
/// shuffled batch.
public final class DCDMTrainer {
    /// The network being trained (updated in place).
    public let network: DirectionNetwork
    /// The first training domain.
    public var domain: GridDomain { problems[0].domain }
    /// The first domain's Laplacian.
    public var matrix: CSRMatrix { problems[0].matrix }
    private let problems: [(domain: GridDomain, matrix: CSRMatrix)]

    /// - Precondition: `matrix` is the Laplacian of `domain` (unknownCount rows) and the network's
    ///   dimension matches the domain's.
    public convenience init(network: DirectionNetwork, domain: GridDomain, matrix: CSRMatrix) {
        self.init(network: network, problems: [(domain, matrix)])
    }

    /// A trainer over several (domain, Laplacian) problems, indexed in order.
    /// - Precondition: non-empty; each matrix matches its domain; dimensions match the network's.
    public init(network: DirectionNetwork, problems: [(domain: GridDomain, matrix: CSRMatrix)]) {
        precondition(!problems.isEmpty, "DCDMTrainer: no training problem")
        for (d, a) in problems {
            precondition(a.rows == d.unknownCount, "DCDMTrainer: matrix/domain size mismatch")
            precondition(d.dims.count == network.configuration.dimension, "DCDMTrainer: dimension mismatch")
        }
        self.network = network
        self.problems = problems
    }

    /// Mean loss over `samples` (right-hand sides of problem `problem`) and, when `gradient` is
    /// non-nil, adds `weight ×` the mean gradient to it.
    /// Complexity: per sample one forward (+ backward) pass and two SpMVs.
    public func loss(_ samples: ArraySlice<[Double]>, problem: Int = 0, weight: Double = 1, gradient: UnsafeMutablePointer<Float>?) -> Double {
        let (domain, matrix) = problems[problem]
        let shape = GridShape(domain.dims)
        let ws = network.trainingWorkspace(shape)
        network.setMask(ws, domain.mask)
        let n = domain.unknownCount, p = shape.count
        var y = [Double](repeating: 0, count: n), gy = y, scratch = [Double](repeating: 0, count: 2 * n)
        var dOut = [Float](repeating: 0, count: p)
        var total = 0.0
        let inv = 1 / Double(max(1, samples.count))
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
                for k in 0..<n { dOut[Int(domain.cellOfUnknown[k])] = Float(gy[k] * inv * weight) }
                dOut.withUnsafeBufferPointer { network.trainingBackward(ws, outputGradient: $0.baseAddress!, gradient: gradient) }
            }
        }
        return total
    }

    /// Runs Adam for `options.epochs` over `samples` of the first problem (each `unknownCount`
    /// long, unit norm). `progress(epoch, batchIndex, batchCount, meanLossSoFar)` is called after
    /// every batch. Returns the mean training loss of every epoch.
    public func train(samples: [[Double]], options: DCDMTrainingOptions,
                      progress: (Int, Int, Int, Double) -> Void = { _, _, _, _ in }) -> [Double] {
        train(sets: [samples], options: options, progress: progress)
    }

    /// Runs Adam for `options.epochs` over the right-hand sides of every problem
    /// (`sets[i]` belongs to problem i); batches mix problems after a seeded shuffle.
    /// Returns the mean training loss of every epoch.
    public func train(sets: [[[Double]]], options: DCDMTrainingOptions,
                      progress: (Int, Int, Int, Double) -> Void = { _, _, _, _ in }) -> [Double] {
        precondition(sets.count <= problems.count, "DCDMTrainer: more sample sets than problems")
        var adam = AdamOptimizer(parameterCount: network.parameterCount, learningRate: options.learningRate)
        var order: [(Int, Int)] = []
        for (s, set) in sets.enumerated() { for i in set.indices { order.append((s, i)) } }
        var rng = SplitMix64(seed: options.seed)
        var grad = [Float](repeating: 0, count: network.parameterCount)
        let bs = max(1, options.batchSize)
        let batches = (order.count + bs - 1) / bs
        var history: [Double] = []
        let maxDepth = max(1, problems.map { network.configuration.depth(for: GridShape($0.domain.dims)) }.max() ?? 1)
        for epoch in 0..<max(0, options.epochs) {
            order.shuffle(using: &rng)
            var sum = 0.0
            for bi in 0..<batches {
                let idx = order[(bi * bs)..<min(order.count, (bi + 1) * bs)]
                for i in 0..<grad.count { grad[i] = 0 }
                if options.randomDepth && network.configuration.isMultilevel {
                    network.trainingDepthCap = 1 + Int(rng.next() % UInt64(maxDepth))
                }
                var l = 0.0
                for s in 0..<sets.count {
                    let part = idx.filter { $0.0 == s }.map { sets[s][$0.1] }
                    guard !part.isEmpty else { continue }
                    let w = Double(part.count) / Double(idx.count)
                    l += w * grad.withUnsafeMutableBufferPointer { loss(ArraySlice(part), problem: s, weight: w, gradient: $0.baseAddress!) }
                }
                adam.update(&network.parameters, gradient: grad)
                sum += l
                progress(epoch, bi, batches, sum / Double(bi + 1))
            }
            history.append(sum / Double(max(1, batches)))
        }
        network.trainingDepthCap = nil
        return history
    }
}
