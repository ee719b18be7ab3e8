import SparseLA
import CReference

print("solversuite-bench: see Benchmarks/README.md")
