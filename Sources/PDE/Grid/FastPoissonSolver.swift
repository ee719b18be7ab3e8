import Foundation
import CFFTW
import SparseLA
import Iterative

/// How much effort FFTW spends choosing an algorithm when planning.
public enum FFTPlanning: String, Sendable, CaseIterable {
    /// `FFTW_ESTIMATE`: plans instantly; solves may be slower. Good for one-off solves and tests.
    case estimate
    /// `FFTW_MEASURE`: times candidate algorithms (≈1 s at 1023², once per size per process
    /// thanks to FFTW's wisdom); best for a solver that is reused.
    case measure
}

/// Direct O(N log N) solver for the constant-coefficient Poisson matrix of a box grid, by fast
/// sine/cosine/Fourier transforms (FFTW real-to-real, planned once, reused on every solve).
///
/// Per axis: Dirichlet/Dirichlet uses DST-I (`FFTW_RODFT00`), Neumann/Neumann DCT-I
/// (`FFTW_REDFT00`), periodic the half-complex DFT (`FFTW_R2HC` / `FFTW_HC2R`). Mixed
/// Dirichlet/Neumann axes, variable coefficients and masks are not supported by the transform
/// (use the solver as a preconditioner for those).
///
/// `solve` solves exactly the system assembled by `GridPoisson.discretize` for `k ≡ 1`, no
/// mask (right-hand side in the assembled, volume-weighted form). For singular problems (no
/// Dirichlet axis) the zero mode is dropped: the answer is the solution with zero
/// (volume-weighted) mean, for the right-hand side projected on the range.
///
/// Cost: two transforms plus O(N) scaling per solve; memory: one FFTW buffer of N doubles.
/// Not safe for concurrent `solve` calls on one instance (the buffer is shared); create one
/// solver per thread.
public final class FastPoissonSolver: Preconditioner {
    /// The grid solved on.
    public let grid: PoissonGrid
    /// Unknowns.
    public let size: Int
    /// Seconds spent planning.
    public let setupTime: Double
    /// Scale `s` used when applied as a preconditioner: `z = (1/s) A⁻¹ r` (e.g. a mean coefficient).
    public var preconditionerScale: Double = 1

    private let buffer: UnsafeMutablePointer<Double>
    private let forward: OpaquePointer
    private let backward: OpaquePointer?
    private let eigen: [[Double]]          // per axis (x, y, z), already / h²
    private let inverseWeights: [Double]?  // 1/W per node, nil when all ones
    private let normalization: Double

