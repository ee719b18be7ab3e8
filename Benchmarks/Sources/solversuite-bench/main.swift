import SparseLA
import CReference

let benchArguments = Array(CommandLine.arguments.dropFirst())
if benchArguments.first == "mmread" {
    runMatrixMarketBench(Array(benchArguments.dropFirst()))
} else {
    print("solversuite-bench: see Benchmarks/README.md")
}
