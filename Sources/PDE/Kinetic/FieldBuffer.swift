import CFFTW

/// An FFTW-aligned array of `count` doubles, zero-initialised, freed on deinit. O(count) memory.
final class RealBuffer {
    let p: UnsafeMutablePointer<Double>
    let count: Int
    init(_ count: Int) {
        self.count = count
        p = fftw_alloc_real(max(count, 1))!
        p.initialize(repeating: 0, count: max(count, 1))
    }
    deinit { fftw_free(p) }
    func copy(from other: RealBuffer) { p.update(from: other.p, count: count) }
}

/// An FFTW-aligned array of `count` complex numbers (re, im), zero-initialised, freed on deinit.
final class ComplexBuffer {
    let p: UnsafeMutablePointer<fftw_complex>
    let count: Int
    init(_ count: Int) {
        self.count = count
        p = fftw_alloc_complex(max(count, 1))!
        p.initialize(repeating: (0, 0), count: max(count, 1))
    }
    deinit { fftw_free(p) }
    func copy(from other: ComplexBuffer) { p.update(from: other.p, count: count) }
}
