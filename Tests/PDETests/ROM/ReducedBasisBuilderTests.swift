import Testing
import SparseLA
@testable import PDE

@Suite("ROM: reduced-basis Galerkin for subdomain Poisson")
struct ReducedBasisBuilderTests {
    @Test func greedyConvergesAndIndicatorBoundsTheError() throws {
        let problem = try SubdomainPoisson.problem(cellsPerSide: 24, blocksPerSide: 2)
        #expect(problem.size == 23 * 23)
        let builder = try ReducedBasisBuilder(problem: problem, referenceParameter: [1, 1, 1, 1])
        let train = SubdomainPoisson.sample(count: 60, parameters: 4, range: 0.1...10, seed: 1)
        let history = try builder.greedy(training: train, tolerance: 1e-6, maxBasis: 40, initial: [1, 1, 1, 1])
        #expect(history.last!.maxIndicator < 1e-6)
        #expect(history.last!.basisSize <= 30)
        let rom = try builder.rom()
        let x = builder.innerProductMatrix
        for mu in SubdomainPoisson.sample(count: 8, parameters: 4, range: 0.1...10, seed: 99) {
            let u = try problem.solve(mu)
            let uX = DenseVector.dot(u, x.multiplied(by: u)).squareRoot()
            for n in [2, rom.basisSize] {
                let r = try rom.truncated(to: n)
                let est = try r.solveWithEstimate(mu)
                let e = zip(u, builder.basis.prefix(n).expand(est.coefficients)).map { $0 - $1 }
                let xErr = x.multiplied(by: e).enumerated().reduce(0.0) { $0 + $1.element * e[$1.offset] }.squareRoot()
                let a = problem.matrix(mu)
                let enErr = a.multiplied(by: e).enumerated().reduce(0.0) { $0 + $1.element * e[$1.offset] }.squareRoot()
                // rigorous bounds above the round-off floor (~1e-7 relative) of the Gram-matrix evaluation
                if xErr > 1e-6 * uX {
                    #expect(est.xBound >= xErr * (1 - 1e-6))
                    #expect(est.energyBound >= enErr * (1 - 1e-6))
                }
                if n == rom.basisSize { #expect(xErr / uX < 1e-5) }
            }
        }
    }

    @Test func badInputIsRejectedWithTypedErrors() throws {
        let a = CSRMatrix.laplacian1D(4)
        #expect(throws: ROMError.self) {
            try AffineLinearProblem(operators: [a, CSRMatrix.identity(4)], operatorCoefficients: [.parameter(0), .parameter(1)],
                                    rightHandSides: [[1, 1, 1, 1]], rhsCoefficients: [.constant(1)], parameterRanges: [1...2, 1...2])
        }
        #expect(throws: ROMError.self) {
            try AffineLinearProblem(operators: [a], operatorCoefficients: [.parameter(3)], rightHandSides: [[1, 1, 1, 1]],
                                    rhsCoefficients: [.constant(1)], parameterRanges: [1...2])
        }
        let p = try AffineLinearProblem(operators: [a], operatorCoefficients: [.parameter(0)], rightHandSides: [[1, 1, 1, 1]],
                                        rhsCoefficients: [.constant(1)], parameterRanges: [1...2])
        #expect(throws: ROMError.self) { try p.solve([3]) }
        let b = try ReducedBasisBuilder(problem: p, referenceParameter: [1])
        #expect(throws: ROMError.self) { try b.rom() }
        try b.enrich(with: try p.solve([1.5]))
        let rom = try b.rom()
        // one parameter scaling the operator: the basis of one snapshot is exact everywhere
        let u = try p.solve([1.2])
        let ur = b.basis.expand(try rom.solve([1.2]))
        #expect(DenseVector.norm2(DenseVector.subtract(u, ur)) < 1e-12)
        #expect(throws: ROMError.self) { try rom.solve([0.5]) }
        #expect(throws: ROMError.self) { try rom.solve([1, 1]) }
        #expect(throws: ROMError.self) { try rom.truncated(to: 2) }
        #expect(throws: ROMError.self) { try SubdomainPoisson.problem(cellsPerSide: 1) }
    }
}
