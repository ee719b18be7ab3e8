import Foundation
@testable import PDE

/// What the linear-stability tests need from either active-fluid solver.
protocol GrowthRateMeasurable: AnyObject {
    var time: Double { get }
    func run(steps: Int)
    func momentFields() -> (c: [Double], d11: [Double], d12: [Double], d22: [Double], ux: [Double], uy: [Double])
}

extension KineticSolver: GrowthRateMeasurable {}
extension MomentSolver: GrowthRateMeasurable {}

/// Exponential growth rate of the D12 Fourier mode cos(k x) on an n x n grid of side `length`:
/// 20 steps to let the initial transient pass, then the rate over the next 200 steps.
func measuredGrowthRate(_ s: some GrowthRateMeasurable, n: Int, k: Double, length: Double) -> Double {
    func amplitude() -> Double {
        let f = s.momentFields()
        var a = 0.0
        for ix in 0..<n { for iy in 0..<n { a += f.d12[ix * n + iy] * cos(k * length * Double(ix) / Double(n)) } }
        return 2 * a / Double(n * n)
    }
    s.run(steps: 20)
    let a0 = amplitude(), t0 = s.time
    s.run(steps: 200)
    return log(amplitude() / a0) / (s.time - t0)
}
