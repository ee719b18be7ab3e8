import SparseLA
import CReference
#if canImport(Glibc)
import Glibc
#endif

// solversuite-bench MODE [ARGS...]: one mode per workload, each in its own file; see Benchmarks/README.md.
let modeArguments = Array(CommandLine.arguments.dropFirst(2))
switch CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "" {
case "cg": exit(CGBench.run(modeArguments))
case "amg": runAMGBench(modeArguments)
case "precond": runPrecondBench(modeArguments)
case "poisson": runPoissonBench(modeArguments)
case "spmv": runSpMVBench(modeArguments)
case "read": runReadBench(modeArguments)
case "mmread": runMatrixMarketBench(modeArguments)
case "writemtx": runWriteMTX(modeArguments)
case "direct": runDirectBench(modeArguments)
default:
    print("usage: solversuite-bench cg|amg|precond|poisson|spmv|read|mmread|writemtx|direct ARGS... (see Benchmarks/README.md)")
}
