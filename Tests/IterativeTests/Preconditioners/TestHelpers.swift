import SparseLA

/// Small dense helpers shared by the preconditioner tests.
enum DenseTestHelpers {
    /// Dense Cholesky (lower) of a row-major SPD matrix; nil when not positive definite.
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for j in 0..<n {
            var d = a[j][j]
            for k in 0..<j { d -= l[j][k] * l[j][k] }
            if d <= 0 { return nil }
            l[j][j] = d.squareRoot()
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                l[i][j] = s / l[j][j]
            }
        }
        return l
    }

    /// Doolittle LU without pivoting: returns (L unit lower, U).
    static func lu(_ a: [[Double]]) -> ([[Double]], [[Double]]) {
        let n = a.count
        var l = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        var u = Array(repeating: Array(repeating: 0.0, count: n), count: n)
        for i in 0..<n {
            for j in i..<n {
                var s = a[i][j]
                for k in 0..<i { s -= l[i][k] * u[k][j] }
                u[i][j] = s
            }
            l[i][i] = 1
            for j in (i + 1)..<max(i + 1, n) {
                var s = a[j][i]
                for k in 0..<i { s -= l[j][k] * u[k][i] }
                l[j][i] = s / u[i][i]
            }
        }
        return (l, u)
    }

    static func maxAbsDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
        var m = 0.0
        for i in 0..<a.count { for j in 0..<a[i].count { m = max(m, abs(a[i][j] - b[i][j])) } }
        return m
    }

    /// A nonsymmetric, diagonally dominant tridiagonal matrix.
    static func tridiagonal(_ n: Int, lower: Double, diagonal: Double, upper: Double) -> CSRMatrix {
        var b = TripletBuilder(rows: n, columns: n)
        for i in 0..<n {
            if i > 0 { b.append(row: i, column: i - 1, value: lower + 0.01 * Double(i)) }
            b.append(row: i, column: i, value: diagonal + 0.1 * Double(i % 3))
            if i < n - 1 { b.append(row: i, column: i + 1, value: upper) }
        }
        return b.build()
    }
}

import Foundation

/// Locates /work/shared/data-style test data: env SOLVERSUITE_DATA, else `shared/data` beside the
/// repository root (this file is Tests/IterativeTests/Preconditioners/TestHelpers.swift).
enum SharedTestData {
    static var directory: String? {
        if let env = ProcessInfo.processInfo.environment["SOLVERSUITE_DATA"], FileManager.default.fileExists(atPath: env) {
            return env
        }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = repo.deletingLastPathComponent().appendingPathComponent("shared/data").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Reads `matrices/<name>`, or prints why it is skipped and returns nil.
    static func matrix(_ name: String) -> CSRMatrix? {
        guard let dir = directory else {
            print("skipping: shared test data not found (set SOLVERSUITE_DATA)")
            return nil
        }
        let path = dir + "/matrices/" + name
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipping: \(path) not found")
            return nil
        }
        return try? MatrixMarket.readMatrix(path: path)
    }
}
