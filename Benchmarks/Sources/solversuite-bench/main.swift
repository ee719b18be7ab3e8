import SparseLA
import CReference

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "amg" {
    runAMGBench(Array(CommandLine.arguments.dropFirst(2)))
} else {
    print("solversuite-bench: see Benchmarks/README.md")
}
