import ArgumentParser
import SparseLA
import Iterative
import PDE

@main
struct SolverSuite: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solversuite",
        abstract: "Sparse linear systems and PDEs: direct (SuiteSparse) and iterative solvers.",
        subcommands: [
            SolveCommand.self,
            InfoCommand.self,
            BenchCommand.self,
            GenerateCommand.self,
            PoissonCommand.self,
            FractionalCommand.self,
            BCDCommand.self,
            TuneOmegaCommand.self,
            TrainCommand.self,
            DCDMCommand.self,
            KineticCommand.self,
            ROMCommand.self,
        ]
    )
}
