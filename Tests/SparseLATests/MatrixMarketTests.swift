import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import SparseLA

/// Expects parsing `text` to fail with `kind` on `line`.
private func expectError(_ text: String, _ kind: MatrixMarketError.Kind, line: Int,
                         options: MatrixMarketReadOptions = .init(),
                         sourceLocation: SourceLocation = #_sourceLocation) {
    do {
        let f = try MatrixMarket.parse(text, name: "t.mtx", options: options)
        Issue.record("expected \(kind) at line \(line), parsed a \(f.matrix.rows)x\(f.matrix.columns) matrix", sourceLocation: sourceLocation)
    } catch {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
        #expect(error.file == "t.mtx", sourceLocation: sourceLocation)
        #expect(error.description.hasPrefix("t.mtx:\(line): ") || line == 0, sourceLocation: sourceLocation)
    }
}

@Suite struct MatrixMarketTests {
    // MARK: formats, fields, symmetries

    @Test func coordinateRealGeneral() throws {
        let f = try MatrixMarket.parse("""
        %%MatrixMarket matrix coordinate real general
        % comment one
        %comment two
        3 4 4
        1 1 1.5
        3 4 -2e3
        2 2 .25
        1 3 7
        """)
        #expect(f.header.format == .coordinate && f.header.field == .real && f.header.symmetry == .general)
        #expect(f.comments == [" comment one", "comment two"])
        #expect(f.storedEntries == 4)
        #expect(f.matrix.toDense() == [[1.5, 0, 7, 0], [0, 0.25, 0, 0], [0, 0, 0, -2000]])
    }

    @Test func coordinateIntegerAndPattern() throws {
        let i = try MatrixMarket.parse("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 2 -7\n2 1 12\n")
        #expect(i.matrix.toDense() == [[0, -7], [12, 0]])
        let p = try MatrixMarket.parse("%%MatrixMarket matrix coordinate pattern general\n2 3 3\n1 2\n2 1\n2 3\n")
        #expect(p.matrix.toDense() == [[0, 1, 0], [1, 0, 1]])
        let ps = try MatrixMarket.parse("%%MatrixMarket matrix coordinate pattern symmetric\n3 3 3\n1 1\n3 1\n3 2\n")
        #expect(ps.matrix.toDense() == [[1, 0, 1], [0, 0, 1], [1, 1, 0]])
        // integer values written with a decimal point but integral are accepted
        let i2 = try MatrixMarket.parse("%%MatrixMarket matrix coordinate integer general\n1 1 1\n1 1 3.0\n")
        #expect(i2.matrix.values == [3])
    }

    @Test func coordinateSymmetricSkewHermitian() throws {
        let s = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real symmetric\n3 3 4\n1 1 2\n2 1 -1\n3 2 -1\n3 3 2\n")
        #expect(s.matrix.toDense() == [[2, -1, 0], [-1, 0, -1], [0, -1, 2]])
        #expect(s.storedEntries == 4)
        let k = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real skew-symmetric\n3 3 2\n2 1 5\n3 2 -1\n")
        #expect(k.matrix.toDense() == [[0, -5, 0], [5, 0, 1], [0, -1, 0]])
        let h = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real hermitian\n2 2 2\n1 1 4\n2 1 3\n")
        #expect(h.matrix.toDense() == [[4, 3], [3, 0]])
        let ki = try MatrixMarket.parse("%%MatrixMarket matrix coordinate integer skew-symmetric\n2 2 1\n2 1 3\n")
        #expect(ki.matrix.toDense() == [[0, -3], [3, 0]])
        let hi = try MatrixMarket.parse("%%MatrixMarket matrix coordinate integer hermitian\n2 2 1\n2 1 3\n")
        #expect(hi.matrix.toDense() == [[0, 3], [3, 0]])
    }

