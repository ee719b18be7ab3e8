import Testing
import SparseLA
@testable import Iterative

@Suite struct BlockCoordinateDescentTests {
    /// BCD converges on SPD model problems, through the common SolveResult.
    @Test(arguments: [
        BCDConfiguration.spdDefault,
        BCDConfiguration(partition: .redblack, selection: .cyclic, update: .tree),
        BCDConfiguration(partition: .greedyForest, selection: .gs, update: .tree),
        BCDConfiguration(partition: .order, blockSize: 10, selection: .cyclic, update: .newton),
        BCDConfiguration(partition: .sort, blockSize: 8, selection: .gsq, update: .newton),
        BCDConfiguration(partition: .variable, blockSize: 8, selection: .gsd, update: .gradient),
    ])
    func convergesOnLaplacian(_ config: BCDConfiguration) throws {
        let a = CSRMatrix.laplacian2D(12)
        let b = a.applied(to: [Double](repeating: 1, count: a.rows))
        var opts = SolveOptions(relativeTolerance: 1e-8)
        opts.maxIterations = 200_000
        let r = try BlockCoordinateDescent.solve(matrix: a, rhs: b, options: opts, configuration: config)
        #expect(r.converged, "\(config.partition)/\(config.selection)/\(config.update): \(r.status)")
        #expect(r.finalTrueResidual <= 1e-8 * DenseVector.norm2(b) * 1.01)
        #expect(r.solution.allSatisfy { abs($0 - 1) < 1e-5 })
    }

    /// Forest blocks with exact solves beat red-black on the lattice label-propagation problem
    /// (the paper's dataset D, 50 × 50, at 200 iterations).
    @Test func latticeTreesBeatRedBlack() throws {
        let lat = BCDSyntheticProblems.latticeLabelPropagation(seed: 1)
        let fstar = BCDReference.quadraticOptimum(matrix: lat.matrix, rhs: lat.rhs)!.value
        func gap(_ p: BlockPartition) throws -> Double {
            let obj = try QuadraticObjective(matrix: lat.matrix, rhs: lat.rhs)
            let bcd = try BlockCoordinateDescent(objective: obj, configuration: BCDConfiguration(
                partition: .custom, selection: .cyclic, update: .tree, customPartition: p))
            _ = try bcd.run(iterations: 200, recordObjective: false)
            return obj.value() - fstar
        }
        let trees = try gap(lat.combs), rb = try gap(lat.redBlack)
        #expect(trees <= 1e3)
        #expect(rb / trees >= 100)
    }

    /// Newton (matrix) update on a block equals the exact block minimiser; tree update equals it too.
    @Test func treeUpdateEqualsNewtonUpdate() throws {
        let lat = BCDSyntheticProblems.latticeLabelPropagation(rows: 8, columns: 8, weight: 2, labelled: 6, seed: 4)
        let obj = try QuadraticObjective(matrix: lat.matrix, rhs: lat.rhs)
        let state = SelectionState(objective: obj, blocks: lat.combs.blocks, seed: 1)
        let ws = UpdateWorkspace(objective: obj)
        var t = TreeUpdate(), n = NewtonUpdate()
        var d1: [Double] = [], d2: [Double] = []
        try t.computeStep(block: lat.combs.blocks[0], blockIndex: 0, state: state, workspace: ws, delta: &d1)
        try n.computeStep(block: lat.combs.blocks[0], blockIndex: 0, state: state, workspace: ws, delta: &d2)
        #expect(BCDTestSupport.maxAbsDiff(d1, d2) <= 1e-10 * d2.map(abs).max()!)
    }

