import Testing
import Foundation
import SparseLA
@testable import Iterative

@Suite struct DeepConjugateDirectionTests {
    /// A smooth-plus-rough right-hand side (deterministic).
    static func rhs(_ n: Int) -> [Double] {
        (0..<n).map { i -> Double in
            let t = Double(i)
            let u = Double(i * i % 97)
            return sin(0.37 * t) + 0.5 * cos(0.011 * u)
        }
    }

    static func dot(_ x: [Double], _ y: [Double]) -> Double {
        var s = 0.0
        for i in 0..<x.count { s += x[i] * y[i] }
        return s
    }

    @Test func identityProposerReproducesCG() {
        let a = CSRMatrix.laplacian2D(32)
        let b = Self.rhs(a.rows)
        var o = SolveOptions(relativeTolerance: 1e-8)
        o.recordHistory = true
        let cg = Krylov.cg(a, b, options: o)
        let dc = Krylov.dcdm(a, b, proposer: IdentityDirectionProposer(size: a.rows), options: o)
        #expect(cg.converged && dc.converged)
        #expect(abs(cg.iterations - dc.iterations) <= 1)
        // Residual histories agree closely while well above rounding level.
        let h1 = cg.residualHistory!, h2 = dc.residualHistory!
        for k in 0..<min(40, h1.count, h2.count) {
            #expect(abs(h1[k] - h2[k]) <= 1e-6 * h1[0], "iteration \(k)")
        }
        #expect(dc.finalTrueResidual <= 1e-8 * dc.referenceNorm * 1.0000001)
    }

    @Test func exactInverseConvergesInOneStep() throws {
        let a = CSRMatrix.laplacian2D(20)
        let chol = try CholeskyFactorization(a)
        let n = a.rows
        let proposer = ClosureDirectionProposer(size: n) { r, d in
            let x = (try? chol.solve(Array(r))) ?? [Double](repeating: .nan, count: n)
            for i in 0..<n { d[i] = 3.5 * x[i] }  // arbitrary scale: the line search absorbs it
        }
        let res = Krylov.dcdm(a, Self.rhs(n), proposer: proposer, options: SolveOptions(relativeTolerance: 1e-10))
        #expect(res.converged)
        #expect(res.iterations == 1)
    }

    @Test func ssorProposerMatchesSSORPCG() throws {
        let a = CSRMatrix.laplacian2D(30)
        let b = Self.rhs(a.rows)
        let m = try SSORPreconditioner(a, omega: 1.5)
        let o = SolveOptions(relativeTolerance: 1e-8)
        let pcg = Krylov.cg(a, b, preconditioner: m, options: o)
        let dc = Krylov.dcdm(a, b, proposer: PreconditionerDirectionProposer(m), options: o)
        #expect(pcg.converged && dc.converged)
        #expect(abs(pcg.iterations - dc.iterations) <= 1)
    }

    @Test func consecutiveDirectionsAreAOrthogonal() {
        let a = CSRMatrix.laplacian2D(16)
        let n = a.rows
        // A nonlinear proposer: the orthogonalisation must still make directions A-conjugate.
        var dirs: [[Double]] = []
        let ws = DeepConjugateDirection(size: n)
        var o = SolveOptions(relativeTolerance: 1e-6, maxIterations: 8)
        let prop = ClosureDirectionProposer(size: n) { r, d in
            for i in 0..<n { d[i] = r[i] + 0.3 * r[i] * abs(r[i]) }
        }
        o.monitor = { info in
            dirs.append(Array(info.solution))
            return .proceed
        }
        _ = ws.solve(a, Self.rhs(n), proposer: prop, options: o)
        // x_k − x_{k−1} = α_k q_k: check A-orthogonality of successive steps.
        var steps: [[Double]] = []
        var prev = [Double](repeating: 0, count: n)
        for x in dirs { steps.append(zip(x, prev).map { $0 - $1 }); prev = x }
        #expect(steps.count >= 3)
        for k in 1..<steps.count {
            let aq = a.applied(to: steps[k]), ap = a.applied(to: steps[k - 1])
            let num = Self.dot(steps[k], ap)
            let den = (Self.dot(steps[k], aq) * Self.dot(steps[k - 1], ap)).squareRoot()
            #expect(abs(num) / den < 1e-8)
        }
    }

    @Test func zeroProposalIsBreakdownNotHang() {
        let a = CSRMatrix.laplacian2D(8)
        let prop = ClosureDirectionProposer(size: a.rows) { _, d in for i in 0..<d.count { d[i] = 0 } }
        let res = Krylov.dcdm(a, Self.rhs(a.rows), proposer: prop)
        #expect(res.status == .breakdown(.nonPositiveCurvature))
        #expect(res.iterations == 0)
    }
}
