import SparseLA
import CReference
#if canImport(Glibc)
import Glibc
#endif

// Dispatcher: one mode per workload, each in its own file.
let benchArguments = Array(CommandLine.arguments.dropFirst())
let modeArguments = Array(benchArguments.dropFirst())
switch benchArguments.first {
case "cg": exit(CGBench.run(modeArguments))
case "amg": runAMGBench(modeArguments)
case "precond": runPrecondBench(modeArguments)
default: print("solversuite-bench: see Benchmarks/README.md (modes: cg, amg, precond)")
}
