/// Small model matrices used by demos, tests and benchmarks. The PDE module builds the general
/// discretisations; these are the textbook ones with exactly known structure.
extension CSRMatrix {
    /// The 5-point finite-difference Laplacian on an `m x m` interior grid with Dirichlet walls,
    /// unscaled (4 on the diagonal, -1 off it), `n = m²` rows, row-major (x fastest) numbering.
    /// SPD, condition number ≈ 4(m+1)²/π².
    public static func laplacian2D(_ m: Int) -> CSRMatrix {
        laplacian(dimensions: [m, m])
    }

    /// The 7-point 3D Laplacian on an `m x m x m` grid (6 on the diagonal, -1 off it).
    public static func laplacian3D(_ m: Int) -> CSRMatrix {
        laplacian(dimensions: [m, m, m])
    }

    /// The 1D Laplacian tridiag(-1, 2, -1) of size `n`.
    public static func laplacian1D(_ n: Int) -> CSRMatrix {
        laplacian(dimensions: [n])
    }

    /// The (2d+1)-point Dirichlet Laplacian on a box of the given sizes (first index fastest),
    /// assembled directly into CSR with sorted columns.
    public static func laplacian(dimensions dims: [Int]) -> CSRMatrix {
        precondition(!dims.isEmpty && dims.allSatisfy { $0 >= 1 }, "laplacian: dimensions must be positive")
        let n = dims.reduce(1, *)
        var strides = [Int](repeating: 1, count: dims.count)
        for d in 1..<dims.count { strides[d] = strides[d - 1] * dims[d - 1] }
        var rp = [Int](repeating: 0, count: n + 1)
        var ci: [Int32] = []
        var va: [Double] = []
        ci.reserveCapacity(n * (2 * dims.count + 1))
        va.reserveCapacity(n * (2 * dims.count + 1))
        var coord = [Int](repeating: 0, count: dims.count)
        let center = Double(2 * dims.count)
        for i in 0..<n {
            // Neighbours in increasing index order: highest dimension's minus first ... plus last.
            for d in stride(from: dims.count - 1, through: 0, by: -1) where coord[d] > 0 {
                ci.append(Int32(i - strides[d])); va.append(-1)
            }
            ci.append(Int32(i)); va.append(center)
            for d in 0..<dims.count where coord[d] < dims[d] - 1 {
                ci.append(Int32(i + strides[d])); va.append(-1)
            }
            rp[i + 1] = ci.count
            var d = 0
            while d < dims.count {
                coord[d] += 1
                if coord[d] < dims[d] { break }
                coord[d] = 0
                d += 1
            }
        }
        return CSRMatrix(uncheckedRows: n, columns: n, rowPointers: rp, columnIndices: ci, values: va)
    }
}
