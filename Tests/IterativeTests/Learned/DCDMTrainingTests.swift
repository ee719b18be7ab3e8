import Foundation
import Testing
import SparseLA
@testable import Iterative

@Suite struct DCDMTrainingTests {
    @Test func boxDomainMatchesModelLaplacianAndShapesAreSPD() throws {
        let box = try GridDomain.box(n: 6, dimension: 2)
        #expect(box.laplacian().toDense() == CSRMatrix.laplacian2D(6).toDense())
        for name in ["lshape", "disc", "obstacles"] {
            let d = try GridDomain.named(name, n: 12, dimension: 2, seed: 3)
            #expect(d.unknownCount < d.cellCount)
            // Neumann walls are SPD only where every component touches the outer (Dirichlet) box:
            // the L-shape does; the disc does not (pure Neumann, singular).
            for walls in name == "lshape" ? GridDomain.WallCondition.allCases : [.dirichlet] {
                let a = d.laplacian(walls: walls)
                #expect(a.isSymmetric())
                _ = try CholeskyFactorization(a)  // throws if not positive definite
            }
        }
        #expect(throws: GridDomainError.unknownShape("star")) { try GridDomain.named("star", n: 4, dimension: 2) }
        #expect(throws: GridDomainError.self) { try GridDomain.box(n: 4, dimension: 1) }
    }

