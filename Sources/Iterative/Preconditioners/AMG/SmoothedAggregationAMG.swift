import SparseLA

/// Smoothed-aggregation algebraic multigrid preconditioner for Poisson-like SPD systems: one
/// V-cycle per application.
///
/// Written here rather than wrapping hypre BoomerAMG: it keeps the suite dependency-light and
/// Swift-native (no MPI-flavoured C library, no extra Debian package at build time), and the
/// algorithm is small (see `AMGHierarchy` for the setup).
///
/// The V-cycle on level `l` for `A_l x = b`: start from `x = 0`, pre-smooth (forward Gauss-Seidel,
/// or symmetric Gauss-Seidel), restrict the residual with `R_l = P_lᵀ`, recurse, add `P_l x_c`,
/// post-smooth (backward Gauss-Seidel, or symmetric), and solve the coarsest level directly. Pre- and
/// post-smoothers are adjoint, so `M⁻¹` is symmetric positive definite for SPD `A`: usable in CG.
///
/// `apply` allocates nothing: per-level vectors live in a workspace owned by this instance, so one
/// instance must not be applied from two threads at once (build one per thread).
/// Complexity per application: about (2·sweeps + 2)·nnz summed over levels, i.e. a small multiple
/// of the operator complexity times nnz(A).
public final class SmoothedAggregationAMG: Preconditioner {
    /// The multigrid hierarchy.
    public let hierarchy: AMGHierarchy
    /// Seconds spent building the hierarchy.
    public let setupTime: Double
    /// Order of the finest operator.
    public var size: Int { hierarchy.levels[0].matrix.rows }

    private let workspace: [UnsafeMutableBufferPointer<Double>]  // per level: x, b, r (3·n_l)

