import Foundation
import SparseLA
import Iterative

/// Test-local preconditioned CG (the suite's CG lives in the Iterative module on another branch):
/// stops when ‖r‖ ≤ tol‖b‖. Returns the iterate and the iteration count.
func testPCG(_ A: some LinearOperator, _ b: [Double], tol: Double = 1e-12, maxIterations: Int = 20_000,
             preconditioner M: (any Preconditioner)? = nil) -> (x: [Double], iterations: Int) {
    let n = b.count
    var x = [Double](repeating: 0, count: n)
    var r = b
    var z = [Double](repeating: 0, count: n)
    var q = [Double](repeating: 0, count: n)
    let bn = DenseVector.norm2(b)
    if bn == 0 { return (x, 0) }
    func prec() { if let M { M.apply(r, into: &z) } else { z = r } }
    prec()
    var p = z
    var rz = DenseVector.dot(r, z)
    var it = 0
    while it < maxIterations {
        A.apply(p, into: &q)
        let alpha = rz / DenseVector.dot(p, q)
        for i in 0..<n { x[i] += alpha * p[i]; r[i] -= alpha * q[i] }
        it += 1
        if DenseVector.norm2(r) <= tol * bn { break }
        prec()
        let rz1 = DenseVector.dot(r, z)
        let beta = rz1 / rz
        rz = rz1
        for i in 0..<n { p[i] = z[i] + beta * p[i] }
    }
    return (x, it)
}

/// Observed order log2(e_coarse / e_fine).
func order(_ coarse: Double, _ fine: Double) -> Double { log2(coarse / fine) }

/// ../shared/data relative to the package (or $SOLVERSUITE_DATA); nil (and a message) if absent.
func sharedDataDirectory() -> URL? {
    if let env = ProcessInfo.processInfo.environment["SOLVERSUITE_DATA"], FileManager.default.fileExists(atPath: env) {
        return URL(fileURLWithPath: env)
    }
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")
    if FileManager.default.fileExists(atPath: url.path) { return url }
    print("skipping: shared data directory not found (\(url.path)); set SOLVERSUITE_DATA")
    return nil
}

/// The repository root (for meshes/).
func repositoryRoot() -> URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