    @Test func ritzSamplesAreUnitNorm() throws {
        let a = CSRMatrix.laplacian2D(8)
        let s = try RitzTrainingData.generate(matrix: a, lanczosSteps: 30, samples: 5)
        #expect(s.count == 5)
        for v in s { #expect(abs(DenseVector.norm2(v) - 1) < 1e-12) }
        #expect(throws: RitzTrainingData.Failure.self) { try RitzTrainingData.generate(matrix: a, lanczosSteps: 1000, samples: 1) }
    }

    @Test func trainingReducesLossAndProposerSolves() throws {
        let domain = try GridDomain.box(n: 8, dimension: 2)
        let a = domain.laplacian()
        let net = try DirectionNetwork(configuration: DirectionNetworkConfiguration(
            dimension: 2, width: 4, fullResolutionBlocks: 1, halfResolutionBlocks: 1, postUpsamplingBlocks: 1), seed: 1)
        let samples = try RitzTrainingData.generate(matrix: a, lanczosSteps: 40, samples: 20)
        let trainer = DCDMTrainer(network: net, domain: domain, matrix: a)
        let before = trainer.loss(samples[...], gradient: nil)
        var o = DCDMTrainingOptions()
        o.epochs = 15
        o.batchSize = 5
        o.learningRate = 3e-3
        _ = trainer.train(samples: samples, options: o)
        let after = trainer.loss(samples[...], gradient: nil)
        #expect(after < before)
        // The network as a DCDM proposer on an unseen shape reaches the tolerance.
        let l = try GridDomain.lShape(n: 8, dimension: 2)
        let prop = try NetworkDirectionProposer(network: net, domain: l)
        let al = l.laplacian()
        let res = Krylov.dcdm(al, [Double](repeating: 1, count: al.rows), proposer: prop, options: SolveOptions(relativeTolerance: 1e-6, maxIterations: 50))
        // A barely trained tiny network: only progress (monotone A-norm decrease) is guaranteed.
        #expect(res.status == .maxIterations || res.converged)
        #expect(res.finalTrueResidual < 0.5 * res.referenceNorm)
    }

    /// Trains `net` for 10 epochs (batch 4, lr 3e-3) on the Dirichlet Laplacians of `domains` with
    /// 10 Ritz-vector samples each; returns the trainer, the sets, the losses before and after, and
    /// the per-epoch history.
    static func trainTwoProblems(_ net: DirectionNetwork, _ domains: [GridDomain], seeds: [UInt64]) throws
        -> (DCDMTrainer, [[[Double]]], [Double], [Double], [Double]) {
        var problems: [(domain: GridDomain, matrix: CSRMatrix)] = []
        var sets: [[[Double]]] = []
        for (d, seed) in zip(domains, seeds) {
            let a = d.laplacian()
            problems.append((d, a))
            sets.append(try RitzTrainingData.generate(matrix: a, lanczosSteps: 40, samples: 10, seed: seed))
        }
        let trainer = DCDMTrainer(network: net, problems: problems)
        let before = sets.indices.map { trainer.loss(sets[$0][...], problem: $0, gradient: nil) }
        var o = DCDMTrainingOptions()
        o.epochs = 10
        o.batchSize = 4
        o.learningRate = 3e-3
        let history = trainer.train(sets: sets, options: o)
        let after = sets.indices.map { trainer.loss(sets[$0][...], problem: $0, gradient: nil) }
        return (trainer, sets, before, after, history)
    }

    @Test func multilevelTrainsOnSeveralGridsAndShippedModelSolvesUnseenShapes() throws {
        let net = try DirectionNetwork(configuration: DirectionNetworkConfiguration(
            dimension: 2, width: 4, fullResolutionBlocks: 1, halfResolutionBlocks: 1, postUpsamplingBlocks: 1,
            levels: 16, coarsestCells: 4, bias: false, linear: true), seed: 1)
        let domains = try [8, 12].map { try GridDomain.box(n: $0, dimension: 2) }
        let (trainer, sets, before, after, history) = try Self.trainTwoProblems(net, domains, seeds: [8, 12])
        var o = DCDMTrainingOptions()
        o.epochs = 10
        o.batchSize = 4
        o.learningRate = 3e-3
        #expect(history.count == 10)
        #expect(after[0] + after[1] < before[0] + before[1])
        // Stochastic depth: batches at random depths still train, and the cap is cleared afterwards.
        o.randomDepth = true
        o.epochs = 3
        _ = trainer.train(sets: sets, options: o)
        #expect(net.trainingDepthCap == nil)
        let afterRandom = (0..<2).map { trainer.loss(sets[$0][...], problem: $0, gradient: nil) }
        #expect(afterRandom.allSatisfy { $0.isFinite })
        // The shipped multilevel model (trained on the 64² box) on a 48² L-shape it never saw.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/models/dcdm2d_ml_g64.bin").path
        guard FileManager.default.fileExists(atPath: path) else { print("skip: \(path) absent"); return }
        let model = try DirectionNetworkFile.load(from: path)
        #expect(model.configuration.isMultilevel && model.configuration.linear && !model.configuration.bias)
        let l = try GridDomain.lShape(n: 48, dimension: 2)
        let al = l.laplacian()
        let prop = try NetworkDirectionProposer(network: model, domain: l)
        var rng = SplitMix64(seed: 2)
        let b = (0..<al.rows).map { _ in rng.nextGaussian() }
        let res = Krylov.dcdm(al, b, proposer: prop, options: SolveOptions(relativeTolerance: 1e-6, maxIterations: 200))
        #expect(res.converged)
        let cg = Krylov.cg(al, b, options: SolveOptions(relativeTolerance: 1e-6, maxIterations: 2000))
        print("shipped multilevel model, 48² L-shape to 1e-6: DCDM \(res.iterations) iterations, CG \(cg.iterations)")
        #expect(res.iterations < cg.iterations)
    }

    @Test func maskedNetworkTrainsOnObstaclesAndShippedMaskedModelSolvesUnseenShapes() throws {
        // A small masked network trained on two obstacle layouts: the loss falls.
        let net = try DirectionNetwork(configuration: DirectionNetworkConfiguration(
            dimension: 2, width: 4, fullResolutionBlocks: 1, halfResolutionBlocks: 1, postUpsamplingBlocks: 1,
            levels: 16, coarsestCells: 4, bias: false, linear: true, masked: true), seed: 1)
        let domains = try [1001, 1002].map { try GridDomain.obstacles(n: 16, dimension: 2, seed: UInt64($0)) }
        let (_, _, before, after, _) = try Self.trainTwoProblems(net, domains, seeds: [1001, 1002])
        #expect(after[0] + after[1] < 0.5 * (before[0] + before[1]), "before \(before), after \(after)")
        // The shipped masked model (trained on obstacle layouts 1001-1004 at 64²) on an unseen
        // 48² L-shape and obstacle layout 7: a handful of iterations (measured 6 and 8 at 64²).
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Benchmarks/models/dcdm2d_mask_g64.bin").path
        guard FileManager.default.fileExists(atPath: path) else { print("skip: \(path) absent"); return }
        let model = try DirectionNetworkFile.load(from: path)
        #expect(model.configuration.masked && model.configuration.linear && !model.configuration.bias)
        for domain in [try GridDomain.lShape(n: 48, dimension: 2), try GridDomain.obstacles(n: 48, dimension: 2, seed: 7)] {
            let a = domain.laplacian()
            let prop = try NetworkDirectionProposer(network: model, domain: domain)
            var rng = SplitMix64(seed: 2)
            let b = (0..<a.rows).map { _ in rng.nextGaussian() }
            let res = Krylov.dcdm(a, b, proposer: prop, options: SolveOptions(relativeTolerance: 1e-6, maxIterations: 200))
            let ic0 = Krylov.cg(a, b, preconditioner: try IncompleteCholesky(a), options: SolveOptions(relativeTolerance: 1e-6, maxIterations: 2000))
            print("shipped masked model, 48² \(domain.solidCellCount) solid cells, to 1e-6: DCDM \(res.iterations) iterations, IC(0)-PCG \(ic0.iterations)")
            #expect(res.converged)
            #expect(res.iterations <= 15)
            #expect(3 * res.iterations <= ic0.iterations)
        }
    }
}
