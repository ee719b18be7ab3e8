import SparseLA

/// A `DirectionProposer` that runs a `DirectionNetwork` on a grid domain: scatters the normalised
/// residual into the grid (solid cells 0; scaled to RMS 1 for bias-free networks), runs the network in `Float`, gathers the active cells.
///
/// Not thread-safe (the network caches its workspace). `inferenceSeconds` accumulates the time
/// spent in the network so callers can report where wall time goes.
public final class NetworkDirectionProposer: DirectionProposer {
    /// The trained network that proposes directions.
    public let network: DirectionNetwork
    /// The grid domain whose active cells are the unknowns.
    public let domain: GridDomain
    private let shape: GridShape
    private var input: [Float], output: [Float]
    /// The domain's fluid mask as floats (1 active, 0 solid), for masked networks.
    private let mask: [Float]
    /// Total seconds spent inside `propose` so far.
    public private(set) var inferenceSeconds = 0.0
    /// Calls to `propose` so far.
    public private(set) var calls = 0

    /// - Throws: `.shapeMismatch` when the network's dimension differs from the domain's.
    public init(network: DirectionNetwork, domain: GridDomain) throws(DirectionNetworkError) {
        shape = GridShape(domain.dims)
        try network.checkShape(shape)
        self.network = network
        self.domain = domain
        input = [Float](repeating: 0, count: shape.count)
        output = input
        mask = domain.mask.map { $0 ? 1 : 0 }
    }

    /// Length of `r` and `d`.
    public var size: Int { domain.unknownCount }

    /// Writes the proposed direction for the normalised residual `r` into `d`.
    public func propose(_ r: UnsafeBufferPointer<Double>, into d: UnsafeMutableBufferPointer<Double>) {
        let clock = Stopwatch()
        let p = shape.count
        input.withUnsafeMutableBufferPointer { ib in
            output.withUnsafeMutableBufferPointer { ob in
                // Bias-free networks are positively homogeneous: feed the residual at RMS 1 so
                // per-cell magnitudes do not shrink with the grid size (Float range).
                domain.scatter(r, into: ib, scale: network.configuration.bias ? 1 : Double(max(1, domain.unknownCount)).squareRoot())
                // Shape was checked in init, so inference cannot fail.
                do {
                    try mask.withUnsafeBufferPointer { mb throws(DirectionNetworkError) in
                        try network.infer(UnsafeBufferPointer(ib), shape: shape, mask: mb, into: ob)
                    }
                } catch {
                    for i in 0..<p { ob[i] = .nan }
                }
                domain.gather(UnsafeBufferPointer(ob), into: d)
            }
        }
        inferenceSeconds += clock.elapsed
        calls += 1
    }
}
