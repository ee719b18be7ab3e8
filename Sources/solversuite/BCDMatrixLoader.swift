import ArgumentParser
import SparseLA

/// Reads a Matrix Market file for `bcd` (placeholder until the shared reader is merged).
enum BCDMatrixLoader {
    static func load(_ path: String) throws -> CSRMatrix {
        throw ValidationError("--matrix needs the Matrix Market reader (branch mm), not merged yet")
    }
}
