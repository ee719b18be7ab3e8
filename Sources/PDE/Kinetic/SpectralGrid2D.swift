import CFFTW
import Foundation

/// Accumulates wall time spent inside `fftw_execute*` so solvers can report the FFT share of a step.
public final class FFTClock {
    /// Seconds spent in FFT executions since creation or `reset()`.
    public private(set) var seconds: Double = 0
    /// Number of FFT executions.
    public private(set) var count: Int = 0
    /// A zeroed clock.
    public init() {}
    /// Zeroes the counters.
    public func reset() { seconds = 0; count = 0 }
    @inline(__always) func time(_ body: () -> Void) {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        seconds += Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
        count += 1
    }
}

/// A periodic n × n grid on [0, L)² with FFTW real-to-complex plans made once (under
/// `FFTWPlanLock`) and reused: wave numbers, |k|², the 2/3-rule dealiasing mask and forward /
/// inverse transforms of fields stored row-major (x index first, y index contiguous).
///
/// Spectral arrays hold n × (n/2 + 1) complex values, unnormalised (`forward` is FFTW's r2c,
/// `inverse` divides by n²). Not thread-safe: one instance per thread.
final class SpectralGrid2D {
    let n: Int
    let nc: Int
    let length: Double
    /// Derivative wave numbers per x index (Nyquist mode 0), n entries.
    let kx: [Double]
    /// Derivative wave numbers per y index (Nyquist mode 0), nc entries.
    let ky: [Double]
    /// |k|² (true Nyquist wave numbers) per spectral index.
    let k2: RealBuffer
    /// 1 where |k_x|, |k_y| <= n/3 (2/3 rule), else 0.
    let mask: RealBuffer
    let clock: FFTClock
    private let scratch: ComplexBuffer
    private let r2c: fftw_plan
    private let c2r: fftw_plan

    var realCount: Int { n * n }
    var complexCount: Int { n * nc }

    init(n: Int, length: Double, planning: FFTWPlanning = .estimate, clock: FFTClock) {
        self.n = n
        self.length = length
        self.clock = clock
        nc = n / 2 + 1
        let dk = 2 * Double.pi / length
        let signed = (0..<n).map { $0 <= n / 2 ? $0 : $0 - n }
        kx = signed.map { $0 == n / 2 ? 0 : dk * Double($0) }
        ky = (0..<(n / 2 + 1)).map { $0 == n / 2 ? 0 : dk * Double($0) }
        let nc = n / 2 + 1
        k2 = RealBuffer(n * nc)
        mask = RealBuffer(n * nc)
        let cut = n / 3
        for i in 0..<n {
            for j in 0..<nc {
                let a = Double(signed[i]) * dk, b = Double(j) * dk
                k2.p[i * nc + j] = a * a + b * b
                mask.p[i * nc + j] = (abs(signed[i]) <= cut && j <= cut) ? 1 : 0
            }
        }
        scratch = ComplexBuffer(n * nc)
        let real = RealBuffer(n * n)
        let flags = planning.flags
        let s = scratch.p
        (r2c, c2r) = FFTWPlanLock.withLock {
            (fftw_plan_dft_r2c_2d(Int32(n), Int32(n), real.p, s, flags)!,
             fftw_plan_dft_c2r_2d(Int32(n), Int32(n), s, real.p, flags)!)
        }
    }

    deinit {
        FFTWPlanLock.withLock {
            fftw_destroy_plan(r2c)
            fftw_destroy_plan(c2r)
        }
    }

    /// out = FFT(x) (unnormalised); x is preserved. O(n² log n).
    func forward(_ x: RealBuffer, _ out: ComplexBuffer) {
        clock.time { fftw_execute_dft_r2c(r2c, x.p, out.p) }
    }

    /// out = IFFT(x) / n² (x is preserved: it is copied to scratch first). O(n² log n).
    func inverse(_ x: ComplexBuffer, _ out: RealBuffer) {
        scratch.p.update(from: x.p, count: complexCount)
        clock.time { fftw_execute_dft_c2r(c2r, scratch.p, out.p) }
        let s = 1 / Double(n * n)
        for i in 0..<realCount { out.p[i] *= s }
    }

    /// out = IFFT(x) / n² of the spectral field given by `fill`, which writes into a scratch buffer.
    func inverse(into out: RealBuffer, _ fill: (UnsafeMutablePointer<fftw_complex>) -> Void) {
        fill(scratch.p)
        clock.time { fftw_execute_dft_c2r(c2r, scratch.p, out.p) }
        let s = 1 / Double(n * n)
        for i in 0..<realCount { out.p[i] *= s }
    }
}
