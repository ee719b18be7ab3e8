import Testing
import Foundation
import SparseLA
@testable import Iterative

/// Tests for Sources/Iterative/Tuning/ShiftedLaplacianSequence.swift, HeatEquationSequence.swift
/// and MatrixListSequence.swift.
@Suite struct InstanceSequenceTests {
    static func isSPD(_ a: CSRMatrix) -> Bool {
        guard a.isSymmetric(tolerance: 1e-14) else { return false }
        return (try? CholeskyFactorization(a)) != nil
    }

    @Test(arguments: ShiftedLaplacianSequence.Variance.allCases)
    func shiftedLaplacianInstancesAreSPDOfTheRightSize(_ v: ShiftedLaplacianSequence.Variance) {
        var seq = ShiftedLaplacianSequence(gridSide: 10, variance: v, count: 30, seed: 3)
        var shifts: [Double] = []
        while let inst = seq.next(previousSolution: nil) {
            #expect(inst.matrix.rows == 100 && inst.matrix.columns == 100 && inst.rhs.count == 100)
            #expect(Self.isSPD(inst.matrix))
            let c = inst.context!
            #expect(c >= -0.15 && c <= 0.45)
            // Diagonal is 4 + c, off-diagonals −1.
            let d = inst.matrix.toDense()
            #expect(abs(d[5][5] - (4 + c)) < 1e-14 && d[5][6] == -1)
            #expect(DenseVector.norm2(inst.rhs) <= 10)
            let w = inst.youngOmega!
            #expect(w > 1 && w < 2)
            shifts.append(c)
        }
        #expect(shifts.count == 30)
    }

    @Test func shiftDistributionsMatchThePaper() {
        // Mean of −0.15 + 0.6·Beta(α, β): low 0.0, high 0.0 (both have α/(α+β) = 1/4); variance differs.
        for (v, variance) in [(ShiftedLaplacianSequence.Variance.low, 0.36 * 12.0 / (64 * 9)), (.high, 0.36 * 0.75 / (4 * 3))] {
            var seq = ShiftedLaplacianSequence(variance: v, seed: 1)
            let xs = (0..<20_000).map { _ in seq.drawShift() }
            let mean = xs.reduce(0, +) / Double(xs.count)
            let varc = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
            #expect(abs(mean) < 0.005, "\(v) mean \(mean)")
            #expect(abs(varc / variance - 1) < 0.05, "\(v) variance \(varc) vs \(variance)")
        }
    }

    @Test func youngOmegaIsNearTheBestSORomega() {
        var seq = ShiftedLaplacianSequence(variance: .high, count: 1, seed: 2)
        let inst = seq.next(previousSolution: nil)!
        let young = inst.youngOmega!
        let options = SolveOptions(relativeTolerance: 1e-8)
        let itYoung = SOR.solve(A: inst.matrix, b: inst.rhs, omega: young, options: options).iterations
        let best = OmegaGrid.linear(from: 1, to: 1.95, count: 96).map {
            SOR.solve(A: inst.matrix, b: inst.rhs, omega: $0, options: options).iterations
        }.min()!
        #expect(Double(itYoung) <= 1.1 * Double(best), "Young \(itYoung), best on a fine grid \(best)")
    }

    @Test func sameSeedSameInstances() {
        var a = ShiftedLaplacianSequence(variance: .low, seed: 5), b = ShiftedLaplacianSequence(variance: .low, seed: 5)
        for _ in 0..<5 {
            let x = a.next(previousSolution: nil)!, y = b.next(previousSolution: nil)!
            #expect(x.rhs == y.rhs && x.context == y.context)
        }
    }

    @Test func heatEquationStepsAreSPDAndFollowCrankNicolson() {
        var heat = HeatEquationSequence(nx: 9, dt: 2.5e-3, steps: 400)   // t ∈ [0, 1): one κ period
        #expect(heat.u.count == 64)
        var last: [Double]? = nil
        var kappas: [Double] = []
        for step in 0..<400 {
            let t = heat.time
            guard let inst = heat.next(previousSolution: last) else { Issue.record("ended early"); return }
            #expect(inst.matrix.rows == 64 && inst.rhs.count == 64)
            #expect(inst.context == HeatEquationSequence.coefficient(t))
            if step % 97 == 0 { #expect(Self.isSPD(inst.matrix)) }
            // Crank–Nicolson: A = I + s·Lap, s = ½κ(t+dt/2)dt/dx².
            let s = 0.5 * HeatEquationSequence.coefficient(t + 1.25e-3) * 2.5e-3 * 81
            let d = inst.matrix.toDense()
            #expect(abs(d[10][10] - (1 + 4 * s)) < 1e-12 && abs(d[10][11] + s) < 1e-12)
            let x = try! CholeskyFactorization(inst.matrix).solve(inst.rhs)
            last = x
            kappas.append(inst.context!)
        }
        #expect(heat.next(previousSolution: last) == nil)
        #expect(kappas.max()! > 9.9 && kappas.min()! >= 0)
    }

    @Test func coefficientMatchesThePaper() {
        #expect(abs(HeatEquationSequence.coefficient(0.25) - 0.1) < 1e-12)
        #expect(abs(HeatEquationSequence.coefficient(0.75) - 10) < 1e-12)
        #expect(HeatEquationSequence.coefficient(0) == 0)
    }

    @Test func matrixListUsesMeanDiagonalAsContext() {
        let a = CSRMatrix.laplacian2D(4), b = CSRMatrix.laplacian2D(4).withValues(CSRMatrix.laplacian2D(4).values.map { $0 == 4 ? 5 : $0 })
        var seq = MatrixListSequence(matrices: [a, b])
        #expect(seq.contextRange == 4...5)
        let x = seq.next(previousSolution: nil)!, y = seq.next(previousSolution: nil)!
        #expect(x.context == 4 && y.context == 5)
        #expect(seq.next(previousSolution: nil) == nil)
    }
}
