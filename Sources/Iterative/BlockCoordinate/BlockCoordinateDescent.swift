import Foundation
import SparseLA

/// Which blocks BCD works on, which it picks and how it updates them.
public struct BCDConfiguration: Sendable {
    /// Partition rules (fixed partitions, variable blocks, forests).
    public enum Partition: String, CaseIterable, Sendable {
        /// Contiguous blocks of `blockSize` (the code's `Order`).
        case order
        /// Sorted by L_i then chunked (`Sort`, the paper's "FB").
        case sort
        /// Alternating smallest/largest L_i (`Avg`).
        case avg
        /// Variable blocks of `blockSize` chosen each iteration by the selection rule (`VB`).
        case variable
        /// Greedy colouring of the Hessian graph (red-black on bipartite graphs): diagonal blocks.
        case redblack
        /// Greedy forest packing of the Hessian graph (two forests on lattices).
        case forests
        /// One maximal forest grown each iteration in the selection rule's priority order
        /// (GSTree/RTree/GSDTree/GSLTree).
        case greedyForest = "greedy-forest"
        /// `customPartition` supplied by the caller (e.g. lattice combs from a problem generator).
        case custom
    }
    /// Selection rules.
    public enum Selection: String, CaseIterable, Sendable {
        case cyclic, random, lipschitz, gs, gsl, gsl2, gsd, gsq
    }
    /// Update rules (`matrix` is an alias of `newton`).
    public enum Update: String, CaseIterable, Sendable {
        case gradient, newton, matrix, linesearch, tree
    }

    /// How blocks are formed.
    public var partition: Partition
    /// Block size τ for `order`/`sort`/`avg`/`variable` (≥ 1; ignored by forest partitions).
    public var blockSize: Int
    /// How the next block is chosen.
    public var selection: Selection
    /// How the chosen block is updated.
    public var update: Update
    /// Seed of the random rules.
    public var seed: UInt64
    /// Blocks for `.custom` (validated when the run is built).
    public var customPartition: BlockPartition?

    /// A configuration; defaults are the paper's dataset-A setting (sorted blocks of 5, random, gradient).
    public init(partition: Partition = .sort, blockSize: Int = 5, selection: Selection = .random,
                update: Update = .gradient, seed: UInt64 = 1, customPartition: BlockPartition? = nil) {
        self.partition = partition; self.blockSize = blockSize; self.selection = selection
        self.update = update; self.seed = seed; self.customPartition = customPartition
    }

    /// The best configuration for sparse SPD systems found in our runs: greedy forest packing,
    /// cyclic over the forests, exact tree (message-passing) solves.
    public static let spdDefault = BCDConfiguration(partition: .forests, selection: .cyclic, update: .tree)
}

/// Objective values of a run.
public struct BCDTrace: Sendable {
    /// f(x_k) for k = 0…iterations when recorded (entry 0 = f(x₀)), else just [f(x₀), f(x_end)].
    public var objective: [Double]
    /// Iterations (block updates) performed.
    public var iterations: Int
    /// Coordinates updated in total (Σ |b_k|).
    public var coordinateUpdates: Int
    /// Seconds in the iteration loop (including objective recording when enabled).
    public var seconds: Double
    /// Seconds spent building partitions and caches.
    public var setupSeconds: Double
}

/// Block coordinate descent (Nutini, Laradji & Schmidt, "Let's Make Block Coordinate Descent
/// Converge Faster", JMLR 2022): partitions, greedy selection rules (GS, GSL, GSD, GSQ),
/// gradient / Newton / line-search updates and exact message-passing updates on forest blocks.
///
/// One iteration costs the selection (O(1) random/cyclic, O(n) greedy) plus the update and
/// gradient maintenance, which touch only the nonzeros of the block's columns.
/// Build once per objective; `run` continues from the objective's current iterate.
public final class BlockCoordinateDescent {
    /// The objective (its `x` is the iterate).
    public let objective: any BlockObjective
    /// The configuration in use.
    public let configuration: BCDConfiguration
    /// The fixed partition (nil for variable blocks / greedy forests).
    public let partition: BlockPartition?
    /// Seconds spent in setup.
    public let setupSeconds: Double

    private let state: SelectionState
    private var selector: any BlockSelectionRule
    private var updater: any BlockUpdateRule
    private let workspace: UpdateWorkspace
    private var block: [Int] = []
    private var delta: [Double] = []
    private var priority: [Double] = []
    private var order: [Int] = []
    private var forestMember: [Bool] = []
    private var forestUF = UnionFind(count: 0)
    private var roots: [Int] = []

