import CLAPACKE

/// Dense LU solve A x = b with LAPACK `dgesv` (partial pivoting): the reference solver for small N.
///
/// O(N³) time, O(N²) memory (a copy of A). Throws `FractionalError` when the sizes disagree,
/// N > 20 000 (absurd allocation), or LAPACK reports a singular (info > 0) or illegal (info < 0) call.
public func denseSolve(rowMajor a: [Double], size n: Int, rhs b: [Double]) throws -> [Double] {
    guard n >= 1, n <= 20_000 else { throw FractionalError("denseSolve: size \(n) outside 1...20000") }
    guard a.count == n * n else { throw FractionalError("denseSolve: matrix has \(a.count) entries, need \(n * n)") }
    guard b.count == n else { throw FractionalError("denseSolve: rhs has \(b.count) entries, need \(n)") }
    var m = a
    var x = b
    var pivots = [clapack_int](repeating: 0, count: n)
    let info = m.withUnsafeMutableBufferPointer { mp in
        x.withUnsafeMutableBufferPointer { xp in
            pivots.withUnsafeMutableBufferPointer { pp in
                LAPACKE_dgesv(LAPACK_ROW_MAJOR, clapack_int(n), 1, mp.baseAddress, clapack_int(n),
                              pp.baseAddress, xp.baseAddress, 1)
            }
        }
    }
    if info > 0 { throw FractionalError("denseSolve: matrix is singular (U[\(info - 1)][\(info - 1)] = 0)") }
    if info < 0 { throw FractionalError("denseSolve: LAPACKE_dgesv rejected argument \(-info)") }
    return x
}
