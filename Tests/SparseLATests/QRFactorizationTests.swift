import CLAPACKE
import Testing
@testable import SparseLA

@Suite struct QRFactorizationTests {
    typealias Support = FactorizationTestSupport

    /// Dense column-major AᵀA (n x n) and Aᵀb.
    static func normalEquations(_ a: CSRMatrix, _ b: [Double]) -> (ata: [Double], atb: [Double]) {
        let m = a.rows, n = a.columns
        let d = a.toDenseColumnMajor()
        var ata = [Double](repeating: 0, count: n * n)
        var atb = [Double](repeating: 0, count: n)
        for j in 0..<n {
            for k in 0..<n {
                var s = 0.0
                for i in 0..<m { s += d[j * m + i] * d[k * m + i] }
                ata[k * n + j] = s
            }
            var t = 0.0
            for i in 0..<m { t += d[j * m + i] * b[i] }
            atb[j] = t
        }
        return (ata, atb)
    }

    /// Solves the SPD system with LAPACK `dposv`.
    static func lapackSPDSolve(_ s: [Double], _ r: [Double]) -> [Double] {
        let n = r.count
        var s = s, x = r
        let info = LAPACKE_dposv(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), clapack_int(n), 1, &s,
                                 clapack_int(n), &x, clapack_int(n))
        precondition(info == 0, "dposv info \(info)")
        return x
    }

    @Test func overdeterminedLeastSquaresMatchesNormalEquations() throws {
        let a = Support.randomSparse(rows: 80, columns: 25, perColumn: 6, seed: 11)
        let b = Support.randomVector(80, seed: 5)
        let f = try QRFactorization(a)
        let x = try f.solve(b)
        #expect(x.count == 25)
        let (ata, atb) = Self.normalEquations(a, b)
        let xRef = Self.lapackSPDSolve(ata, atb)
        #expect(Support.relativeDifference(x, xRef) < 1e-10)
        // Optimality: Aᵀ(b − A x) ≈ 0 relative to ‖A‖‖b‖.
        var r = a.multiplied(by: x)
        for i in 0..<r.count { r[i] = b[i] - r[i] }
        var atr = [Double](repeating: 0, count: 25)
        a.multiplyTransposed(r, into: &atr)
        #expect(DenseVector.norm2(atr) < 1e-12 * a.normFrobenius * DenseVector.norm2(b))
        #expect(f.info.numericalRank == 25)
        #expect(f.info.factorNonzeros > 0)
        #expect(!f.info.ordering.hasPrefix("unknown"))
    }

    @Test func squareSystemResidual() throws {
        let a = Support.convectionDiffusion(30)
        let f = try QRFactorization(a)
        let b = a.multiplied(by: DenseVector.ones(a.rows))
        let x = try f.solve(b)
        #expect(a.relativeResidual(x: x, b: b) < 1e-14)
        #expect(f.info.numericalRank == a.rows)
    }

    @Test func underdeterminedMinimumNormMatchesLAPACK() throws {
        let a = Support.randomSparse(rows: 80, columns: 25, perColumn: 6, seed: 12).transposed()  // 25 x 80
        let b = Support.randomVector(25, seed: 6)
        let f = try QRFactorization(a)
        #expect(f.factorsTranspose)
        let x = try f.solve(b)
        #expect(x.count == 80)
        #expect(a.relativeResidual(x: x, b: b) < 1e-13)
        // Minimum norm: x = Aᵀ (A Aᵀ)⁻¹ b.
        let at = a.transposed()
        let (aat, _) = Self.normalEquations(at, [Double](repeating: 0, count: 80))
        let y = Self.lapackSPDSolve(aat, b)
        var xRef = [Double](repeating: 0, count: 80)
        a.multiplyTransposed(y, into: &xRef)
        #expect(Support.relativeDifference(x, xRef) < 1e-10)
        // A basic solution also solves the system, with at most rank nonzeros and a larger norm.
        let basic = try QRFactorization(a, underdetermined: .basic)
        #expect(!basic.factorsTranspose)
        let xb = try basic.solve(b)
        #expect(a.relativeResidual(x: xb, b: b) < 1e-12)
        #expect(xb.filter { $0 != 0 }.count <= 25)
        #expect(DenseVector.norm2(xb) >= DenseVector.norm2(x) * (1 - 1e-12))
    }

    @Test func rankDeficientRankAndResidual() throws {
        // 40 x 10 with col 7 = col 0 + col 3 and col 9 = 2 col 1: rank 8.
        let base = Support.randomSparse(rows: 40, columns: 10, perColumn: 8, seed: 21).toDense()
        var dense = base
        for i in 0..<40 {
            dense[i][7] = base[i][0] + base[i][3]
            dense[i][9] = 2 * base[i][1]
        }
        let a = CSRMatrix(dense: dense)
        let f = try QRFactorization(a)
        #expect(f.info.numericalRank == 8)
        let b = Support.randomVector(40, seed: 9)
        let x = try f.solve(b)
        // Same least-squares residual as LAPACK's SVD solver dgelsd (which also reports rank 8).
        var ad = a.toDenseColumnMajor(), bd = b
        var s = [Double](repeating: 0, count: 10)
        var rank: clapack_int = 0
        let info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, 40, 10, 1, &ad, 40, &bd, 40, &s, 1e-10, &rank)
        #expect(info == 0 && rank == 8)
        let rQR = a.residualNorm(x: x, b: b)
        let rSVD = a.residualNorm(x: Array(bd[0..<10]), b: b)
        #expect(abs(rQR - rSVD) <= 1e-10 * rSVD, "QR residual \(rQR) vs SVD \(rSVD)")
        // Refactor with the same values keeps the rank; doubling values halves x.
        try f.refactor(values: a.values.map { $0 * 2 })
        #expect(f.info.numericalRank == 8)
        #expect(Support.relativeDifference(try f.solve(b), x.map { $0 / 2 }) < 1e-10)
    }

    @Test func multipleRightHandSidesAndRefactor() throws {
        let a = Support.randomSparse(rows: 60, columns: 20, perColumn: 5, seed: 31)
        let f = try QRFactorization(a)
        let bs = (0..<3).map { Support.randomVector(60, seed: UInt64($0 + 40)) }
        let xs = try f.solve(many: bs)
        #expect(xs.count == 3)
        for (x, b) in zip(xs, bs) { #expect(Support.relativeDifference(x, try f.solve(b)) < 1e-13) }
        try f.refactor(values: a.withValues(a.values.map { $0 * 4 }))
        #expect(Support.relativeDifference(try f.solve(bs[0]), xs[0].map { $0 / 4 }) < 1e-12)
        #expect(f.info.numericFactorizations == 2)
        #expect(throws: FactorizationError.self) { try f.refactor(values: [1]) }
    }

    @Test(arguments: [FillOrdering.automatic, .natural, .colamd, .amd, .metis])
    func orderings(_ ordering: FillOrdering) throws {
        let a = Support.randomSparse(rows: 70, columns: 30, perColumn: 4, seed: 51)
        let b = Support.randomVector(70)
        let f = try QRFactorization(a, ordering: ordering)
        let (ata, atb) = Self.normalEquations(a, b)
        #expect(Support.relativeDifference(try f.solve(b), Self.lapackSPDSolve(ata, atb)) < 1e-10)
        switch ordering {
        case .natural: #expect(f.info.ordering == "natural" || f.info.ordering == "fixed")
        case .colamd: #expect(f.info.ordering == "COLAMD")
        case .amd: #expect(f.info.ordering == "AMD")
        case .metis: #expect(f.info.ordering == "METIS")
        default: break
        }
    }

    @Test func badInputIsRejected() throws {
        #expect(throws: FactorizationError.self) { _ = try QRFactorization(CSRMatrix(dense: [[1, .nan]])) }
        #expect(throws: FactorizationError.self) { _ = try QRFactorization(.laplacian1D(3), ordering: .nesdis) }
        let f = try QRFactorization(CSRMatrix(dense: [[1, 0], [0, 1], [1, 1]]))
        #expect(throws: FactorizationError.self) { _ = try f.solve([1, 2]) }
    }
}
