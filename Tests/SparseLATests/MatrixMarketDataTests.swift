import Testing
@testable import SparseLA

/// Reads every file of the shared test data. Expected shapes, stored-entry counts and the sum of
/// absolute values come from SciPy 1.17 (`scipy.io.mmread(f)`, then `tocsr().sum_duplicates()`;
/// `count_nonzero` for array files), recorded here so the test needs no Python.
@Suite struct MatrixMarketDataTests {
    /// (file, rows, columns, nnz, sum of |a_ij|)
    static let expected: [(String, Int, Int, Int, Double)] = [
        ("1138_bus.mtx", 1138, 1138, 4054, 1946340.7791787),
        ("494_bus.mtx", 494, 494, 1666, 445300.67914300004),
        ("662_bus.mtx", 662, 662, 2474, 147443.34401340003),
        ("BentPipe2D100.mtx", 10000, 10000, 49600, 1353689.793078718),
        ("LF10.mtx", 18, 18, 82, 2592000.30456),
        ("LFAT5.mtx", 14, 14, 46, 62908555.16819101),
        ("Pd.mtx", 8081, 8081, 13036, 165114.42296137614),
        ("Si2.mtx", 769, 769, 17801, 29618.573822400223),
        ("Trefethen_20b.mtx", 19, 19, 147, 765.0),
        ("Trefethen_20b_b.mtx", 19, 1, 19, 19.0),
        ("Trefethen_20b_x0.mtx", 19, 1, 0, 0.0),
        ("adder_dcop_05.mtx", 1813, 1813, 11097, 43.24459330613317),
        ("ani4.mtx", 3081, 3081, 20971, 7256.557177296003),
        ("arc130.mtx", 130, 130, 1282, 4718195.324082501),
        ("arrow.mtx", 46500, 46500, 139498, 185998.0),
        ("bcspwr10.mtx", 5300, 5300, 21842, 21842.0),
        ("bcsstk01.mtx", 48, 48, 400, 48615456508.54721),
        ("bcsstk02.mtx", 66, 66, 4356, 859114.6919055855),
        ("bcsstk03.mtx", 112, 112, 640, 1258385648969.6755),
        ("bcsstk04.mtx", 132, 132, 3648, 511794780.060925),
        ("bcsstk05.mtx", 153, 153, 2423, 428241045.1777015),
        ("bcsstk06.mtx", 420, 420, 7860, 410784327690.71716),
        ("bcsstk08.mtx", 1074, 1074, 12960, 564570904458.2628),
        ("bcsstk09.mtx", 1083, 1083, 18437, 50566535742.33371),
        ("bcsstk10.mtx", 1086, 1086, 22070, 13884180388.818611),
        ("bcsstk13.mtx", 2003, 2003, 83883, 242559567119848.94),
        ("bcsstk20.mtx", 485, 485, 3135, 1.4790400170917325e+17),
        ("bcsstk22.mtx", 138, 138, 696, 237093241.80381227),
        ("bcsstm07.mtx", 420, 420, 7252, 364559.54467490234),
        ("bcsstm25.mtx", 15439, 15439, 15439, 217741298917.37665),
        ("bp_1400.mtx", 822, 822, 4790, 22660.0663965),
        ("cage5.mtx", 37, 37, 233, 37.0),
        ("can_24.mtx", 24, 24, 160, 160.0),
        ("cryg2500.mtx", 2500, 2500, 12349, 1448868.0837892795),
        ("curtis54.mtx", 54, 54, 291, 291.0),
        ("dwt_992.mtx", 992, 992, 16744, 16744.0),
        ("fpga_dcop_01.mtx", 1220, 1220, 5892, 760.3710871043897),
        ("fpga_dcop_01_b.mtx", 1220, 1, 952, 184.00280396601215),
        ("gr_900_900_crg.mtx", 900, 900, 7744, 14044.0),
        ("impcol_a.mtx", 207, 207, 572, 14256.817983638999),
        ("jagmesh7.mtx", 1138, 1138, 7450, 7450.0),
        ("lap2D_5pt_n100.mtx", 10000, 10000, 49600, 79600.0),
        ("lap3D_7pt_n20.mtx", 8000, 8000, 53600, 93600.0),
        ("lp_afiro.mtx", 27, 51, 102, 102.47),
        ("mahindas.mtx", 1258, 1258, 7682, 28879037.09767411),
        ("nnc1374.mtx", 1374, 1374, 8606, 465688.4657859532),
        ("nos6.mtx", 675, 675, 3255, 893009943.1510999),
        ("pde900.mtx", 900, 900, 4380, 7649.476834319863),
        ("problem.mtx", 12, 46, 86, 86.0),
        ("rajat01.mtx", 6833, 6833, 43250, 43250.0),
        ("sherman1.mtx", 1000, 1000, 3750, 1438.9439058399998),
        ("west0067.mtx", 67, 67, 294, 191.09351496),
        ("west0479.mtx", 479, 479, 1910, 1902029.139758184),
        ("west0497.mtx", 497, 497, 1727, 2702867.6216977704),
        ("zenios.mtx", 2873, 2873, 27191, 250.7451176368464),
        ("tricky/3by0_array.mtx", 3, 0, 0, 0.0),
        ("tricky/banner_leading_spaces_eye3.mtx", 3, 3, 3, 3.0),
        ("tricky/comments_full_array.mtx", 3, 3, 9, 4.497),
        ("tricky/empty_3x4.mtx", 3, 4, 0, 0.0),
        ("tricky/lines_indented.mtx", 1, 1, 1, 1.0),
        ("tricky/lis_testmat0.mtx", 100, 100, 460, 760.0),
        ("tricky/lis_testmat4_array.mtx", 50, 50, 2500, 1259.2155858172177),
        ("tricky/mangled_skew_int.mtx", 6, 6, 20, 1038.0),
        ("tricky/nist_ex1.mtx", 5, 5, 8, 593.335),
        ("tricky/nist_ex1_more_freeformat.mtx", 5, 5, 8, 593.335),
        ("tricky/symmetric_row_general_dup.mtx", 3, 3, 5, 120.0),
        // Lis "vector coordinate" object (SciPy cannot read it): 100 entries.
        ("tricky/lis_testvec0.mtx", 100, 1, 100, 40.0),
    ]