    @Test func symmetricUpperTriangleEntriesAreMirrored() throws {
        // Documented: upper-triangle entries of a symmetric file are accepted and mirrored.
        let s = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real symmetric\n2 2 2\n1 2 5\n2 2 1\n")
        #expect(s.matrix.toDense() == [[0, 5], [5, 1]])
    }

    @Test func duplicatesAreSummed() throws {
        let f = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 1\n1 1 2.5\n2 2 1\n")
        #expect(f.matrix.nnz == 2)
        #expect(f.matrix[0, 0] == 3.5)
        #expect(f.storedEntries == 3)
    }

    @Test func arrayAllSymmetries() throws {
        let g = try MatrixMarket.parse("%%MatrixMarket matrix array real general\n2 3\n1\n2\n3\n4\n5\n0\n")
        #expect(g.matrix.toDense() == [[1, 3, 5], [2, 4, 0]])
        #expect(g.dense == [1, 2, 3, 4, 5, 0])
        #expect(g.matrix.nnz == 5)  // zeros of a dense array are not stored in the CSR form
        let s = try MatrixMarket.parse("%%MatrixMarket matrix array real symmetric\n3 3\n1\n2\n3\n4\n5\n6\n")
        #expect(s.matrix.toDense() == [[1, 2, 3], [2, 4, 5], [3, 5, 6]])
        let k = try MatrixMarket.parse("%%MatrixMarket matrix array real skew-symmetric\n3 3\n1\n2\n3\n")
        #expect(k.matrix.toDense() == [[0, -1, -2], [1, 0, -3], [2, 3, 0]])
        let h = try MatrixMarket.parse("%%MatrixMarket matrix array integer hermitian\n2 2\n1\n2\n3\n")
        #expect(h.matrix.toDense() == [[1, 2], [2, 3]])
        let z = try MatrixMarket.parse("%%MatrixMarket matrix array real general\n3 0\n")
        #expect(z.matrix.rows == 3 && z.matrix.columns == 0 && z.dense == [])
    }

    @Test func vectorObjectsAndVectors() throws {
        let a = try MatrixMarket.parse("%%MatrixMarket vector array real general\n3\n1\n2\n3\n")
        #expect(try MatrixMarket.vector(from: a) == [1, 2, 3])
        let c = try MatrixMarket.parse("%%MatrixMarket vector coordinate real general\n4 2\n2 5\n4 -1\n")
        #expect(try MatrixMarket.vector(from: c) == [0, 5, 0, -1])
        let lis = try MatrixMarket.parse("%%MatrixMarket vector coordinate real general\n2\n1 2.0\n2 3.0\n")
        #expect(try MatrixMarket.vector(from: lis) == [2, 3])
        let row = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real general\n1 3 1\n1 3 9\n")
        #expect(try MatrixMarket.vector(from: row) == [0, 0, 9])
        let notVector = try MatrixMarket.parse("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", name: "m.mtx")
        #expect(throws: MatrixMarketError.self) { try MatrixMarket.vector(from: notVector) }
        do { _ = try MatrixMarket.vector(from: notVector) } catch {
            #expect(error.kind == .notAVector && error.line == 2)
        }
    }

    @Test func permissiveWhitespaceCaseAndCRLF() throws {
        let text = "  %%matrixmarket  MATRIX\tCoordinate REAL   General  \r\n\r\n% c\r\n\t 2 2 3 \r\n\r\n 1 1  1.0\t\r\n% between\r\n\n2 2 -2\r\n   % indented comment\r\n1 2 +3E-1\r\n"
        let f = try MatrixMarket.parse(text)
        #expect(f.matrix.toDense() == [[1, 0.3], [0, -2]])
        let noNewlineAtEnd = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 4")
        #expect(noNewlineAtEnd.matrix.values == [4])
        let bom = try MatrixMarket.parse([0xEF, 0xBB, 0xBF] + Array("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 4\n".utf8))
        #expect(bom.matrix.values == [4])
        let doubleField = try MatrixMarket.parse("%%MatrixMarket matrix coordinate double general\n1 1 1\n1 1 4\n")
        #expect(doubleField.header.field == .real)
    }