    /// Builds the hierarchy of `matrix` (symmetric, positive diagonal).
    /// - Throws: see `AMGHierarchy.init`.
    public init(_ matrix: CSRMatrix, options: AMGOptions = AMGOptions(), nearNullSpace: [Double]? = nil) throws(PreconditionerError) {
        let watch = Stopwatch()
        hierarchy = try AMGHierarchy(matrix, options: options, nearNullSpace: nearNullSpace)
        workspace = hierarchy.levels.map { level in
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 3 * level.matrix.rows)
            buffer.initialize(repeating: 0)
            return buffer
        }
        setupTime = watch.elapsed
    }

    deinit {
        for buffer in workspace { buffer.deallocate() }
    }

    /// `z = M⁻¹ r`: one V-cycle from a zero initial guess.
    public func apply(_ r: UnsafeBufferPointer<Double>, into z: UnsafeMutableBufferPointer<Double>) {
        cycle(level: 0, b: r, x: z)
    }

    /// One stationary multigrid iteration `x ← x + M⁻¹ (b − A x)` on arrays (for testing the
    /// V-cycle as a solver). Allocates two temporaries.
    public func iterate(b: [Double], x: inout [Double]) {
        let a = hierarchy.levels[0].matrix
        let ax = a.multiplied(by: x)
        var r = [Double](repeating: 0, count: size)
        for i in 0..<size { r[i] = b[i] - ax[i] }
        var e = [Double](repeating: 0, count: size)
        apply(r, into: &e)
        for i in 0..<size { x[i] += e[i] }
    }

    private func cycle(level l: Int, b: UnsafeBufferPointer<Double>, x: UnsafeMutableBufferPointer<Double>) {
        let levels = hierarchy.levels
        let level = levels[l]
        if l == levels.count - 1 {
            hierarchy.coarseSolver.solve(b, into: x)
            return
        }
        let n = level.matrix.rows
        let options = hierarchy.options
        for i in 0..<n { x[i] = 0 }
        for _ in 0..<options.presweeps {
            SmoothedAggregationAMG.gaussSeidel(level.matrix, level.inverseDiagonal, b: b, x: x, forward: true)
            if options.smoother == .symmetricGaussSeidel {
                SmoothedAggregationAMG.gaussSeidel(level.matrix, level.inverseDiagonal, b: b, x: x, forward: false)
            }
        }
        // r = b − A x, then b_c = R r.
        let nextWork = workspace[l + 1]
        let nc = levels[l + 1].matrix.rows
        let xc = UnsafeMutableBufferPointer(rebasing: nextWork[0..<nc])
        let bc = UnsafeMutableBufferPointer(rebasing: nextWork[nc..<(2 * nc)])
        let r = UnsafeMutableBufferPointer(rebasing: workspace[l][(2 * n)..<(3 * n)])
        SmoothedAggregationAMG.residual(level.matrix, b: b, x: UnsafeBufferPointer(x), into: r)
        level.restriction!.multiply(UnsafeBufferPointer(r), into: bc)
        cycle(level: l + 1, b: UnsafeBufferPointer(bc), x: xc)
        SmoothedAggregationAMG.addProduct(level.prolongation!, UnsafeBufferPointer(xc), into: x)
        for _ in 0..<options.postsweeps {
            if options.smoother == .symmetricGaussSeidel {
                SmoothedAggregationAMG.gaussSeidel(level.matrix, level.inverseDiagonal, b: b, x: x, forward: true)
            }
            SmoothedAggregationAMG.gaussSeidel(level.matrix, level.inverseDiagonal, b: b, x: x, forward: false)
        }
    }

    /// One Gauss-Seidel sweep `x_i += (b_i − Σ_j a_ij x_j) / a_ii`, rows in increasing (forward) or
    /// decreasing order.
    @inline(__always)
    static func gaussSeidel(_ a: CSRMatrix, _ invDiag: [Double], b: UnsafeBufferPointer<Double>,
                            x: UnsafeMutableBufferPointer<Double>, forward: Bool) {
        let n = a.rows
        a.rowPointers.withUnsafeBufferPointer { rp in
        a.columnIndices.withUnsafeBufferPointer { ci in
        a.values.withUnsafeBufferPointer { va in
        invDiag.withUnsafeBufferPointer { dinv in
            if forward {
                var start = rp[0]
                for i in 0..<n {
                    let end = rp[i + 1]
                    var s = b[i]
                    for k in start..<end { s -= va[k] * x[Int(ci[k])] }
                    x[i] += s * dinv[i]
                    start = end
                }
            } else {
                var i = n - 1
                var end = rp[n]
                while i >= 0 {
                    let start = rp[i]
                    var s = b[i]
                    for k in start..<end { s -= va[k] * x[Int(ci[k])] }
                    x[i] += s * dinv[i]
                    end = start
                    i -= 1
                }
            }
        }}}}
    }

    /// `r = b − A x`.
    @inline(__always)
    static func residual(_ a: CSRMatrix, b: UnsafeBufferPointer<Double>, x: UnsafeBufferPointer<Double>,
                         into r: UnsafeMutableBufferPointer<Double>) {
        let n = a.rows
        a.rowPointers.withUnsafeBufferPointer { rp in
        a.columnIndices.withUnsafeBufferPointer { ci in
        a.values.withUnsafeBufferPointer { va in
            var start = rp[0]
            for i in 0..<n {
                let end = rp[i + 1]
                var s = b[i]
                for k in start..<end { s -= va[k] * x[Int(ci[k])] }
                r[i] = s
                start = end
            }
        }}}
    }

    /// `x += P y`.
    @inline(__always)
    static func addProduct(_ p: CSRMatrix, _ y: UnsafeBufferPointer<Double>, into x: UnsafeMutableBufferPointer<Double>) {
        let n = p.rows
        p.rowPointers.withUnsafeBufferPointer { rp in
        p.columnIndices.withUnsafeBufferPointer { ci in
        p.values.withUnsafeBufferPointer { va in
            var start = rp[0]
            for i in 0..<n {
                let end = rp[i + 1]
                var s = 0.0
                for k in start..<end { s += va[k] * y[Int(ci[k])] }
                x[i] += s
                start = end
            }
        }}}
    }
}
