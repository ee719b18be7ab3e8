import SparseLA

// solversuite-bench MODE [ARGS...]: one mode per workload; see Benchmarks/README.md.
// Each mode lives in its own file (SpMVBench.swift, ReadBench.swift, DirectBench.swift, AMGBench.swift, ...).
let benchArguments = Array(CommandLine.arguments.dropFirst(2))
switch CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "" {
case "amg": runAMGBench(benchArguments)
case "spmv": runSpMVBench(benchArguments)
case "read": runReadBench(benchArguments)
case "writemtx": runWriteMTX(benchArguments)
case "direct": runDirectBench(benchArguments)
default:
    print("usage: solversuite-bench amg|spmv|read|writemtx|direct ARGS... (see Benchmarks/README.md)")
}
