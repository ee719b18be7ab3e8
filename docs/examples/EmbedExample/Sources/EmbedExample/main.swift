import SparseLA
import Iterative

// Assemble a small nonsymmetric system with the triplet builder (duplicates are summed).
let n = 200
var builder = TripletBuilder(rows: n, columns: n)
for i in 0..<n {
    builder.append(row: i, column: i, value: 4)
    if i > 0 { builder.append(row: i, column: i - 1, value: -1.5) }
    if i + 1 < n { builder.append(row: i, column: i + 1, value: -0.5) }
}
let a = builder.build()
let b = a.multiplied(by: [Double](repeating: 1, count: n))

// Direct: UMFPACK LU, factor once and solve.
let direct = try DirectSolver.solve(a, b, method: .auto)
print("direct \(direct.method): relative residual \(a.relativeResidual(x: direct.solution, b: b))")

// Iterative: GMRES(30) with ILU(0), stopping when ||b - A x|| <= 1e-10 ||b||.
var options = SolveOptions(relativeTolerance: 1e-10)
options.reference = .rightHandSide
let ilu = try IncompleteLU(a)
let result = Krylov.gmres(a, b, preconditioner: ilu, options: options)
print("gmres+ilu0: \(result.status), \(result.iterations) iterations, true residual \(result.finalTrueResidual)")