    /// Builds the partition and rules for `objective`.
    /// - Throws: `BCDError.invalidArgument` (block size < 1, bad custom partition),
    ///   `.unsupportedCombination` (e.g. forests without a sparse Hessian, a tree update on
    ///   non-forest blocks, a rule without a variable-block form). Complexity: the partition's.
    public init(objective: any BlockObjective, configuration: BCDConfiguration) throws(BCDError) {
        let clock = Stopwatch()
        self.objective = objective
        self.configuration = configuration
        let n = objective.dimension
        guard configuration.blockSize >= 1 else { throw .invalidArgument("block size \(configuration.blockSize) must be ≥ 1") }
        guard n >= 1 else { throw .invalidArgument("objective has no variables") }
        let L = objective.coordinateLipschitz
        var part: BlockPartition?
        switch configuration.partition {
        case .order: part = .contiguous(dimension: n, blockSize: configuration.blockSize)
        case .sort: part = .sortedByLipschitz(L, blockSize: configuration.blockSize)
        case .avg: part = .balanced(L, blockSize: configuration.blockSize)
        case .variable: part = nil
        case .redblack, .forests, .greedyForest:
            guard let h = objective.sparseHessian else {
                throw .unsupportedCombination("\(configuration.partition.rawValue) partition needs a sparse Hessian (problems spd, labelprop)")
            }
            if configuration.partition == .redblack { part = ForestPartition.greedyColoring(h, priority: L) }
            else if configuration.partition == .forests { part = ForestPartition.greedyForests(h, priority: L) }
            else { part = nil }
        case .custom:
            guard let c = configuration.customPartition else { throw .invalidArgument("partition custom needs customPartition") }
            try c.validate(dimension: n)
            part = c
        }
        self.partition = part
        let isForestRun = part?.areForests ?? (configuration.partition == .greedyForest)
        let update = configuration.update
        if update == .tree && !isForestRun {
            throw .unsupportedCombination("tree update needs forest blocks (partition redblack, forests, greedy-forest or a custom forest partition)")
        }
        switch configuration.selection {
        case .cyclic: selector = CyclicRule()
        case .random: selector = RandomRule()
        case .lipschitz: selector = LipschitzRule()
        case .gs: selector = GaussSouthwellRule()
        case .gsl: selector = GSLRule(form: .codeL1)
        case .gsl2: selector = GSLRule(form: .paperSquared)
        case .gsd: selector = GSDRule()
        case .gsq: selector = GSQRule()
        }
        if configuration.selection == .gsq, let p = part, (p.blocks.map(\.count).max() ?? 0) > 512 {
            throw .unsupportedCombination("gsq on fixed blocks caches dense H_b⁻¹; blocks over 512 coordinates are not supported")
        }
        if configuration.partition == .variable, configuration.selection == .gsl2 {
            throw .unsupportedCombination("gsl2 is defined for fixed blocks only")
        }
        if configuration.partition == .greedyForest, ![.random, .gs, .gsl, .gsd].contains(configuration.selection) {
            throw .unsupportedCombination("greedy-forest needs a selection with a priority order (random, gs, gsl, gsd)")
        }
        switch update {
        case .gradient: updater = GradientUpdate()
        case .newton, .matrix: updater = NewtonUpdate()
        case .linesearch: updater = LineSearchUpdate()
        case .tree: updater = TreeUpdate()
        }
        state = SelectionState(objective: objective, blocks: part?.blocks ?? [], seed: configuration.seed)
        workspace = UpdateWorkspace(objective: objective)
        if configuration.partition == .greedyForest {
            priority = [Double](repeating: 0, count: n); order = Array(0..<n)
            forestMember = [Bool](repeating: false, count: n); forestUF = UnionFind(count: n)
        }
        block.reserveCapacity(part?.blocks.map(\.count).max() ?? max(configuration.blockSize, n))
        delta.reserveCapacity(block.capacity)
        // Warm the caches the rules use so setup time is not charged to the iterations.
        if let p = part {
            let needsLb = configuration.selection == .lipschitz || configuration.selection == .gsl || configuration.selection == .gsl2 || update == .gradient
            if needsLb { _ = state.blockLipschitz }
            if configuration.selection == .gsq { _ = state.blockInverseHessians }
            _ = p
        } else if configuration.selection == .gsq || configuration.selection == .gsl {
            if configuration.selection == .gsq { _ = objective.hessianSpectralBound } else { _ = state.sqrtHessianRowSums }
        }
        _ = state.sqrtCoordinateLipschitz
        if update == .tree { _ = workspace.treeSolver }
        setupSeconds = clock.elapsed
    }

