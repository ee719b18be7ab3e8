import Testing
import Foundation
import SparseLA
@testable import PDE

@Suite("ROM: save/load")
struct ROMFileTests {
    func tmp(_ name: String) -> String { FileManager.default.temporaryDirectory.appendingPathComponent("rom-\(getpid())-\(name)").path }

    @Test func galerkinRoundTripGivesIdenticalOnlineSolutions() throws {
        let problem = try SubdomainPoisson.problem(cellsPerSide: 12, blocksPerSide: 2)
        let b = try ReducedBasisBuilder(problem: problem, referenceParameter: [1, 1, 1, 1])
        _ = try b.greedy(training: SubdomainPoisson.sample(count: 20, parameters: 4, range: 0.1...10, seed: 3),
                         tolerance: 1e-4, maxBasis: 8, initial: [1, 1, 1, 1])
        let rom = try b.rom()
        let path = tmp("g.rom")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ROMFile.save(rom, kind: "poisson-subdomains", info: ["cells": 12], vectors: b.basis.vectors, to: path)
        let c = try ROMFile.load(path)
        #expect(c.kind == "poisson-subdomains" && c.info["cells"] == 12 && c.vectors == b.basis.vectors)
        let back = try ROMFile.model(GalerkinROM.self, from: c)
        let mu = [0.3, 2, 5, 0.7]
        #expect(try back.solve(mu) == rom.solve(mu))
        #expect(try back.solveWithEstimate(mu).residual == rom.solveWithEstimate(mu).residual)
        #expect(throws: ROMError.self) { try ROMFile.model(TimeSeriesROMData.self, from: c) }
    }

    @Test func rejectsBadFiles() throws {
        let path = tmp("bad.rom")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("NOTAROM!xxxxxxxx".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ROMError.self) { try ROMFile.load(path) }
        // valid header, truncated basis block
        try ROMFile.save(TimeSeriesROMData(reducedOperator: [1], offset: [0], singularValues: [1]), kind: "heat", info: [:],
                         vectors: [[1, 2, 3]], to: path)
        let full = try Data(contentsOf: URL(fileURLWithPath: path))
        try full.prefix(full.count - 4).write(to: URL(fileURLWithPath: path))
        #expect(throws: ROMError.self) { try ROMFile.load(path) }
        // absurd header length
        var d = Data("SSROM001".utf8); withUnsafeBytes(of: UInt64.max.littleEndian) { d.append(contentsOf: $0) }
        try d.write(to: URL(fileURLWithPath: path))
        #expect(throws: ROMError.self) { try ROMFile.load(path) }
        #expect(throws: ROMError.self) { try ROMFile.load("/nonexistent/x.rom") }
    }
}
