import SparseLA
import CReference

switch CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "" {
case "amg": runAMGBench(Array(CommandLine.arguments.dropFirst(2)))
case "precond": runPrecondBench(Array(CommandLine.arguments.dropFirst(2)))
default: print("solversuite-bench: see Benchmarks/README.md")
}