    @Test func complexIsRejectedButHeaderReadable() throws {
        expectError("%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 2\n", .unsupported, line: 1)
        let path = MatrixMarketTestSupport.temporaryPath("complex.mtx")
        defer { unlink(path) }
        let text = "%%MatrixMarket matrix coordinate complex hermitian\n2 2 1\n1 1 1 0\n"
        try MatrixMarketIO.writeFile(path, Array(text.utf8))
        let h = try MatrixMarket.readHeader(path: path)
        #expect(h.field == .complex && h.symmetry == .hermitian && h.rows == 2)
    }

    @Test func missingBannerOption() throws {
        expectError("3 3 1\n1 1 1\n", .missingBanner, line: 1)
        let opts = MatrixMarketReadOptions(allowMissingBanner: true)
        let c = try MatrixMarket.parse("3 3 1\n1 1 1\n", options: opts)
        #expect(c.header.format == .coordinate && !c.header.hasBanner && c.matrix.nnz == 1)
        let a = try MatrixMarket.parse("2 1\n1\n2\n", options: opts)
        #expect(a.header.format == .array && a.dense == [1, 2])
    }

    @Test func nonFiniteValues() throws {
        let text = "%%MatrixMarket matrix coordinate real general\n2 2 3\n1 1 nan\n2 2 -Inf\n1 2 infinity\n"
        expectError(text, .nonFinite, line: 3)
        let f = try MatrixMarket.parse(text, options: .init(allowNonFinite: true))
        #expect(f.nonFiniteCount == 3)
        #expect(f.matrix[0, 0].isNaN && f.matrix[1, 1] == -.infinity && f.matrix[0, 1] == .infinity)
    }

    // MARK: bad input

