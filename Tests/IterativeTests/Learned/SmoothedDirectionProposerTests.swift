import Testing
import Foundation
import SparseLA
@testable import Iterative

@Suite struct SmoothedDirectionProposerTests {
    static func rhs(_ n: Int) -> [Double] { DeepConjugateDirectionTests.rhs(n) }

    /// The direction written out step by step with `SSORPreconditioner` and dense vector algebra.
    static func reference(_ a: CSRMatrix, _ r: [Double], sweeps: Int, inner: ([Double]) -> [Double]) throws -> [Double] {
        let s = try SSORPreconditioner(a, omega: 1)
        let n = a.rows
        var d = [Double](repeating: 0, count: n), res = r
        func smooth() {
            for _ in 0..<sweeps {
                var z = [Double](repeating: 0, count: n)
                res.withUnsafeBufferPointer { rb in z.withUnsafeMutableBufferPointer { s.apply(rb, into: $0) } }
                let az = a.multiplied(by: z)
                for i in 0..<n { d[i] += z[i]; res[i] -= az[i] }
            }
        }
        smooth()
        let norm = DenseVector.norm2(res)
        let z = inner(res.map { $0 / norm })
        let az = a.multiplied(by: z)
        let alpha = DeepConjugateDirectionTests.dot(z, res) / DeepConjugateDirectionTests.dot(z, az)
        for i in 0..<n { d[i] += alpha * z[i]; res[i] -= alpha * az[i] }
        smooth()
        return d
    }

    static func propose(_ p: some DirectionProposer, _ r: [Double]) -> [Double] {
        var d = [Double](repeating: 0, count: r.count)
        r.withUnsafeBufferPointer { rb in d.withUnsafeMutableBufferPointer { p.propose(rb, into: $0) } }
        return d
    }

    @Test func directionMatchesTheTwoLevelFormulaAndIsHomogeneous() throws {
        let a = CSRMatrix.laplacian2D(12)
        let n = a.rows
        let r0 = Self.rhs(n)
        let rn = DenseVector.norm2(r0)
        let r = r0.map { $0 / rn }
        // A non-symmetric linear inner map (a shifted copy scaled), so α and the sweeps matter.
        let innerMap: ([Double]) -> [Double] = { v in (0..<v.count).map { i in 2 * v[i] + 0.5 * v[(i + 1) % v.count] } }
        let inner = ClosureDirectionProposer(size: n) { rb, db in
            let out = innerMap(Array(rb))
            for i in 0..<n { db[i] = out[i] }
        }
        for sweeps in [0, 1, 2] {
            let p = try SmoothedDirectionProposer(inner: inner, matrix: a, sweeps: sweeps)
            let d = Self.propose(p, r)
            let e = try Self.reference(a, r, sweeps: sweeps, inner: innerMap)
            let scale = e.map(abs).max()!
            for i in 0..<n { #expect(abs(d[i] - e[i]) <= 1e-12 * scale, "sweeps \(sweeps) entry \(i)") }
            // Positively homogeneous: f(3r) = 3 f(r) (the inner proposal sees a normalised residual).
            let d3 = Self.propose(p, r.map { 3 * $0 })
            for i in 0..<n { #expect(abs(d3[i] - 3 * d[i]) <= 1e-12 * 3 * scale) }
        }
    }

    @Test func smoothingCutsDCDMIterationsAndExactInnerConvergesInOneStep() throws {
        let a = CSRMatrix.laplacian2D(32)
        let n = a.rows
        let b = Self.rhs(n)
        let o = SolveOptions(relativeTolerance: 1e-8)
        // Identity inner: smoothing + a Richardson-like correction beats plain CG.
        let cg = Krylov.dcdm(a, b, proposer: IdentityDirectionProposer(size: n), options: o)
        let sm = Krylov.dcdm(a, b, proposer: try SmoothedDirectionProposer(inner: IdentityDirectionProposer(size: n), matrix: a, sweeps: 1), options: o)
        #expect(cg.converged && sm.converged)
        #expect(sm.iterations < cg.iterations / 2, "CG \(cg.iterations), smoothed \(sm.iterations)")
        // An exact inverse as the inner proposal makes the direction exact: one step.
        let chol = try CholeskyFactorization(a)
        let exact = ClosureDirectionProposer(size: n) { r, d in
            let x = (try? chol.solve(Array(r))) ?? [Double](repeating: .nan, count: n)
            for i in 0..<n { d[i] = x[i] }
        }
        let one = Krylov.dcdm(a, b, proposer: try SmoothedDirectionProposer(inner: exact, matrix: a, sweeps: 2), options: SolveOptions(relativeTolerance: 1e-10))
        #expect(one.converged && one.iterations == 1)
        // A broken inner proposal is reported, not looped on.
        let broken = ClosureDirectionProposer(size: n) { _, d in for i in 0..<n { d[i] = .nan } }
        let bad = Krylov.dcdm(a, b, proposer: try SmoothedDirectionProposer(inner: broken, matrix: a, sweeps: 1), options: o)
        #expect(bad.status == .notFinite)
    }

    @Test func badMatrixIsATypedError() {
        let n = 3
        let a = try! CSRMatrix(rows: n, columns: n, rowPointers: [0, 1, 2, 3], columnIndices: [0, 1, 2], values: [1, 0, 1])
        #expect(throws: PreconditionerError.self) {
            _ = try SmoothedDirectionProposer(inner: IdentityDirectionProposer(size: n), matrix: a, sweeps: 1)
        }
    }
}
