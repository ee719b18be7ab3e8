import SparseLA

/// Full-order time series of the active-fluid D-tensor moment model (`MomentSolver`, quadratic
/// closure by default) for the time-series ROM: every `every` steps the state
/// `[c, D11, D12, D22]` (4·n² values) is recorded, starting from the seeded plane-wave
/// perturbation of the isotropic state.
public enum MomentSeries {
    /// Runs `records·every` steps and returns `records + 1` states and the seconds per solver
    /// step. Throws `ROMError` wrapping invalid parameters.
    public static func simulate(parameters: KineticParameters, records: Int, every: Int, seed: UInt64 = 1,
                                amplitude: Double = 0.1, closure: MomentClosure = QuadraticClosure()) throws(ROMError) -> (states: [[Double]], secondsPerStep: Double) {
        guard records >= 1, every >= 1 else { throw ROMError("moment series: need records >= 1 and every >= 1") }
        let solver: MomentSolver
        do {
            let k = try KineticSolver(parameters: parameters, seed: seed, amplitude: amplitude)
            solver = try MomentSolver(parameters: parameters, closure: closure, from: k)
        } catch { throw ROMError("moment series: \(error)") }
        func state() -> [Double] { let f = solver.momentFields(); return f.c + f.d11 + f.d12 + f.d22 }
        var states = [state()]
        var seconds = 0.0
        for _ in 0..<records {
            let w = Stopwatch()
            solver.run(steps: every)
            seconds += w.elapsed
            states.append(state())
        }
        return (states, seconds / Double(records * every))
    }
}
