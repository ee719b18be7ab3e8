import ArgumentParser
import SparseLA

/// Exit codes shared by all subcommands.
enum ExitStatus {
    /// Bad input: unreadable file, malformed Matrix Market, inconsistent sizes.
    static let badInput: Int32 = 1
    /// The solve ran but did not succeed (no convergence, factorization failure).
    static let notSolved: Int32 = 2
}

/// Prints one line to stderr and exits with `code` — the single way commands report bad input.
func fail(_ message: String, code: Int32 = ExitStatus.badInput) -> Never {
    var stderr = StandardError()
    print("solversuite: error: \(message)", to: &stderr)
    exit(code)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}

/// Reads a matrix, turning any reader error into a one-line message and exit status 1.
func loadMatrix(_ path: String) -> (CSRMatrix, MatrixMarketFile, Double) {
    let watch = Stopwatch()
    do {
        let file = try MatrixMarket.read(path: path)
        return (file.matrix, file, watch.elapsed)
    } catch {
        fail(error.description)
    }
}

/// Reads a right-hand side vector of the expected length.
func loadVector(_ path: String, expectedLength: Int) -> [Double] {
    let v: [Double]
    do { v = try MatrixMarket.readVector(path: path) } catch { fail(error.description) }
    guard v.count == expectedLength else {
        fail("\(path): right-hand side has \(v.count) entries, the matrix has \(expectedLength) rows")
    }
    return v
}

import Foundation