    /// Plans the transforms for `grid`.
    /// - Throws: `GridError.unsupported` when an axis mixes Dirichlet and Neumann faces.
    public init(grid: PoissonGrid, planning: FFTPlanning = .estimate) throws(GridError) {
        for (d, a) in grid.axes.enumerated() where a.low != a.high {
            throw .unsupported("FFT solver: axis \(d) has \(a.low.rawValue)/\(a.high.rawValue) faces; each axis must be Dirichlet/Dirichlet, Neumann/Neumann or periodic")
        }
        let clock = Stopwatch()
        self.grid = grid
        let n = grid.nodeCount
        self.size = n
        var eig: [[Double]] = []
        var norm = 1.0
        var kindsF: [fftw_r2r_kind] = []
        var kindsB: [fftw_r2r_kind] = []
        var hasPeriodic = false
        for a in grid.axes {
            let m = a.count
            let h2 = a.spacing * a.spacing
            var lam = [Double](repeating: 0, count: m)
            switch a.low {
            case .dirichlet:
                for k in 0..<m { let s = sin(Double.pi * Double(k + 1) / Double(2 * (m + 1))); lam[k] = 4 * s * s / h2 }
                norm *= Double(2 * (m + 1))
                kindsF.append(FFTW_RODFT00); kindsB.append(FFTW_RODFT00)
            case .neumann:
                for k in 0..<m { let s = sin(Double.pi * Double(k) / Double(2 * (m - 1))); lam[k] = 4 * s * s / h2 }
                norm *= Double(2 * (m - 1))
                kindsF.append(FFTW_REDFT00); kindsB.append(FFTW_REDFT00)
            case .periodic:
                for j in 0..<m {
                    let f = j <= m / 2 ? j : m - j
                    let s = sin(Double.pi * Double(f) / Double(m)); lam[j] = 4 * s * s / h2
                }
                norm *= Double(m)
                kindsF.append(FFTW_R2HC); kindsB.append(FFTW_HC2R)
                hasPeriodic = true
            }
            eig.append(lam)
        }
        self.eigen = eig
        self.normalization = norm
        let w = grid.volumeWeights()
        self.inverseWeights = w.allSatisfy { $0 == 1 } ? nil : w.map { 1 / $0 }
        // FFTW is row-major (last index fastest); our x is fastest, so reverse the axes.
        let dims: [Int32] = grid.axes.reversed().map { Int32($0.count) }
        let kf = Array(kindsF.reversed()), kb = Array(kindsB.reversed())
        let flags: UInt32 = planning == .measure ? UInt32(FFTW_MEASURE) : UInt32(FFTW_ESTIMATE)
        let buf = fftw_alloc_real(n)!
        let (pf, pb) = FFTWPlanLock.withLock {
            (fftw_plan_r2r(Int32(dims.count), dims, buf, buf, kf, flags)!,
             hasPeriodic ? fftw_plan_r2r(Int32(dims.count), dims, buf, buf, kb, flags) : nil)
        }
        self.buffer = buf
        self.forward = pf
        self.backward = pb
        self.setupTime = clock.elapsed
    }

    deinit {
        FFTWPlanLock.withLock {
            fftw_destroy_plan(forward)
            if let b = backward { fftw_destroy_plan(b) }
        }
        fftw_free(buffer)
    }

    /// Solves `A u = b` (the assembled constant-coefficient system). `b` and `u` may be the same
    /// memory. O(N log N).
    public func solve(_ b: UnsafeBufferPointer<Double>, into u: UnsafeMutableBufferPointer<Double>) {
        precondition(b.count >= size && u.count >= size, "FastPoissonSolver.solve: buffers shorter than \(size)")
        let buf = buffer
        if let iw = inverseWeights {
            iw.withUnsafeBufferPointer { w in for i in 0..<size { buf[i] = b[i] * w[i] } }
        } else {
            buf.update(from: b.baseAddress!, count: size)
        }
        fftw_execute(forward)
        let (nx, ny, nz) = grid.counts3
        let inv = 1 / normalization
        eigen[0].withUnsafeBufferPointer { lx in
            let ly = grid.dimension > 1 ? eigen[1] : [0]
            let lz = grid.dimension > 2 ? eigen[2] : [0]
            var idx = 0
            for k in 0..<nz {
                let ez = lz[k]
                for j in 0..<ny {
                    let ezy = ez + ly[j]
                    for i in 0..<nx {
                        buf[idx] *= inv / (ezy + lx[i])
                        idx += 1
                    }
                }
            }
        }
        if grid.isSingular { buf[0] = 0 }   // the zero mode (all-constant) is index 0
        fftw_execute(backward ?? forward)
        u.baseAddress!.update(from: buf, count: size)
    }

    /// Array convenience for `solve(_:into:)`.
    public func solve(_ b: [Double]) -> [Double] {
        var u = [Double](repeating: 0, count: size)
        b.withUnsafeBufferPointer { bp in u.withUnsafeMutableBufferPointer { up in solve(bp, into: up) } }
        return u
    }

    /// Preconditioner use: `z = (1/preconditionerScale) A⁻¹ r`.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        solve(r, into: z)
        if preconditionerScale != 1 {
            let s = 1 / preconditionerScale
            for i in 0..<size { z[i] *= s }
        }
    }
}
