import Testing
import Foundation
import SparseLA
@testable import PDE

@Suite("ROM: POD and reduced basis")
struct PODTests {
    /// Snapshots u_i(x) = Σ_k a_k(i) sin(k π x) with decaying amplitudes: a known spectrum.
    func snapshots(n: Int = 200, m: Int = 30) throws -> SnapshotMatrix {
        var s = try SnapshotMatrix(length: n)
        for i in 0..<m {
            let t = Double(i) / Double(m)
            var u = [Double](repeating: 0, count: n)
            for j in 0..<n {
                let x = Double(j) / Double(n - 1)
                for k in 1...12 {
                    let dk = Double(k)
                    u[j] += pow(0.3, dk) * cos(dk * (t + 0.1 * dk)) * sin(dk * Double.pi * x)
                }
            }
            try s.append(u)
        }
        return s
    }

    @Test func projectionErrorEqualsTailEnergy() throws {
        let s = try snapshots()
        let all = try POD.compute(s, method: .svd)
        for r in [2, 4, 6] {
            let pod = try POD.compute(s, method: .svd, truncation: PODTruncation(maxModes: r))
            #expect(pod.basis.count == r)
            var err = 0.0
            for u in s.columns {
                let p = pod.basis.expand(pod.basis.coefficients(of: u))
                err += zip(u, p).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            }
            let tail = all.singularValues.dropFirst(r).reduce(0) { $0 + $1 * $1 }
            #expect(abs(err - tail) <= 1e-10 * tail + 1e-28)
        }
    }

    @Test func methodOfSnapshotsMatchesSVDAndIsOrthonormalInM() throws {
        let s = try snapshots()
        let a = try POD.compute(s, method: .svd, truncation: PODTruncation(energyTolerance: 1e-4))
        let b = try POD.compute(s, method: .methodOfSnapshots, truncation: PODTruncation(energyTolerance: 1e-4))
        #expect(a.basis.count == b.basis.count)
        for k in 0..<a.basis.count { #expect(abs(a.singularValues[k] - b.singularValues[k]) <= 1e-8 * a.singularValues[0]) }
        // a weighted inner product: diag(1..2)
        let m = CSRMatrix.diagonal((0..<s.length).map { 1 + Double($0) / Double(s.length) })
        let ip = InnerProduct(matrix: m)
        let c = try POD.compute(s, innerProduct: ip, method: .methodOfSnapshots, truncation: PODTruncation(rtol: 1e-6))
        for i in 0..<c.basis.count {
            for j in 0..<c.basis.count {
                #expect(abs(ip.dot(c.basis.vectors[i], c.basis.vectors[j]) - (i == j ? 1 : 0)) < 1e-12)
            }
        }
        #expect(throws: ROMError.self) { try POD.compute(s, innerProduct: ip, method: .svd) }
    }

    @Test func truncationRules() {
        let s = [10.0, 1, 0.1, 0.01, 0]
        #expect(PODTruncation(rtol: 0.05).rank(of: s) == 2)
        // energies 100, 1, 0.01, 1e-4: tail after 1 = 1.0101 > 0.09² · 101.0101
        #expect(PODTruncation(energyTolerance: 0.09).rank(of: s) == 2)
        #expect(PODTruncation(energyTolerance: 0.2).rank(of: s) == 1)
        #expect(PODTruncation().rank(of: s) == 4)
        #expect(PODTruncation(maxModes: 3).rank(of: s) == 3)
        #expect(PODTruncation().rank(of: [0, 0]) == 0)
    }

    @Test func enrichmentRejectsDependentAndBadVectors() throws {
        var b = try ReducedBasis(dimension: 3)
        #expect(try b.enrich([1, 1, 0]))
        #expect(try !b.enrich([2, 2, 0]))
        #expect(try b.enrich([1, 1, 1e-3]))
        #expect(abs(DenseVector.dot(b.vectors[0], b.vectors[1])) < 1e-15)
        #expect(throws: ROMError.self) { try b.enrich([1, 2]) }
        #expect(throws: ROMError.self) { try b.enrich([1, .nan, 0]) }
        #expect(throws: ROMError.self) { try SnapshotMatrix(length: 0) }
    }
}
