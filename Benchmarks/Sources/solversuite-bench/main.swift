import SparseLA
import CReference
#if canImport(Glibc)
import Glibc
#endif

let benchArguments = Array(CommandLine.arguments.dropFirst())
switch benchArguments.first {
case "cg":
    exit(CGBench.run(Array(benchArguments.dropFirst())))
default:
    print("solversuite-bench: see Benchmarks/README.md (modes: cg)")
}