    @Test func badInputKindsAndLines() {
        let b = "%%MatrixMarket matrix coordinate real general\n"
        expectError("", .emptyFile, line: 1)
        expectError("  \n\n", .emptyFile, line: 1)
        expectError("%%NotMatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n", .missingBanner, line: 1)
        expectError("% just a comment\n1 1 1\n1 1 1\n", .missingBanner, line: 1)
        expectError("%%MatrixMarket matrix coordinate real\n1 1 1\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket tensor coordinate real general\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket matrix sparse real general\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket matrix coordinate quaternion general\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket matrix coordinate real lower\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket matrix array pattern general\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket matrix coordinate pattern hermitian\n", .invalidBanner, line: 1)
        expectError("%%MatrixMarket matrix coordinate real general extra\n", .invalidBanner, line: 1)
        // size line
        expectError(b, .invalidSizeLine, line: 2)
        expectError(b + "% only comments\n", .invalidSizeLine, line: 3)
        expectError(b + "3 3\n", .invalidSizeLine, line: 2)
        expectError(b + "3 3 1 1 0\n1 1 1\n", .invalidSizeLine, line: 2)
        expectError(b + "3 x 1\n", .invalidSizeLine, line: 2)
        expectError(b + "3 -3 1\n", .invalidSizeLine, line: 2)
        expectError(b + "99999999999999999999999 3 1\n", .invalidSizeLine, line: 2)
        expectError("%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 1 1\n", .invalidSizeLine, line: 2)
        expectError(b + "3000000000 3 0\n", .tooLarge, line: 2)
        expectError(b + "300000000 300000000 0\n", .tooLarge, line: 2)  // 7 GB of row pointers for a tiny file
        // absurd sizes are rejected before allocating (limit 1 MB here)
        let small = MatrixMarketReadOptions(maxMemoryBytes: 1 << 20)
        expectError(b + "2000000000 2000000000 0\n", .tooLarge, line: 2, options: small)
        expectError("%%MatrixMarket matrix array real general\n100000 100000\n1\n", .tooLarge, line: 2, options: small)
        expectError("%%MatrixMarket matrix array real general\n2147483647 2147483647\n1\n", .tooLarge, line: 2)
        // counts
        expectError(b + "2 2 3\n1 1 1\n2 2 1\n", .tooFewEntries, line: 4)
        expectError(b + "2 2 1000000000000\n1 1 1\n", .tooFewEntries, line: 3)
        expectError(b + "2 2 1\n1 1 1\n2 2 1\n", .tooManyEntries, line: 4)
        expectError(b + "2 2 1\n1 1 1\n\n% c\n2 2 1\n", .tooManyEntries, line: 6)
        expectError("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n", .tooFewEntries, line: 5)
        expectError("%%MatrixMarket matrix array real general\n1 1\n1\n2\n", .tooManyEntries, line: 4)
        // indices
        expectError(b + "2 2 1\n3 1 1\n", .indexOutOfRange, line: 3)
        expectError(b + "2 2 1\n1 3 1\n", .indexOutOfRange, line: 3)
        expectError(b + "2 2 1\n0 1 1\n", .indexOutOfRange, line: 3)
        expectError(b + "2 2 1\n-1 1 1\n", .indexOutOfRange, line: 3)
        expectError("%%MatrixMarket matrix coordinate real skew-symmetric\n2 2 1\n1 1 1\n", .indexOutOfRange, line: 3)
        // numbers and fields
        expectError(b + "2 2 1\n1 1 abc\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1 1 1.5x\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1 1 1e\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1 1 --1\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1 1 0x10\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1.5 1 1\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1 1 1e400\n", .valueOverflow, line: 3)
        expectError(b + "2 2 1\n1 1 -1e309\n", .valueOverflow, line: 3)
        expectError("%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 1 1.5\n", .invalidNumber, line: 3)
        expectError(b + "2 2 1\n1 1\n", .invalidEntry, line: 3)
        expectError(b + "2 2 1\n1\n", .invalidEntry, line: 3)
        expectError(b + "2 2 1\n1 1 1 1\n", .invalidEntry, line: 3)
        expectError("%%MatrixMarket matrix coordinate pattern general\n2 2 1\n1 1 1\n", .invalidEntry, line: 3)
        // truncated in the middle of an entry
        expectError(b + "2 2 2\n1 1 1\n2 2", .invalidEntry, line: 4)
        expectError(b + "2 2 2\n1 1 1\n2 ", .invalidEntry, line: 4)
    }

    @Test func underflowRoundsLikeStrtod() throws {
        let f = try MatrixMarket.parse("%%MatrixMarket matrix coordinate real general\n1 2 2\n1 1 1e-400\n1 2 4.9e-324\n")
        #expect(f.matrix[0, 0] == 0)
        #expect(f.matrix[0, 1] == Double.leastNonzeroMagnitude)
    }

    // MARK: writer

