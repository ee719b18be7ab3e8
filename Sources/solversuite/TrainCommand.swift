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
        Training matrix: the (2d+1)-point Dirichlet Laplacian on the full GRID^DIM box. Data: VECTORS \
        right-hand sides built from LANCZOS Ritz vectors (ITERATIVE.md 2.5). Progress goes to stderr; \
        the loss log (epoch, batch, loss) to --log.
        """
    )

    @Option(help: "Grid cells per axis.") var grid: Int = 64
    @Option(help: "Grid dimension (2 or 3).") var dim: Int = 2
    @Option(help: "Training epochs.") var epochs: Int = 10
    @Option(help: "Number of training right-hand sides.") var vectors: Int = 300
    @Option(help: "Lanczos steps for the Ritz vectors (default min(400, n)).") var lanczos: Int?
    @Option(help: "Filters per convolution.") var width: Int = 16
    @Option(help: "Residual blocks full/half/post (multilevel: pre/bottom/post per level), e.g. 2,3,2.") var blocks: String = "2,3,2"
    @Option(help: "0: the paper's one-pool network; L >= 1: multilevel shared-weight U-net with at most L 2x pools (depth adapts to the grid).") var levels: Int = 0
    @Option(help: "Multilevel: pool until the largest axis has at most this many cells.") var coarsest: Int = 4
    @Flag(name: .customLong("no-bias"), help: "Convolutions without biases (positively homogeneous network).") var noBias = false
    @Option(name: .customLong("batch-size"), help: "Samples per Adam step.") var batchSize: Int = 10
    @Option(help: "Adam learning rate.") var lr: Double = 1e-3
    @Option(help: "Seed for data, initial weights and shuffling.") var seed: UInt64 = 1
    @Option(help: "Model output file.") var out: String = "dcdm_model.bin"
    @Option(help: "Loss log CSV (default: OUT with .csv).") var log: String?
    @Flag(help: "No progress bar.") var quiet = false

    func run() throws {
        let b = blocks.split(separator: ",").compactMap { Int($0) }
        guard b.count == 3 else { fail("--blocks needs three comma-separated integers, got '\(blocks)'") }
        guard grid >= 2 && grid <= 1024 else { fail("--grid must be in 2...1024") }
        guard epochs >= 0, vectors >= 1, batchSize >= 1, lr > 0 else { fail("--epochs, --vectors, --batch-size, --lr must be positive") }
        var stderr = StandardError()
        let watch = Stopwatch()
        let domain: GridDomain
        let net: DirectionNetwork
        do {
            domain = try GridDomain.box(n: grid, dimension: dim)
            net = try DirectionNetwork(configuration: DirectionNetworkConfiguration(
                dimension: dim, width: width, fullResolutionBlocks: b[0], halfResolutionBlocks: b[1],
                postUpsamplingBlocks: b[2], levels: levels, coarsestCells: coarsest, bias: !noBias), seed: seed)
        } catch let e as GridDomainError { fail(e.description) } catch let e as DirectionNetworkError { fail(e.description) }
        let a = domain.laplacian()
        let m = min(lanczos ?? 400, a.rows)
        let samples: [[Double]]
        do { samples = try RitzTrainingData.generate(matrix: a, lanczosSteps: m, samples: vectors, seed: seed) } catch {
            fail(error.description)
        }
        let dataSeconds = watch.elapsed
        if !quiet {
            print(String(format: "data: %d Ritz-vector samples from %d Lanczos steps on %d unknowns (%.1f s); network %@, %d parameters",
                         vectors, m, a.rows, dataSeconds, net.configuration.description, net.parameterCount), to: &stderr)
        }
        let trainer = DCDMTrainer(network: net, domain: domain, matrix: a)
        var options = DCDMTrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.learningRate = Float(lr)
        options.seed = seed
        var csv = "epoch,batch,loss\n"
        let initial = trainer.loss(samples[...], gradient: nil)
        csv += "0,0,\(initial)\n"
        let trainWatch = Stopwatch()
        let history = trainer.train(samples: samples, options: options) { epoch, batch, count, loss in
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
        j.set("loss_log", logPath)
        j.set("grid", grid)
        j.set("dim", dim)
        j.set("network", net.configuration.description)
        j.set("parameters", net.parameterCount)
        j.set("samples", vectors)
        j.set("lanczos_steps", m)
        j.set("epochs", epochs)
        j.set("initial_loss", initial)
        j.set("final_epoch_loss", history.last)
        j.set("data_seconds", dataSeconds)
        j.set("train_seconds", trainWatch.elapsed)
        print(j.rendered)
    }
}
