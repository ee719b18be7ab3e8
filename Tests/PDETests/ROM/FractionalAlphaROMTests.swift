import Testing
import SparseLA
@testable import PDE

@Suite("ROM: fractional Riesz problem across alpha")
struct FractionalAlphaROMTests {
    @Test func errorDecreasesWithBasisSize() throws {
        let model = try FractionalAlphaROM(degree: 3, intervals: 64, nodes: 11)
        #expect(model.rom.basisSize >= 6)
        var errs: [Double] = []
        for n in [1, 3, 6, model.rom.basisSize] {
            var worst = 0.0
            for alpha in [1.13, 1.37, 1.52, 1.88] {
                let u = try FractionalAlphaROM.fullSolve(alpha: alpha, degree: 3, intervals: 64)
                let ur = try model.solve(alpha: alpha, modes: n)
                worst = max(worst, DenseVector.norm2(DenseVector.subtract(u, ur)) / DenseVector.norm2(u))
            }
            errs.append(worst)
        }
        print("fractional ROM max relative error vs N:", errs)
        #expect(errs.last! < 1e-4)
        #expect(errs.last! < errs.first! * 1e-2)
        #expect(throws: ROMError.self) { try model.solve(alpha: 1.95) }
        #expect(throws: ROMError.self) { try FractionalAlphaROM(intervals: 16, range: 0.9...1.5) }
    }

    @Test func interpolationReproducesNodesAndPolynomials() throws {
        let nodes = InterpolatedROM.chebyshevNodes(5, lower: 1, upper: 2)
        // scalar "operator" 1 and load t^3: interpolation of a cubic is exact
        let rom = try InterpolatedROM(lower: 1, upper: 2, nodes: nodes, operators: nodes.map { _ in [1] },
                                      loads: nodes.map { [$0 * $0 * $0] }, basisSize: 1, projection: .galerkin)
        for t in [1.0, 1.23, 1.5, 1.77, 2.0] { #expect(abs(try rom.solve(t)[0] - t * t * t) < 1e-13) }
    }
}