    @Test func roundTripIsBitExact() throws {
        var b = TripletBuilder(rows: 5, columns: 4)
        let specials: [Double] = [0.1, -1.0 / 3.0, 1e-300, 6.02214076e23, Double.leastNonzeroMagnitude,
                                  Double.greatestFiniteMagnitude, -0.0, 123456789012345680, 2.5e-8, 1]
        var k = 0
        for i in 0..<5 { for j in 0..<4 where (i + j) % 2 == 0 { b.append(row: i, column: j, value: specials[k % specials.count]); k += 1 } }
        let m = b.build()
        let bytes = try MatrixMarket.encode(m, comment: "written by a test\nsecond line")
        let back = try MatrixMarket.parse(bytes)
        #expect(back.matrix == m)
        #expect(back.comments == ["written by a test", "second line"])
        for (x, y) in zip(back.matrix.values, m.values) { #expect(x.bitPattern == y.bitPattern) }
    }

    @Test func roundTripSymmetricAndFiles() throws {
        let a = CSRMatrix.laplacian2D(7)
        let path = MatrixMarketTestSupport.temporaryPath("lap.mtx")
        let gz = MatrixMarketTestSupport.temporaryPath("lap.mtx.gz")
        defer { unlink(path); unlink(gz) }
        try MatrixMarket.write(a, to: path, symmetric: true)
        let f = try MatrixMarket.read(path: path)
        #expect(f.header.symmetry == .symmetric)
        #expect(f.storedEntries < a.nnz)
        #expect(f.matrix == a)
        try MatrixMarket.write(a, to: gz)
        let g = try MatrixMarket.read(path: gz)
        #expect(g.matrix == a)
        #expect(try CSRMatrix(matrixMarketPath: gz) == a)
        // a non-symmetric matrix cannot be written as symmetric
        let n = CSRMatrix(dense: [[1, 2], [3, 4]])
        do { try MatrixMarket.write(n, to: path, symmetric: true); Issue.record("expected notSymmetric") } catch {
            #expect(error.kind == .notSymmetric && error.file == path)
        }
    }

    @Test func vectorRoundTrip() throws {
        let v: [Double] = [1, -0.5, 1e-17, 3.141592653589793, 0]
        let path = MatrixMarketTestSupport.temporaryPath("v.mtx")
        defer { unlink(path) }
        try MatrixMarket.writeVector(v, to: path)
        let back = try MatrixMarket.readVector(path: path)
        #expect(back == v)
        let empty = try MatrixMarket.parse(MatrixMarket.encodeVector([]))
        #expect(try MatrixMarket.vector(from: empty) == [])
    }

    @Test func ioErrors() {
        do { _ = try MatrixMarket.read(path: "/nonexistent/dir/x.mtx"); Issue.record("expected io error") } catch {
            #expect(error.kind == .io && error.line == 0 && error.description.hasPrefix("/nonexistent/dir/x.mtx: "))
        }
        do { _ = try MatrixMarket.read(path: "/tmp"); Issue.record("expected io error") } catch {
            #expect(error.kind == .io)
        }
        do { try MatrixMarket.writeVector([1], to: "/nonexistent/dir/v.mtx"); Issue.record("expected io error") } catch {
            #expect(error.kind == .io)
        }
    }

    @Test func gzipErrors() throws {
        let text = Array("%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 2\n".utf8)
        let path = MatrixMarketTestSupport.temporaryPath("g.mtx.gz")
        defer { unlink(path) }
        try MatrixMarketIO.writeFile(path, text)
        let gz = MatrixMarketTestSupport.readBytes(path)!
        #expect(try MatrixMarket.parse(gz).matrix.values == [2])
        // concatenated members
        let twice = try MatrixMarket.parse(gz + Array(try gzipBytes("% trailing comment\n")))
        #expect(twice.matrix.values == [2])
        do { _ = try MatrixMarket.parse(Array(gz.prefix(gz.count - 9)), name: "t.mtx"); Issue.record("expected gzip error") } catch {
            #expect(error.kind == .gzip || error.kind == .tooFewEntries)
        }
        var corrupt = gz
        corrupt[12] ^= 0xFF; corrupt[13] ^= 0xFF
        do { _ = try MatrixMarket.parse(corrupt, name: "t.mtx"); Issue.record("expected gzip error") } catch {
            #expect(error.kind == .gzip || error.kind == .tooFewEntries || error.kind == .missingBanner || error.kind == .invalidBanner)
        }
        do { _ = try MatrixMarket.parse(gz, options: .init(maxDecompressedBytes: 10)); Issue.record("expected tooLarge") } catch {
            #expect(error.kind == .tooLarge)
        }
    }

    private func gzipBytes(_ s: String) throws -> [UInt8] {
        let path = MatrixMarketTestSupport.temporaryPath("tmp.gz")
        defer { unlink(path) }
        try MatrixMarketIO.writeFile(path, Array(s.utf8))
        return MatrixMarketTestSupport.readBytes(path)!
    }
}
