import SparseLA
import Testing

/// Deterministic test matrices and helpers shared by the factorization tests.
enum FactorizationTestSupport {
    /// A small deterministic pseudo-random generator (64-bit LCG), uniform in [-1, 1).
    struct Random {
        var state: UInt64
        init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }
        mutating func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        mutating func index(_ n: Int) -> Int { Int((next() + 1) / 2 * Double(n)) % n }
    }

    /// Nonsymmetric 2D convection-diffusion on an m x m grid (upwind, Péclet-like `wind`):
    /// 5-point Laplacian plus a first-difference convection term. Nonsingular M-matrix.
    static func convectionDiffusion(_ m: Int, wind: Double = 3) -> CSRMatrix {
        let lap = CSRMatrix.laplacian2D(m)
        var builder = TripletBuilder(rows: lap.rows, columns: lap.columns)
        for i in 0..<lap.rows {
            for k in lap.rowPointers[i]..<lap.rowPointers[i + 1] {
                let j = Int(lap.columnIndices[k])
                var v = lap.values[k]
                if j == i { v += wind / Double(m) }
                if j == i - 1 { v -= wind / Double(m) }
                builder.append(row: i, column: j, value: v)
            }
        }
        return builder.build()
    }

    /// Random sparse m x n matrix with about `perColumn` entries per column plus a full diagonal
    /// band (so it has full rank with overwhelming probability).
    static func randomSparse(rows m: Int, columns n: Int, perColumn: Int = 4, seed: UInt64 = 1) -> CSRMatrix {
        var rng = Random(seed: seed)
        var builder = TripletBuilder(rows: m, columns: n)
        for j in 0..<n {
            builder.append(row: j % m, column: j, value: 3 + rng.next())
            for _ in 0..<perColumn { builder.append(row: rng.index(m), column: j, value: rng.next()) }
        }
        return builder.build()
    }

    /// Model problems by name (test arguments stay readable in the test log).
    static func modelProblem(_ name: String) -> CSRMatrix {
        switch name {
        case "laplacian2D(40)": return .laplacian2D(40)
        case "laplacian3D(12)": return .laplacian3D(12)
        case "laplacian1D(500)": return .laplacian1D(500)
        case "convectionDiffusion(40)": return convectionDiffusion(40)
        case "convectionDiffusion(12)": return convectionDiffusion(12)
        default: fatalError("unknown model problem \(name)")
        }
    }

    /// Random dense vector.
    static func randomVector(_ n: Int, seed: UInt64 = 7) -> [Double] {
        var rng = Random(seed: seed)
        return (0..<n).map { _ in rng.next() }
    }

    /// Solves `A x = A·1` with `f` and expects a relative residual below 1e-14 (and, with
    /// `solutionTolerance`, x within that relative distance of the ones vector). Returns `(b, x)`.
    @discardableResult
    static func expectSolvesOnes(_ a: CSRMatrix, with f: some DirectFactorization, solutionTolerance: Double? = nil,
                                 sourceLocation: SourceLocation = #_sourceLocation) throws -> (b: [Double], x: [Double]) {
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        let x = try f.solve(b)
        let rel = a.relativeResidual(x: x, b: b)
        #expect(rel < 1e-14, "relative residual \(rel)", sourceLocation: sourceLocation)
        if let solutionTolerance {
            #expect(relativeDifference(x, DenseVector.ones(a.rows)) < solutionTolerance, sourceLocation: sourceLocation)
        }
        return (b, x)
    }

    /// Solves `count` random right-hand sides (seeds `firstSeed`, `firstSeed + 1`, …) in one
    /// `solve(many:)` call; expects each relative residual below 1e-14 and each solution within
    /// `agreement` of a single-vector solve. Returns the right-hand sides and solutions.
    @discardableResult
    static func expectManyRightHandSides(_ a: CSRMatrix, with f: some DirectFactorization, count: Int, firstSeed: Int,
                                         agreement: Double, sourceLocation: SourceLocation = #_sourceLocation)
        throws -> (bs: [[Double]], xs: [[Double]]) {
        let bs = (0..<count).map { randomVector(a.rows, seed: UInt64($0 + firstSeed)) }
        let xs = try f.solve(many: bs)
        #expect(xs.count == count, sourceLocation: sourceLocation)
        for (x, b) in zip(xs, bs) {
            #expect(a.relativeResidual(x: x, b: b) < 1e-14, sourceLocation: sourceLocation)
            #expect(relativeDifference(x, try f.solve(b)) < agreement, sourceLocation: sourceLocation)
        }
        return (bs, xs)
    }

    /// max_i |x_i - y_i| / max(max_i |y_i|, tiny).
    static func relativeDifference(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        var diff = 0.0, scale = 0.0
        for i in 0..<x.count { diff = max(diff, abs(x[i] - y[i])); scale = max(scale, abs(y[i])) }
        return diff / max(scale, 1e-300)
    }
}
