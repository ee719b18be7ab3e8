import Testing
import Foundation
import SparseLA
@testable import PDE

@Suite("ROM: nonintrusive time-series ROM (operator inference / DMD)")
struct TimeSeriesROMTests {
    /// x_k = Q z_k with z_{k+1} = D z_k (two damped rotations + one decay): rank-5 dynamics in R^300.
    func synthetic(n: Int = 300, steps: Int) throws -> [[Double]] {
        var basis = try ReducedBasis(dimension: n)
        for k in 0..<5 { try basis.enrich((0..<n).map { sin(Double(($0 + 1) * (k + 1)) * 0.37) + 0.1 * Double(k) }) }
        var z = [1.0, 0.0, 0.5, 0.5, 1.0]
        var out: [[Double]] = []
        let (c1, s1) = (0.98 * cos(0.3), 0.98 * sin(0.3)), (c2, s2) = (0.95 * cos(1.1), 0.95 * sin(1.1))
        for _ in 0...steps {
            out.append(basis.expand(z))
            z = [c1 * z[0] - s1 * z[1], s1 * z[0] + c1 * z[1], c2 * z[2] - s2 * z[3], s2 * z[2] + c2 * z[3], 0.9 * z[4]]
        }
        return out
    }

    @Test func recoversLinearDynamicsExactly() throws {
        let states = try synthetic(steps: 80)
        var train = try SnapshotMatrix(length: states[0].count)
        for x in states.prefix(30) { try train.append(x) }
        let rom = try TimeSeriesROM.fit(train, truncation: PODTruncation(rtol: 1e-10), withOffset: false)
        #expect(rom.rank == 5)
        let pred = rom.predict(from: states[0], steps: 80)
        var worst = 0.0
        for k in 0...80 {
            let e = DenseVector.norm2(DenseVector.subtract(rom.reconstruct(pred[k]), states[k])) / DenseVector.norm2(states[k])
            worst = max(worst, e)
        }
        #expect(worst < 1e-9)
        let moduli = try rom.eigenvalues().map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }.sorted()
        #expect(abs(moduli[0] - 0.9) < 1e-9 && abs(moduli[4] - 0.98) < 1e-9)
    }

    @Test func heatEquationPredictionBeyondTrainingWindow() throws {
        let (states, _) = try HeatEquationSeries.simulate(gridSize: 30, dt: 2e-3, steps: 120)
        var train = try SnapshotMatrix(length: states[0].count)
        for x in states.prefix(61) { try train.append(x) }
        let rom = try TimeSeriesROM.fit(train, truncation: PODTruncation(energyTolerance: 1e-7), withOffset: true)
        let pred = rom.predict(from: states[0], steps: 120)
        var trainErr = 0.0, predErr = 0.0
        for k in 0...120 {
            let e = DenseVector.norm2(DenseVector.subtract(rom.reconstruct(pred[k]), states[k])) / DenseVector.norm2(states[k])
            if k <= 60 { trainErr = max(trainErr, e) } else { predErr = max(predErr, e) }
        }
        print("heat ROM rank \(rom.rank): train \(trainErr), prediction \(predErr)")
        #expect(trainErr < 1e-3)
        #expect(predErr < 1e-2)
        #expect(throws: ROMError.self) { try TimeSeriesROM.fit(try SnapshotMatrix(length: 3), truncation: PODTruncation(), withOffset: false) }
    }
}

@Suite("ROM: time-series ROM on the active-fluid moment model")
struct MomentSeriesROMTests {
    @Test func predictsEarlyMomentDynamics() throws {
        var kp = KineticParameters()
        kp.n = 16
        let (states, _) = try MomentSeries.simulate(parameters: kp, records: 24, every: 5)
        #expect(states.count == 25 && states[0].count == 4 * 16 * 16)
        var train = try SnapshotMatrix(length: states[0].count)
        for x in states.prefix(13) { try train.append(x) }
        let rom = try TimeSeriesROM.fit(train, truncation: PODTruncation(energyTolerance: 1e-7), withOffset: true)
        let pred = rom.predict(from: states[0], steps: 24)
        var predErr = 0.0
        for k in 13...24 {
            predErr = max(predErr, DenseVector.norm2(DenseVector.subtract(rom.reconstruct(pred[k]), states[k])) / DenseVector.norm2(states[k]))
        }
        print("moment ROM rank \(rom.rank): prediction error \(predErr)")
        #expect(predErr < 1e-2)
        #expect(throws: ROMError.self) { try MomentSeries.simulate(parameters: kp, records: 0, every: 1) }
    }
}
