import SparseLA

extension BlockCoordinateDescent {
    /// Solves the SPD system A x = b by block coordinate descent on f = ½xᵀAx − bᵀx, whose
    /// gradient is the negative residual, so the common stopping rule of `SolveOptions` applies
    /// to ‖g‖ = ‖b − A x‖ (maintained, never recomputed by a product).
    ///
    /// The residual norm is read every `max(1, ⌊n / (4·mean block size)⌋)` iterations (about a
    /// quarter sweep; every iteration for forest partitions), which is when the monitor is called
    /// and `residualHistory` gets an entry (entry 0 = ‖r₀‖). Default iteration cap:
    /// 10 000 sweeps' worth of blocks. Stops with `.converged`, `.maxIterations`, `.notFinite`,
    /// `.diverged`, `.timeLimit` or `.cancelled` (monitor). `matVecs` counts the initial and final
    /// residual products only (the block steps are not products).
    /// - Throws: `BCDError` for a non-SPD-looking matrix, a wrong `b` length, an unsupported
    ///   configuration, or a tree update on a non-forest block.
    public static func solve(matrix: CSRMatrix, rhs: [Double], options: SolveOptions = SolveOptions(),
                             configuration: BCDConfiguration = .spdDefault) throws(BCDError) -> SolveResult {
        let total = Stopwatch()
        let objective = try QuadraticObjective(matrix: matrix, rhs: rhs)
        if let x0 = options.initialGuess {
            guard x0.count == matrix.rows else { throw .invalidArgument("initial guess has \(x0.count) entries, need \(matrix.rows)") }
            objective.reset(to: x0)
        }
        let bcd = try BlockCoordinateDescent(objective: objective, configuration: configuration)
        let n = matrix.rows
        let meanBlock: Double
        if let p = bcd.partition { meanBlock = Double(n) / Double(max(p.blocks.count, 1)) }
        else if configuration.partition == .greedyForest { meanBlock = Double(n) / 2 }
        else { meanBlock = Double(configuration.blockSize) }
        let interval = max(1, Int(Double(n) / (4 * meanBlock)))
        let maxIterations = options.maxIterations ?? Int(min(1e9, 10_000 * Double(n) / meanBlock))
        let r0 = DenseVector.norm2(objective.gradient)
        let refNorm = options.reference == .initialResidual ? r0 : DenseVector.norm2(rhs)
        let threshold = options.threshold(referenceNorm: refNorm)
        var history: [Double]? = options.recordHistory ? [r0] : nil
        var status: StopReason = .maxIterations
        var iterations = 0
        var tested = r0
        if r0 <= threshold {
            status = .converged(.initialGuess)
        } else {
            let clock = Stopwatch()
            while iterations < maxIterations {
                try bcd.iterate()
                iterations += 1
                if iterations % interval != 0 && iterations != maxIterations { continue }
                tested = objective.gradient.withUnsafeBufferPointer { DenseVector.norm2($0) }
                history?.append(tested)
                if !tested.isFinite { status = .notFinite; break }
                if tested > options.divergenceTolerance * max(r0, .leastNormalMagnitude) { status = .diverged; break }
                if tested <= threshold { status = .converged(.tolerance); break }
                if let m = options.monitor {
                    let action = objective.x.withUnsafeBufferPointer { xp in
                        m(IterationInfo(iteration: iterations, residualNorm: tested,
                                        relativeResidual: refNorm > 0 ? tested / refNorm : tested, solution: xp))
                    }
                    if case .stop = action { status = .cancelled; break }
                }
                if let limit = options.timeLimit, clock.elapsed > limit { status = .timeLimit; break }
            }
        }
        let solveTime = total.elapsed - bcd.setupSeconds
        let x = objective.x
        var ax = [Double](repeating: 0, count: n)
        matrix.apply(x, into: &ax)
        var s = 0.0
        for i in 0..<n { let d = rhs[i] - ax[i]; s += d * d }
        return SolveResult(solution: x, status: status, iterations: iterations, residualHistory: history,
                           finalTrueResidual: s.squareRoot(), finalTestedResidual: tested, referenceNorm: refNorm,
                           matVecs: 2, preconditionerApplications: 0, setupTime: bcd.setupSeconds, solveTime: solveTime)
    }
}
