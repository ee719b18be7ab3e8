import Dispatch

/// Monotonic wall-clock timing for setup/solve times and benchmarks.
public struct Stopwatch: Sendable {
    private var start: UInt64

    /// Starts timing now.
    public init() { start = DispatchTime.now().uptimeNanoseconds }

    /// Seconds since creation or the last `restart()`.
    public var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9 }

    /// Restarts the clock and returns the seconds that had elapsed.
    @discardableResult
    public mutating func restart() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { start = now }
        return Double(now - start) * 1e-9
    }

    /// Runs `body` and returns its result with the seconds it took.
    public static func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let w = Stopwatch()
        let value = try body()
        return (value, w.elapsed)
    }
}

/// Wraps a value (typically raw buffer pointers) to hand it to `DispatchQueue.concurrentPerform`
/// workers. The caller guarantees the workers touch disjoint memory and that the pointers outlive
/// the parallel region.
public struct UncheckedSendable<Value>: @unchecked Sendable {
    /// The wrapped value.
    public let value: Value
    /// Wraps `value`; the caller takes responsibility for its thread safety.
    @inlinable public init(_ value: Value) { self.value = value }
}
