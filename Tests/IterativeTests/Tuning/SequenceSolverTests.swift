import Testing
import Foundation
import SparseLA
@testable import Iterative

/// Tests for Sources/Iterative/Tuning/SequenceSolver.swift and OracleOmegaPolicy.swift.
@Suite struct SequenceSolverTests {
    let grid = OmegaGrid.linear(from: 1, to: 1.9, count: 10)

    @Test func oracleIsAtLeastAsGoodAsEveryFixedOmegaOnEachInstance() throws {
        var seq = ShiftedLaplacianSequence(variance: .high, count: 6, seed: 4)
        var solver = SequenceSolver(policy: OracleOmegaPolicy(grid: grid, refinementSteps: 6))
        let steps = try solver.run(&seq, count: 6)
        #expect(steps.count == 6)
        var again = ShiftedLaplacianSequence(variance: .high, count: 6, seed: 4)
        for step in steps {
            let inst = again.next(previousSolution: nil)!
            for w in grid {
                let r = SOR.solve(A: inst.matrix, b: inst.rhs, omega: w, options: SolveOptions(relativeTolerance: 1e-8))
                #expect(step.cost <= Double(r.iterations), "instance \(step.index): oracle \(step.cost) vs omega \(w): \(r.iterations)")
            }
            #expect(step.status.isConverged)
            #expect(step.probedOmegas.count == grid.count + 6)
        }
    }

    @Test func sorAndSSORCGSolveTheSequence() throws {
        for method in TunedMethod.allCases {
            var seq = ShiftedLaplacianSequence(variance: .low, count: 5, seed: 1)
            var solver = SequenceSolver(policy: TsallisINFPolicy(grid: grid, seed: 1),
                                        configuration: .init(method: method))
            var insts = ShiftedLaplacianSequence(variance: .low, count: 5, seed: 1)
            var last: [Double]? = nil
            while let inst = seq.next(previousSolution: last) {
                let (step, x) = try solver.solve(inst)
                _ = insts.next(previousSolution: nil)
                #expect(step.status.isConverged, "\(method)")
                let rn = DenseVector.norm2(zip(inst.matrix.multiplied(by: x), inst.rhs).map { $0 - $1 })
                #expect(rn <= 1.01e-8 * DenseVector.norm2(inst.rhs), "\(method)")
                #expect(grid.contains(step.omega))
                last = x
            }
            #expect(solver.solvedCount == 5)
        }
    }

    @Test func failuresCostTheCap() throws {
        var solver = SequenceSolver(policy: FixedOmegaPolicy(omega: 1.0),
                                    configuration: .init(method: .sor, maxIterations: 7))
        let inst = SequenceInstance(matrix: .laplacian2D(6), rhs: [Double](repeating: 1, count: 36))
        let (step, _) = try solver.solve(inst)
        #expect(step.status == .maxIterations && step.cost == 7)
        // A zero diagonal is a failed solve (cost = cap), not a crash.
        let z = CSRMatrix(dense: [[0, 1], [1, 0]])
        let (s2, _) = try solver.solve(SequenceInstance(matrix: z, rhs: [1, 1]))
        #expect(s2.status == .breakdown(.zeroDiagonal) && s2.cost == 7)
    }

    @Test func badDimensionsThrow() {
        var solver = SequenceSolver(policy: FixedOmegaPolicy(omega: 1.2))
        #expect(throws: SequenceSolverError.self) {
            _ = try solver.solve(SequenceInstance(matrix: .laplacian2D(3), rhs: [1, 2]))
        }
        #expect(solver.solvedCount == 0)
    }

    @Test func warmStartHelpsTheHeatEquation() throws {
        func total(warm: Bool) throws -> Double {
            var heat = HeatEquationSequence(nx: 9, steps: 60)
            var solver = SequenceSolver(policy: FixedOmegaPolicy(omega: 1.4),
                                        configuration: .init(method: .ssorCG, warmStart: warm))
            return try solver.run(&heat, count: 60).map(\.cost).reduce(0, +)
        }
        let cold = try total(warm: false), warm = try total(warm: true)
        #expect(warm < cold, "warm \(warm), cold \(cold)")
    }

    @Test func checkpointResumeReproducesTheUninterruptedRun() throws {
        let config = SequenceSolverConfiguration(method: .ssorCG, warmStart: true)
        func policy() -> ChebCBPolicy { ChebCBPolicy(grid: grid, lower: 0, upper: 10, seed: 21) }
        // Uninterrupted: 40 steps.
        var heatA = HeatEquationSequence(nx: 9, steps: 40)
        var full = SequenceSolver(policy: policy(), configuration: config)
        let all = try full.run(&heatA, count: 40)
        // Interrupted after 25: save solver + sequence as JSON, resume, run 15 more.
        var heatB = HeatEquationSequence(nx: 9, steps: 40)
        var first = SequenceSolver(policy: policy(), configuration: config)
        var lastX: [Double]? = nil
        for _ in 0..<25 { lastX = try first.solve(heatB.next(previousSolution: lastX)!).solution }
        let saved = try JSONEncoder().encode(first.checkpoint)
        let savedHeat = try JSONEncoder().encode(heatB)
        var resumed = SequenceSolver(resuming: try JSONDecoder().decode(SequenceCheckpoint<ChebCBPolicy>.self, from: saved))
        var heatC = try JSONDecoder().decode(HeatEquationSequence.self, from: savedHeat)
        #expect(resumed.solvedCount == 25)
        var rest: [SequenceStep] = []
        for _ in 0..<15 {
            let (s, x) = try resumed.solve(heatC.next(previousSolution: lastX)!)
            rest.append(s); lastX = x
        }
        #expect(rest.map(\.omega) == all.suffix(15).map(\.omega))
        #expect(rest.map(\.iterations) == all.suffix(15).map(\.iterations))
    }

    @Test func policyRunsAreDeterministicBySeed() throws {
        func omegas(_ seed: UInt64) throws -> [Double] {
            var seq = ShiftedLaplacianSequence(variance: .low, count: 25, seed: 3)
            var s = SequenceSolver(policy: TsallisINFPolicy(grid: grid, seed: seed))
            return try s.run(&seq, count: 25).map(\.omega)
        }
        #expect(try omegas(1) == omegas(1))
        #expect(try omegas(1) != omegas(2))
    }
}
