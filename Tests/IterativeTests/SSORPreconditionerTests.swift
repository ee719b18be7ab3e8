import Testing
import SparseLA
@testable import Iterative

@Suite struct SSORPreconditionerTests {
    @Test func matchesDenseFormula() throws {
        // M = (D + ωL) D⁻¹ (D + ωU) / (ω(2 − ω)); check M z = r.
        let a = CSRMatrix(dense: [[4, -1, 0.5, 0], [-1, 5, -2, 1], [0.5, -2, 6, -1], [0, 1, -1, 3]])
        let w = 1.4
        let m = try SSORPreconditioner(a, omega: w)
        let r = [1.0, -2, 0.5, 3]
        var z = [Double]()
        m.apply(r, into: &z)
        let d = a.toDense()
        let n = 4
        // u = (D + ωU) z ; v = D⁻¹ u ; Mz = (D + ωL) v / (ω(2−ω))
        var u = [Double](repeating: 0, count: n), v = u, mz = u
        for i in 0..<n { u[i] = d[i][i] * z[i]; for j in (i + 1)..<n { u[i] += w * d[i][j] * z[j] } }
        for i in 0..<n { v[i] = u[i] / d[i][i] }
        for i in 0..<n { mz[i] = d[i][i] * v[i]; for j in 0..<i { mz[i] += w * d[i][j] * v[j] }; mz[i] /= w * (2 - w) }
        for i in 0..<n { #expect(abs(mz[i] - r[i]) < 1e-13) }
    }

    @Test func reducesCGIterations() throws {
        let a = CSRMatrix.laplacian2D(30)
        let b = TestSystems.rhsForOnes(a)
        let o = SolveOptions.scipy(rtol: 1e-8)
        let plain = Krylov.cg(a, b, options: o)
        let pcg = Krylov.cg(a, b, preconditioner: try SSORPreconditioner(a, omega: 1.5), options: o)
        #expect(pcg.converged)
        #expect(Double(pcg.iterations) < 0.6 * Double(plain.iterations))
    }

    @Test func rejectsBadOmegaAndDiagonal() {
        let a = CSRMatrix.laplacian1D(3)
        #expect(throws: PreconditionerError.invalidOmega(2)) { try SSORPreconditioner(a, omega: 2) }
        #expect(throws: PreconditionerError.zeroDiagonal(row: 0)) { try SSORPreconditioner(CSRMatrix(dense: [[0, 1], [1, 1]])) }
    }
}