    /// Files rejected with the default options: (file, kind, line).
    static let rejected: [(String, MatrixMarketError.Kind, Int)] = [
        ("c_hermitian.mtx", .unsupported, 1),
        ("w156.mtx", .unsupported, 1),
        ("tricky/complex_array.mtx", .unsupported, 1),
        ("skew_fp64.mtx", .nonFinite, 4),                 // "5 1 inf"
        ("tricky/comments_west0067.mtx", .nonFinite, 6),  // "1 1 nan"
        ("tricky/cholmod_mangle1.mtx", .invalidBanner, 1),
        ("tricky/cholmod_mangle2.mtx", .invalidBanner, 1),
        ("tricky/cholmod_mangle3.mtx", .invalidBanner, 1),
        ("tricky/cholmod_mangle4.mtx", .invalidBanner, 1),
        ("tricky/mangled1.mtx", .invalidBanner, 1),
        ("tricky/mangled5.mtx", .invalidBanner, 1),       // pattern hermitian
        ("tricky/full_noheader.mtx", .missingBanner, 1),
        ("tricky/west0067_noheader.mtx", .missingBanner, 1),
        ("tricky/lis_testmat_with_rhs.mtx", .invalidSizeLine, 5),
    ]

    static func sumAbs(_ m: CSRMatrix) -> Double { m.values.reduce(0) { $0 + abs($1) } }

    @Test func everyMatrixFileIsReadOrRejectedClearly() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        let known = Set(Self.expected.map { $0.0 } + Self.rejected.map { $0.0 })
        var checked = 0
        for (file, rows, columns, nnz, sum) in Self.expected {
            let path = dir + "/" + file
            let f = try MatrixMarket.read(path: path)
            #expect(f.matrix.rows == rows && f.matrix.columns == columns, "\(file)")
            #expect(f.matrix.nnz == nnz, "\(file): nnz \(f.matrix.nnz) != \(nnz)")
            let s = Self.sumAbs(f.matrix)
            #expect(abs(s - sum) <= 1e-12 * Swift.max(1, sum), "\(file): sum \(s) != \(sum)")
            checked += 1
        }
        for (file, kind, line) in Self.rejected {
            let path = dir + "/" + file
            do {
                _ = try MatrixMarket.read(path: path)
                Issue.record("\(file) should be rejected with \(kind)")
            } catch {
                #expect(error.kind == kind && error.line == line, "\(file): \(error)")
                #expect(error.description.hasPrefix(path + ":\(line): "))
            }
            checked += 1
        }
        // Any .mtx file added later must at least be read or rejected cleanly.
        for sub in ["", "/tricky"] {
            for path in MatrixMarketTestSupport.files(in: dir + sub) where path.hasSuffix(".mtx") {
                let rel = String(path.dropFirst(dir.count + 1))
                if known.contains(rel) { continue }
                do { _ = try MatrixMarket.read(path: path) } catch { #expect(error.line >= 0) }
            }
        }
        #expect(checked == Self.expected.count + Self.rejected.count)
    }