    /// Performs one iteration: select a block, compute δ, apply it (gradient maintained).
    /// Returns the number of coordinates updated.
    /// - Throws: the update rule's `BCDError` (unsupported block).
    @discardableResult
    public func iterate() throws(BCDError) -> Int {
        var blockIndex: Int? = nil
        if let p = partition {
            let b = selector.selectBlock(state)
            blockIndex = b
            block.removeAll(keepingCapacity: true)
            block.append(contentsOf: p.blocks[b])
        } else if configuration.partition == .greedyForest {
            growForest()
        } else {
            try selector.selectCoordinates(state, size: configuration.blockSize, into: &block)
        }
        try updater.computeStep(block: block, blockIndex: blockIndex, state: state, workspace: workspace, delta: &delta)
        objective.step(block: block, delta: delta)
        state.iteration += 1
        return block.count
    }

    /// Grows one maximal forest in the selection rule's priority order (get_tree_slow). O(n log n + nnz).
    private func growForest() {
        guard let h = objective.sparseHessian else { return }
        _ = selector.forestPriority(state, into: &priority)
        for i in 0..<order.count { order[i] = i }
        let pr = priority
        order.sort { pr[$0] != pr[$1] ? pr[$0] > pr[$1] : $0 < $1 }
        block.removeAll(keepingCapacity: true)
        for v in order {
            roots.removeAll(keepingCapacity: true)
            var ok = true
            for k in h.rowPointers[v]..<h.rowPointers[v + 1] {
                let u = Int(h.columnIndices[k])
                if u == v || !forestMember[u] { continue }
                let r = forestUF.find(u)
                if roots.contains(r) { ok = false; break }
                roots.append(r)
            }
            if !ok { continue }
            for r in roots { forestUF.union(v, r) }
            forestMember[v] = true
            block.append(v)
        }
        for v in block { forestMember[v] = false; forestUF.detach(v) }
        block.sort()
    }

    /// Runs `iterations` iterations (or until `stop` returns true; it is called after every
    /// iteration with the iteration count). Records f after every iteration when `recordObjective`
    /// (O(n) or O(rows) extra per iteration).
    /// - Throws: the update rule's `BCDError`.
    public func run(iterations: Int, recordObjective: Bool = true,
                    stop: ((Int) -> Bool)? = nil) throws(BCDError) -> BCDTrace {
        var values: [Double] = [objective.value()]
        if recordObjective { values.reserveCapacity(iterations + 1) }
        var coords = 0
        var done = 0
        let clock = Stopwatch()
        while done < iterations {
            coords += try iterate()
            done += 1
            if recordObjective { values.append(objective.value()) }
            if let stop, stop(done) { break }
        }
        let seconds = clock.elapsed
        if !recordObjective { values.append(objective.value()) }
        return BCDTrace(objective: values, iterations: done, coordinateUpdates: coords, seconds: seconds, setupSeconds: setupSeconds)
    }

    /// L_b = λ_max(H_b) of the (upper-bound) block Hessian: LAPACK `dsyev` for blocks up to 256
    /// coordinates, otherwise (sparse Hessian) the Gershgorin bound max_i Σ_{j∈b} |H_ij|.
    static func blockLipschitz(_ objective: any BlockObjective, block: [Int],
                               hessian h: inout [Double], eigenvalues w: inout [Double]) -> Double {
        let k = block.count
        if k > 256, let a = objective.sparseHessian {
            let members = Set(block)
            var bound = 0.0
            for i in block {
                var s = 0.0
                for kk in a.rowPointers[i]..<a.rowPointers[i + 1] where members.contains(Int(a.columnIndices[kk])) {
                    s += abs(a.values[kk])
                }
                bound = max(bound, s)
            }
            return bound
        }
        objective.blockHessian(block: block, bound: true, into: &h)
        if w.count < k { w = [Double](repeating: 0, count: k) }
        return h.withUnsafeMutableBufferPointer { hp in
            w.withUnsafeMutableBufferPointer { DenseBlockAlgebra.largestEigenvalue(hp, k: k, eigenvalues: $0) }
        }
    }
}
