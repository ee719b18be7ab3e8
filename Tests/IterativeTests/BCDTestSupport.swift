import Foundation
import SparseLA
@testable import Iterative

/// Shared helpers for the block-coordinate tests.
enum BCDTestSupport {
    /// A diagonal quadratic whose gradient at x = 0 is `g` (b = −g) and whose L_i are `diag`.
    static func diagonalObjective(diag: [Double], gradient g: [Double]) throws -> QuadraticObjective {
        try QuadraticObjective(matrix: .diagonal(diag), rhs: g.map { -$0 })
    }

    /// A state over fixed blocks for selection tests.
    static func state(_ obj: any BlockObjective, blocks: [[Int]], seed: UInt64 = 1) -> SelectionState {
        SelectionState(objective: obj, blocks: blocks, seed: seed)
    }

    /// Dense symmetric solve by Gaussian elimination (test reference).
    static func denseSolve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        var m = a, x = b
        let n = b.count
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p); x.swapAt(c, p)
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                for k in c..<n { m[r][k] -= f * m[c][k] }
                x[r] -= f * x[c]
            }
        }
        for c in stride(from: n - 1, through: 0, by: -1) {
            var s = x[c]
            for k in (c + 1)..<n { s -= m[c][k] * x[k] }
            x[c] = s / m[c][c]
        }
        return x
    }

    /// The shared test-data folder (env SOLVERSUITE_DATA, else ../../../shared/data from this file), or nil.
    static func sharedData(_ file: String = #filePath) -> String? {
        if let env = ProcessInfo.processInfo.environment["SOLVERSUITE_DATA"], FileManager.default.fileExists(atPath: env) { return env }
        let url = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("../../../shared/data").standardized
        return FileManager.default.fileExists(atPath: url.path) ? url.path : nil
    }

    static func maxAbsDiff(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
