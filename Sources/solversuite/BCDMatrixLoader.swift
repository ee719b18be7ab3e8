import SparseLA

/// Reads a Matrix Market file for `bcd` through the shared reader (typed errors with file:line).
enum BCDMatrixLoader {
    static func load(_ path: String) throws -> CSRMatrix {
        try MatrixMarket.readMatrix(path: path)
    }
}
