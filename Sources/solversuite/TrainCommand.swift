import ArgumentParser
import Foundation
import SparseLA
import Iterative

/// `solversuite train ...`: training of learned solver components.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train learned solver components.",
        subcommands: [TrainDCDMCommand.self]
    )
}

/// `solversuite train dcdm`: trains the DCDM direction network on the box Laplacian of a grid with
/// Ritz-vector right-hand sides and the scale-invariant loss; writes the model and a loss CSV.
struct TrainDCDMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dcdm",
        abstract: "Train a DCDM direction network (unsupervised, Ritz-vector data, Adam).",
        discussion: """
        Training matrices: the (2d+1)-point Laplacian (walls --walls) on the GRID^DIM box or the --shape domains (several GRID values: several grids). Data: VECTORS \
        right-hand sides built from LANCZOS Ritz vectors (ITERATIVE.md 2.5). Progress goes to stderr; \
        the loss log (epoch, batch, loss) to --log.
        """
    )

    @Option(help: "Grid cells per axis; a comma-separated list trains on several box sizes at once (VECTORS each), e.g. 32,64,128 for the multilevel network.") var grid: String = "64"
    @Option(help: "Grid dimension (2 or 3).") var dim: Int = 2
    @Option(help: "Training domain(s), comma-separated: box (the paper's), or masked shapes obstacles, lshape, disc (walls Dirichlet).") var shape: String = "box"
    @Option(name: .customLong("shape-seed"), help: "Seed of the random obstacles for --shape obstacles (keep it apart from the evaluation seeds).") var shapeSeed: UInt64 = 1001
    @Option(name: .customLong("shape-count"), help: "--shape obstacles: this many obstacle layouts (seeds SHAPE_SEED, SHAPE_SEED+1, ...), VECTORS each.") var shapeCount: Int = 1
    @Option(help: "Walls to solid cells in the training matrices: dirichlet or neumann (the outer box is Dirichlet).") var walls: String = "dirichlet"
    @Flag(help: "Multiply the features by the (pooled) domain mask after every update (masked-feature network, model flag bit 3).") var masked = false
    @Flag(name: .customLong("ghost-walls"), help: "With --masked: solid cells next to the domain hold the mean of their active neighbours (a mirror for Neumann walls) instead of zero (model flag bit 4).") var ghostWalls = false
    @Flag(name: .customLong("mirror-walls"), help: "With --masked: a convolution tap pointing into a solid cell reads the centre cell (per-tap mirror for Neumann walls; model flag bit 5).") var mirrorWalls = false
    @Option(help: "Training epochs.") var epochs: Int = 10
    @Option(help: "Number of training right-hand sides.") var vectors: Int = 300
    @Option(help: "Lanczos steps for the Ritz vectors (default min(400, n)).") var lanczos: Int?
    @Option(help: "Filters per convolution.") var width: Int = 16
    @Option(help: "Residual blocks full/half/post (multilevel: pre/bottom/post per level), e.g. 2,3,2.") var blocks: String = "2,3,2"
    @Option(help: "0: the paper's one-pool network; L >= 1: multilevel shared-weight U-net with at most L 2x pools (depth adapts to the grid).") var levels: Int = 0
    @Option(help: "Multilevel: pool until the largest axis has at most this many cells.") var coarsest: Int = 4
    @Flag(name: .customLong("no-bias"), help: "Convolutions without biases (positively homogeneous network).") var noBias = false
    @Flag(help: "Residual blocks without ReLU: the network is a linear operator (learned multigrid-like).") var linear = false
    @Option(name: .customLong("gain"), help: "Multilevel: initial coarse-correction gain.") var gainInit: Double = 1
    @Flag(name: .customLong("random-depth"), help: "Multilevel: train each batch at a random depth (1...full), so fewer or more levels stay consistent.") var randomDepth = false
    @Option(help: "Coarse-to-fine transfer: nearest (the paper's upsampling) or linear (cell-centred interpolation).") var upsample: String = "nearest"
    @Option(name: .customLong("batch-size"), help: "Samples per Adam step.") var batchSize: Int = 10
    @Option(help: "Adam learning rate.") var lr: Double = 1e-3
    @Option(help: "Seed for data, initial weights and shuffling.") var seed: UInt64 = 1
    @Option(name: .customLong("init"), help: "Start from this model's architecture and weights (fine-tuning; the architecture options and --gain are then ignored, --dim must match).") var initModel: String?
    @Option(help: "Model output file.") var out: String = "dcdm_model.bin"
    @Option(help: "Loss log CSV (default: OUT with .csv).") var log: String?
    @Flag(help: "No progress bar.") var quiet = false

    func run() throws {
        let b = blocks.split(separator: ",").compactMap { Int($0) }
        guard b.count == 3 else { fail("--blocks needs three comma-separated integers, got '\(blocks)'") }
        let grids = grid.split(separator: ",").compactMap { Int($0) }
        guard !grids.isEmpty, grids.count == grid.split(separator: ",").count, grids.allSatisfy({ $0 >= 2 && $0 <= 1024 }) else {
            fail("--grid must be sizes in 2...1024 (comma-separated), got '\(grid)'")
        }
        guard upsample == "nearest" || upsample == "linear" else { fail("--upsample must be nearest or linear") }
        let shapes = shape.split(separator: ",").map(String.init)
        guard let wallCondition = GridDomain.WallCondition(rawValue: walls.lowercased()) else { fail("--walls must be dirichlet or neumann") }
        guard !shapes.isEmpty, (1...64).contains(shapeCount) else { fail("--shape needs at least one name and --shape-count must be in 1...64") }
        guard epochs >= 0, vectors >= 1, batchSize >= 1, lr > 0 else { fail("--epochs, --vectors, --batch-size, --lr must be positive") }
        var stderr = StandardError()
        let watch = Stopwatch()
        var problems: [(domain: GridDomain, matrix: CSRMatrix)] = []
        var sets: [[[Double]]] = []
        let net: DirectionNetwork
        do {
            if let initModel {
                net = try DirectionNetworkFile.load(from: initModel)
                guard net.configuration.dimension == dim else { fail("\(initModel): a \(net.configuration.dimension)-D model, but --dim \(dim)") }
            } else {
                net = try DirectionNetwork(configuration: DirectionNetworkConfiguration(
                    dimension: dim, width: width, fullResolutionBlocks: b[0], halfResolutionBlocks: b[1],
                    postUpsamplingBlocks: b[2], levels: levels, coarsestCells: coarsest, bias: !noBias, linear: linear,
                    linearInterpolation: upsample == "linear", masked: masked, ghostWalls: ghostWalls, mirrorWalls: mirrorWalls), seed: seed)
                net.coarseGain = Float(gainInit)
            }
            for name in shapes {
                let layouts = name.lowercased() == "obstacles" ? shapeCount : 1
                for k in 0..<layouts {
                    for g in grids {
                        let d = try GridDomain.named(name, n: g, dimension: dim, seed: shapeSeed &+ UInt64(k))
                        if wallCondition == .neumann && d.enclosedUnknownCount > 0 {
                            fail("training domain \(name) \(g)^\(dim): \(d.enclosedUnknownCount) active cells are enclosed by Neumann walls (singular Laplacian); use --walls dirichlet or another shape")
                        }
                        problems.append((d, d.laplacian(walls: wallCondition)))
                    }
                }
            }
        } catch let e as GridDomainError { fail(e.description) } catch let e as DirectionNetworkError { fail(e.description) }
        var m = 0
        for (i, p) in problems.enumerated() {
            let a = p.matrix
            let mi = min(lanczos ?? 400, a.rows)
            m = max(m, mi)
            do { sets.append(try RitzTrainingData.generate(matrix: a, lanczosSteps: mi, samples: vectors, seed: seed &+ UInt64(i))) } catch {
                fail(error.description)
            }
        }
        let dataSeconds = watch.elapsed
        if !quiet {
            print(String(format: "data: %d Ritz-vector samples on each of %d domains (grids %@) from up to %d Lanczos steps (%.1f s); network %@, %d parameters",
                         vectors, problems.count, grid, m, dataSeconds, net.configuration.description, net.parameterCount), to: &stderr)
        }
        let trainer = DCDMTrainer(network: net, problems: problems)
        var options = DCDMTrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.learningRate = Float(lr)
        options.seed = seed
        options.randomDepth = randomDepth
        var csv = "epoch,batch,loss\n"
        let initial = sets.indices.map { trainer.loss(sets[$0][...], problem: $0, gradient: nil) }.reduce(0, +) / Double(sets.count)
        csv += "0,0,\(initial)\n"
        let trainWatch = Stopwatch()
        let history = trainer.train(sets: sets, options: options) { epoch, batch, count, loss in
            csv += "\(epoch + 1),\(batch + 1),\(loss)\n"
            guard !quiet else { return }
            let done = Double(epoch * count + batch + 1) / Double(max(1, epochs * count))
            let bar = String(repeating: "#", count: Int(done * 30)) + String(repeating: ".", count: 30 - Int(done * 30))
            let eta = trainWatch.elapsed / done * (1 - done)
            var e = StandardError()
            print(String(format: "\r[%@] epoch %d/%d batch %d/%d loss %.5f  eta %.0fs", bar, epoch + 1, epochs, batch + 1, count, loss, eta),
                  terminator: "", to: &e)
        }
        if !quiet { print("", to: &stderr) }
        let logPath = log ?? ((out as NSString).deletingPathExtension + ".csv")
        do {
            try DirectionNetworkFile.save(net, to: out)
            try csv.write(toFile: logPath, atomically: true, encoding: .utf8)
        } catch let e as DirectionNetworkError { fail(e.description) } catch { fail("\(logPath): \(error.localizedDescription)") }
        var j = JSONObject()
        j.set("model", out)
        if let initModel { j.set("init", initModel) }
        j.set("loss_log", logPath)
        j.set("grid", grid)
        j.set("shape", shape)
        j.set("dim", dim)
        j.set("network", net.configuration.description)
        j.set("parameters", net.parameterCount)
        if let g = net.coarseGain { j.set("coarse_gain", Double(g)) }
        j.set("shape_count", shapeCount)
        j.set("walls", wallCondition.rawValue)
        j.set("domains", problems.count)
        j.set("samples", vectors * problems.count)
        j.set("lanczos_steps", m)
        j.set("epochs", epochs)
        j.set("initial_loss", initial)
        j.set("final_epoch_loss", history.last)
        j.set("data_seconds", dataSeconds)
        j.set("train_seconds", trainWatch.elapsed)
        print(j.rendered)
    }
}