    /// Greedy rules beat random on a small dataset-A analog (the paper's headline, scaled down).
    @Test func greedyRulesBeatRandomOnLeastSquares() throws {
        let (x, y) = BCDSyntheticProblems.leastSquares(rows: 100, columns: 1000, seed: 1)
        func trace(_ s: BCDConfiguration.Selection) throws -> [Double] {
            let obj = try DesignMatrixObjective(design: x, targets: y, loss: .leastSquares)
            let bcd = try BlockCoordinateDescent(objective: obj, configuration: BCDConfiguration(selection: s))
            return try bcd.run(iterations: 300).objective
        }
        let random = try trace(.random)
        for s in [BCDConfiguration.Selection.gsl, .gsd, .gsq] {
            let t = try trace(s)
            let reach = t.firstIndex { $0 <= random.last! }!
            #expect(reach <= 300 / 2, "\(s) needs \(reach)")
        }
    }

    /// Logistic regression: every update rule decreases f monotonically.
    @Test func logisticDecreasesMonotonically() throws {
        let (x, y) = BCDSyntheticProblems.logistic(rows: 50, columns: 200, seed: 2)
        for u in [BCDConfiguration.Update.gradient, .newton, .linesearch] {
            let obj = try DesignMatrixObjective(design: x, targets: y, loss: .logistic, lambda: 1)
            let bcd = try BlockCoordinateDescent(objective: obj, configuration: BCDConfiguration(selection: .gsl, update: u))
            let f = try bcd.run(iterations: 100).objective
            #expect(zip(f, f.dropFirst()).allSatisfy { $1 <= $0 + 1e-9 * abs($0) }, "\(u)")
            #expect(f.last! < f.first!)
        }
        let obj = try DesignMatrixObjective(design: x, targets: y, loss: .logistic, lambda: 1)
        let fstar = BCDReference.newtonOptimum(obj).value
        let bcd = try BlockCoordinateDescent(objective: obj, configuration: BCDConfiguration(partition: .order, blockSize: 20, selection: .cyclic, update: .linesearch))
        let trace = try bcd.run(iterations: 400, recordObjective: false).objective
        let f = trace.last!, f0 = trace.first!
        print("logistic: f0 - f* = \(f0 - fstar), f400 - f* = \(f - fstar)")
        #expect(f - fstar >= -1e-8 * abs(fstar))
        #expect(f - fstar <= 1e-3 * (f0 - fstar))
    }

    /// A shared SPD matrix (gr_900_900_crg): the default BCD solver reaches 1e-6 like CG.
    @Test func solvesSharedSPDMatrix() throws {
        guard let data = BCDTestSupport.sharedData() else { print("skip: shared data not found"); return }
        let a = try MatrixMarket.readMatrix(path: data + "/matrices/gr_900_900_crg.mtx")
        let b = a.applied(to: [Double](repeating: 1, count: a.rows))
        var opts = SolveOptions(relativeTolerance: 1e-6)
        opts.reference = .rightHandSide
        let r = try BlockCoordinateDescent.solve(matrix: a, rhs: b, options: opts)
        #expect(r.converged)
        #expect(r.finalTrueResidual <= 1e-6 * DenseVector.norm2(b) * 1.01)
    }

    @Test func unsupportedCombinationsThrow() throws {
        let (x, y) = BCDSyntheticProblems.leastSquares(rows: 10, columns: 30, seed: 1)
        let obj = try DesignMatrixObjective(design: x, targets: y, loss: .leastSquares)
        #expect(throws: BCDError.self) { try BlockCoordinateDescent(objective: obj, configuration: BCDConfiguration(partition: .forests, update: .tree)) }
        let q = try QuadraticObjective(matrix: .laplacian2D(3), rhs: [Double](repeating: 1, count: 9))
        #expect(throws: BCDError.self) { try BlockCoordinateDescent(objective: q, configuration: BCDConfiguration(partition: .order, update: .tree)) }
        #expect(throws: BCDError.self) { try BlockCoordinateDescent(objective: q, configuration: BCDConfiguration(blockSize: 0)) }
        let bad = BlockPartition(blocks: [[0, 1], [1, 2]])
        #expect(throws: BCDError.self) { try BlockCoordinateDescent(objective: q, configuration: BCDConfiguration(partition: .custom, customPartition: bad)) }
    }
}
