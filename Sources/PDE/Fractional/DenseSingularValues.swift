import CLAPACKE

/// Singular values of a dense N×N row-major matrix (LAPACK `dgesdd`, values only), descending.
///
/// O(N³) time, O(N²) memory. Throws `FractionalError` for mismatched sizes, N > 20 000, or when
/// LAPACK fails to converge (info > 0).
public func denseSingularValues(rowMajor a: [Double], size n: Int) throws -> [Double] {
    guard n >= 1, n <= 20_000 else { throw FractionalError("denseSingularValues: size \(n) outside 1...20000") }
    guard a.count == n * n else { throw FractionalError("denseSingularValues: matrix has \(a.count) entries, need \(n * n)") }
    var m = a
    var s = [Double](repeating: 0, count: n)
    var dummy = [Double](repeating: 0, count: 1)
    let info = m.withUnsafeMutableBufferPointer { mp in
        s.withUnsafeMutableBufferPointer { sp in
            dummy.withUnsafeMutableBufferPointer { dp in
                LAPACKE_dgesdd(LAPACK_ROW_MAJOR, Int8(UInt8(ascii: "N")), clapack_int(n), clapack_int(n), mp.baseAddress,
                               clapack_int(n), sp.baseAddress, dp.baseAddress, clapack_int(n), dp.baseAddress, clapack_int(n))
            }
        }
    }
    if info != 0 { throw FractionalError("denseSingularValues: LAPACKE_dgesdd returned info = \(info)") }
    return s
}

/// Spectral condition number κ₂ = σ_max/σ_min of a dense row-major matrix (∞ when singular).
public func denseConditionNumber2(rowMajor a: [Double], size n: Int) throws -> Double {
    let s = try denseSingularValues(rowMajor: a, size: n)
    return s[n - 1] > 0 ? s[0] / s[n - 1] : .infinity
}
