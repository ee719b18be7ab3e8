import Foundation

/// Serialises FFTW planner calls (`fftw_plan_*`, `fftw_destroy_plan`), which are not thread-safe.
/// Shared by every FFTW user of the module (grid fast Poisson, fractional operators, kinetic solver):
/// two separate locks would let two planners run at once and crash FFTW.
///
/// `fftw_execute*` may run concurrently on distinct plans/buffers; only planning and destruction
/// must hold this lock. Every FFTW user in the PDE module should plan under `FFTWPlanLock.withLock`.
public enum FFTWPlanLock {
    private static let lock = NSLock()

    /// Runs `body` while holding the global FFTW planner lock.
    public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}

/// How much time FFTW may spend choosing an algorithm when a plan is made.
public enum FFTWPlanning: Sendable {
    /// `FFTW_ESTIMATE`: instant planning, slightly slower transforms.
    case estimate
    /// `FFTW_MEASURE`: times candidate algorithms once (milliseconds to a second); best when the
    /// operator is applied many times.
    case measure

    var flags: UInt32 {
        switch self {
        case .estimate: return UInt32(1 << 6)   // FFTW_ESTIMATE
        case .measure: return 0                  // FFTW_MEASURE
        }
    }
}

/// FFT length >= `minimum` whose only prime factors are 2, 3, 5, 7 (fast FFTW sizes).
func fftFriendlySize(atLeast minimum: Int) -> Int {
    var n = max(minimum, 1)
    while true {
        var m = n
        for f in [2, 3, 5, 7] { while m % f == 0 { m /= f } }
        if m == 1 { return n }
        n += 1
    }
}
