import Foundation
import SparseLA

/// Result of solving a Riesz collocation system and measuring it against the manufactured solution.
public struct RieszSolveReport: Sendable {
    /// Number of unknowns N.
    public var size: Int
    /// Spline coefficients c (solution of Â c = h^α s(ξ)).
    public var coefficients: [Double]
    /// max |u_h − u| on `errorSamples` uniform points of [0, 1] (NaN when not measured).
    public var maxError: Double
    /// Krylov iterations (0 for the direct solve).
    public var iterations: Int
    /// Stable stop name: "converged", "max_iterations", … ("direct" solves report "converged").
    public var status: String
    /// Seconds to assemble Â (structured form).
    public var assemblySeconds: Double
    /// Seconds in the solve itself (factorization + solve, or the Krylov iteration + preconditioner setup).
    public var solveSeconds: Double
}

/// The manufactured right-hand side h^α s(ξ_i) for Â c = h^α s (so that A c = s with A = h^{−α}Â).
public func rieszManufacturedRHS(_ problem: RieszCollocation, _ m: RieszManufacturedSolution) -> [Double] {
    let hs = pow(problem.h, problem.alpha)
    return problem.collocationPoints.map { hs * m.rightHandSide($0) }
}

/// max |u_h(x) − u(x)| over `samples` uniform points of [0, 1].
public func rieszMaxError(_ problem: RieszCollocation, coefficients: [Double], exact: (Double) -> Double,
                          samples: Int = 4001) -> Double {
    var e = 0.0
    for k in 0..<samples {
        let x = Double(k) / Double(samples - 1)
        e = max(e, abs(problem.evaluateSpline(coefficients: coefficients, at: x) - exact(x)))
    }
    return e
}

/// Assembles Â densely and solves the manufactured problem with LAPACK `dgesv` (the reference).
/// O(N³). Throws `FractionalError` for N > 20 000 or a singular matrix.
public func rieszSolveDirect(_ problem: RieszCollocation, errorSamples: Int = 4001) throws -> RieszSolveReport {
    guard problem.size <= 20_000 else {
        throw FractionalError("direct solve: N = \(problem.size) > 20000 unknowns needs a \(problem.size)² dense matrix; use GMRES")
    }
    let m = RieszManufacturedSolution(alpha: problem.alpha)
    var w = Stopwatch()
    let matrix = RieszCollocationMatrix(problem: problem)
    let assembly = w.restart()
    let b = rieszManufacturedRHS(problem, m)
    let dense = matrix.dense()
    let c = try denseSolve(rowMajor: dense, size: problem.size, rhs: b)
    let solve = w.elapsed
    let err = errorSamples > 1 ? rieszMaxError(problem, coefficients: c, exact: m.solution, samples: errorSamples) : .nan
    return RieszSolveReport(size: problem.size, coefficients: c, maxError: err, iterations: 0, status: "converged",
                            assemblySeconds: assembly, solveSeconds: solve)
}
