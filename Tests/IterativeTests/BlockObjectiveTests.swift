import Testing
import SparseLA
@testable import Iterative

/// Gradient maintenance equals a full recompute, and valueChange matches value differences
/// (QuadraticObjective, DesignMatrixObjective).
@Suite struct BlockObjectiveTests {
    func check(_ obj: any BlockObjective, steps: Int, blockSize: Int, tolerance: Double) {
        var rng = SeededRandom(seed: 11)
        let n = obj.dimension
        for _ in 0..<steps {
            var block: [Int] = []
            while block.count < blockSize { let j = rng.index(below: n); if !block.contains(j) { block.append(j) } }
            let delta = block.map { _ in rng.gaussian() }
            let before = obj.value()
            let predicted = obj.valueChange(block: block, delta: delta, scale: 0.7)
            let scaled = delta.map { $0 * 0.7 }
            obj.step(block: block, delta: scaled)
            #expect(abs(obj.value() - before - predicted) <= tolerance * max(1, abs(before)))
        }
        let maintained = obj.gradient
        obj.reset(to: obj.x)
        let fresh = obj.gradient
        let scale = fresh.map(abs).max()!
        #expect(BCDTestSupport.maxAbsDiff(maintained, fresh) <= tolerance * max(scale, 1))
    }

    @Test func quadraticGradientMaintenance() throws {
        let a = CSRMatrix.laplacian2D(10)
        let obj = try QuadraticObjective(matrix: a, rhs: (0..<100).map { Double($0 % 7) })
        check(obj, steps: 200, blockSize: 4, tolerance: 1e-10)
    }

    @Test func leastSquaresGradientMaintenance() throws {
        let (x, y) = BCDSyntheticProblems.leastSquares(rows: 40, columns: 120, seed: 5)
        let obj = try DesignMatrixObjective(design: x, targets: y, loss: .leastSquares, lambda: 0.5)
        check(obj, steps: 200, blockSize: 5, tolerance: 1e-9)
    }

    @Test func logisticGradientMaintenance() throws {
        let (x, y) = BCDSyntheticProblems.logistic(rows: 40, columns: 120, seed: 5)
        let obj = try DesignMatrixObjective(design: x, targets: y, loss: .logistic, lambda: 1)
        check(obj, steps: 200, blockSize: 5, tolerance: 1e-9)
    }

    @Test func badInputIsATypedError() {
        #expect(throws: BCDError.self) { try QuadraticObjective(matrix: CSRMatrix(dense: [[1, 2], [0, 1]]), rhs: [1, 1]) }
        #expect(throws: BCDError.self) { try QuadraticObjective(matrix: .diagonal([1, -1]), rhs: [1, 1]) }
        #expect(throws: BCDError.self) { try QuadraticObjective(matrix: .diagonal([1, 1]), rhs: [1]) }
        #expect(throws: BCDError.self) { try DesignMatrixObjective(design: .identity(2), targets: [1, 0.5], loss: .logistic) }
    }
}
