import Testing
import Foundation
@testable import PDE

@Suite struct RieszCollocationMatrixTests {
    /// Whole small matrices (boundary rows/columns included) against 50-digit mpmath.
    @Test func denseMatchesHighPrecision() throws {
        for (n, p, alpha, ref) in FractionalReference.matrices {
            let prob = try RieszCollocation(alpha: alpha, degree: p, intervals: n)
            let m = RieszCollocationMatrix(problem: prob).dense()
            #expect(m.count == ref.count)
            let scale = ref.map(abs).max()!
            var worst = 0.0
            for k in 0..<m.count { worst = max(worst, abs(m[k] - ref[k])) }
            print("RieszCollocationMatrix n=\(n) p=\(p) alpha=\(alpha): max |Â − Â_mpmath| / max|Â| = \(worst / scale)")
            #expect(worst <= 1e-13 * scale, "n=\(n) p=\(p) alpha=\(alpha): max error \(worst)")
        }
    }

    /// Central coefficients match PDE.md §1.4 table (α = 1.5).
    @Test func toeplitzCoefficientsMatchTable() throws {
        let table: [Int: [Double]] = [2: [1.430727, -0.586710, -0.075432, -0.021947, -0.010049],
                                      3: [1.246373, -0.469392, -0.098913, -0.023163, -0.010317]]
        for (p, row) in table {
            let m = RieszCollocationMatrix(problem: try RieszCollocation(alpha: 1.5, degree: p, intervals: 32))
            for k in 0..<5 { #expect(abs(m.toeplitz[k] - row[k]) < 1e-6, "p=\(p) a_\(k) = \(m.toeplitz[k])") }
        }
    }

    /// R = J L J makes Â centro-symmetric: Â_{ij} = Â_{N−1−i, N−1−j}; interior rows are Toeplitz.
    @Test func structure() throws {
        let prob = try RieszCollocation(alpha: 1.7, degree: 4, intervals: 20)
        let m = RieszCollocationMatrix(problem: prob)
        let N = prob.size
        let d = m.dense()
        for i in 0..<N { for j in 0..<N { #expect(d[i * N + j] == d[(N - 1 - i) * N + (N - 1 - j)]) } }
        let rows = prob.interiorRows!, cols = prob.interiorColumns!
        for i in rows { for j in cols { #expect(d[i * N + j] == m.toeplitz[abs(i - j)]) } }
        #expect(m.boundaryRowIndices.count == 2 * (4 - 2))
        #expect(m.boundaryColumnIndices.count == 2 * (4 - 1))
    }

    @Test func badInputIsATypedError() {
        #expect(throws: FractionalError.self) { try RieszCollocation(alpha: 2.5, degree: 3, intervals: 8) }
        #expect(throws: FractionalError.self) { try RieszCollocation(alpha: 1.5, degree: 1, intervals: 8) }
        #expect(throws: FractionalError.self) { try RieszCollocation(alpha: .nan, degree: 3, intervals: 8) }
        #expect(throws: FractionalError.self) { try RieszCollocation(alpha: 1.5, degree: 3, intervals: 1) }
        do {
            _ = try RieszCollocation(alpha: 1.5, degree: 1, intervals: 8)
        } catch let e as FractionalError {
            #expect(e.file.contains("RieszCollocation.swift") && e.line > 0)
        } catch { Issue.record("wrong error \(error)") }
    }
}