    @Test func optionsRecoverTheRejectableFiles() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        let lenient = MatrixMarketReadOptions(allowNonFinite: true, allowMissingBanner: true)
        let skew = try MatrixMarket.read(path: dir + "/skew_fp64.mtx", options: lenient)
        #expect(skew.matrix.nnz == 20 && skew.nonFiniteCount == 1)
        #expect(skew.matrix[4, 0] == .infinity && skew.matrix[0, 4] == -.infinity)
        #expect(skew.matrix[3, 0] == -0.12565458736262625 && skew.matrix[0, 3] == 0.12565458736262625)
        let nan = try MatrixMarket.read(path: dir + "/tricky/comments_west0067.mtx", options: lenient)
        #expect(nan.matrix.nnz == 295 && nan.nonFiniteCount == 1 && nan.matrix[0, 0].isNaN)
        let west = try MatrixMarket.readMatrix(path: dir + "/west0067.mtx")
        let noHeader = try MatrixMarket.readMatrix(path: dir + "/tricky/west0067_noheader.mtx", options: lenient)
        #expect(noHeader == west)
        let full = try MatrixMarket.read(path: dir + "/tricky/full_noheader.mtx", options: lenient)
        #expect(full.header.format == .array && full.matrix.rows == 3 && full.matrix.columns == 3)
        // The extended Lis file carries the same 460 entries as lis_testmat0.
        let lis0 = try MatrixMarket.read(path: dir + "/tricky/lis_testmat0.mtx")
        #expect(lis0.header.declaredEntries == 460)
    }

    @Test func vectorsAndRightHandSides() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        let b = try MatrixMarket.readVector(path: dir + "/Trefethen_20b_b.mtx")
        #expect(b == [Double](repeating: 1, count: 19))
        let x0 = try MatrixMarket.readVector(path: dir + "/Trefethen_20b_x0.mtx")
        #expect(x0 == [Double](repeating: 0, count: 19))
        let fb = try MatrixMarket.readVector(path: dir + "/fpga_dcop_01_b.mtx")
        #expect(fb.count == 1220)
        let lis = try MatrixMarket.readVector(path: dir + "/tricky/lis_testvec0.mtx")
        #expect(lis.count == 100 && lis[0] == 2 && lis[1] == 1)
        do { _ = try MatrixMarket.readVector(path: dir + "/west0067.mtx"); Issue.record("expected notAVector") } catch {
            #expect(error.kind == .notAVector)
        }
    }

    @Test func otherFormatsAreRejectedOrReadNeverCrash() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        let files = MatrixMarketTestSupport.files(in: dir + "/other_formats")
        for path in files {
            do {
                _ = try MatrixMarket.read(path: path)
                Issue.record("\(path) is not Matrix Market and should be rejected")
            } catch {
                #expect(error.kind == .missingBanner && error.line == 1, "\(error)")
            }
            // Without the banner requirement, SPEX "n m nnz" files are valid headerless coordinate data;
            // anything else must still fail with a line number.
            do { _ = try MatrixMarket.read(path: path, options: .init(allowMissingBanner: true)) } catch {
                #expect(error.line >= 1, "\(error)")
            }
        }
        let spex = try MatrixMarket.readMatrix(path: dir + "/other_formats/494_bus.mat.txt", options: .init(allowMissingBanner: true))
        let bus = try MatrixMarket.readMatrix(path: dir + "/494_bus.mtx")
        #expect(spex.rows == 494 && spex.nnz == 1666)
        let difference: Double = Self.sumAbs(spex) - Self.sumAbs(bus)
        #expect(abs(difference) < 1e-6 * 445300)
    }

    @Test func roundTripOfEveryReadableFile() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        for (file, _, _, _, _) in Self.expected {
            let m = try MatrixMarket.readMatrix(path: dir + "/" + file)
            let back = try MatrixMarket.parse(try MatrixMarket.encode(m), name: file).matrix
            #expect(back == m, "\(file)")
        }
    }

    @Test func parallelAndSequentialParsesAgree() throws {
        guard let dir = MatrixMarketTestSupport.matricesDirectory() else { return }
        var sequential = MatrixMarketReadOptions()
        sequential.parallel = false
        for file in ["BentPipe2D100.mtx", "arrow.mtx", "bcsstk13.mtx", "ani4.mtx"] {
            guard let bytes = MatrixMarketTestSupport.readBytes(dir + "/" + file) else { continue }
            let a = try MatrixMarket.parse(bytes, name: file)
            let b = try MatrixMarket.parse(bytes, name: file, options: sequential)
            #expect(a.matrix == b.matrix, "\(file)")
            // Errors found by the parallel path are reported exactly as the sequential reader does.
            let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            for (k, fraction) in [0.3, 0.6, 0.95].enumerated() {
                var mutated = lines
                let target = Int(Double(lines.count) * fraction)
                switch k {
                case 0: mutated[target] = ArraySlice("1 1 x".utf8)
                case 1: mutated.remove(at: target)
                default: mutated.insert(mutated[target], at: target)
                }
                let data = Array(mutated.joined(separator: [0x0A]))
                var errors: [MatrixMarketError] = []
                for options in [MatrixMarketReadOptions(), sequential] {
                    do { _ = try MatrixMarket.parse(data, name: file, options: options); Issue.record("\(file): mutation \(k) accepted") } catch {
                        errors.append(error)
                    }
                }
                #expect(errors.count == 2 && errors[0] == errors[1], "\(file): \(errors)")
                if k == 0 { #expect(errors.first?.line == target + 1 && errors.first?.kind == .invalidNumber) }
            }
        }
    }
}
