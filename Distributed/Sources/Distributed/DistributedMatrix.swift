import CPETSc
import SparseLA

/// A square PETSc MPIAIJ matrix distributed by contiguous row blocks over `PETSC_COMM_WORLD`.
///
/// Each rank passes only its own rows (`LocalRows`); PETSc splits them into the diagonal block
/// (columns this rank owns) and the off-diagonal block (ghost columns), which decides the halo that
/// every `MatMult` exchanges. Release every matrix before `PETScRuntime.finalize()`.
public final class DistributedMatrix {
    /// The PETSc handle (owned; destroyed in `deinit`).
    public private(set) var handle: Mat?
    /// Global size (rows = columns).
    public let globalSize: Int
    /// The rows this rank owns.
    public let rowRange: Range<Int>
    /// Seconds this rank spent in assembly (max over ranks).
    public let assemblyTime: Double

    /// Assembles from this rank's rows (collective: every rank calls it with its own block, and the
    /// blocks must tile 0..<globalSize in rank order, as `RowPartition` produces).
    /// - Throws: `PETScError` if the blocks do not tile the global rows or PETSc rejects the data.
    public init(localRows: LocalRows) throws(PETScError) {
        guard PETScRuntime.isInitialized else {
            throw .invalidInput("DistributedMatrix", "PETScRuntime.initialize() has not been called")
        }
        let comm = ss_petsc_comm_world()
        // Check the blocks tile the rows: sum of local counts = N and my start = prefix sum.
        let localCount = Double(localRows.rowRange.count)
        let total = PETScRuntime.sumOverRanks(localCount)
        guard Int(total) == localRows.globalSize else {
            throw .invalidInput("DistributedMatrix", "rank blocks hold \(Int(total)) rows, matrix has \(localRows.globalSize)")
        }
        let t0 = PETScRuntime.wallTime()
        let m = Int32(localRows.rowRange.count), n = Int32(localRows.globalSize)
        var a: Mat? = nil
        let code = localRows.rowPointers.withUnsafeBufferPointer { rp in
            localRows.columnIndices.withUnsafeBufferPointer { ci in
                localRows.values.withUnsafeBufferPointer { va in
                    MatCreateMPIAIJWithArrays(comm, m, m, n, n, rp.baseAddress, ci.baseAddress, va.baseAddress, &a)
                }
            }
        }
        try petscCheck(code, "MatCreateMPIAIJWithArrays")
        handle = a
        var lo: PetscInt = 0, hi: PetscInt = 0
        try petscCheck(MatGetOwnershipRange(a, &lo, &hi), "MatGetOwnershipRange")
        guard Int(lo) == localRows.rowRange.lowerBound, Int(hi) == localRows.rowRange.upperBound else {
            throw .invalidInput("DistributedMatrix", "rank \(PETScRuntime.rank) passed rows \(localRows.rowRange) but owns \(lo)..<\(hi): blocks must be in rank order")
        }
        globalSize = localRows.globalSize
        rowRange = localRows.rowRange
        assemblyTime = PETScRuntime.maxOverRanks(PETScRuntime.wallTime() - t0)
    }

    /// Distributes a `CSRMatrix` every rank holds: each rank inserts only its `RowPartition` block.
    /// (The matrix being replicated is the caller's choice, e.g. every rank read the same file; use
    /// `init(localRows:)` with a row builder to avoid ever holding the whole matrix.)
    public convenience init(replicated a: CSRMatrix) throws(PETScError) {
        let part = RowPartition(rows: a.rows, ranks: PETScRuntime.size)
        try self.init(localRows: LocalRows(slicing: a, rows: part.range(of: PETScRuntime.rank)))
    }

    deinit {
        if handle != nil, PETScRuntime.isInitialized { _ = MatDestroy(&handle) }
    }

    /// Global nonzeros (collective).
    public func globalNonzeros() throws(PETScError) -> Int {
        var info = MatInfo()
        try petscCheck(MatGetInfo(handle, MAT_GLOBAL_SUM, &info), "MatGetInfo")
        return Int(info.nz_used)
    }
}

/// A PETSc MPI vector with the same row layout as a `DistributedMatrix`.
public final class DistributedVector {
    /// The PETSc handle (owned).
    public private(set) var handle: Vec?
    /// The rows this rank owns.
    public let rowRange: Range<Int>

    /// A vector whose local part is `local` (collective). `local.count` must equal the matrix's local rows.
    public init(like a: DistributedMatrix, local: [Double]) throws(PETScError) {
        guard local.count == a.rowRange.count else {
            throw .invalidInput("DistributedVector", "local part has \(local.count) entries, rank owns \(a.rowRange.count) rows")
        }
        var v: Vec? = nil
        try petscCheck(VecCreateMPI(ss_petsc_comm_world(), Int32(local.count), Int32(a.globalSize), &v), "VecCreateMPI")
        handle = v
        rowRange = a.rowRange
        try setLocal(local)
    }

    deinit {
        if handle != nil, PETScRuntime.isInitialized { _ = VecDestroy(&handle) }
    }

    /// Overwrites the local part.
    public func setLocal(_ local: [Double]) throws(PETScError) {
        var p: UnsafeMutablePointer<PetscScalar>? = nil
        try petscCheck(VecGetArray(handle, &p), "VecGetArray")
        if let p { for i in 0..<local.count { p[i] = local[i] } }
        try petscCheck(VecRestoreArray(handle, &p), "VecRestoreArray")
    }

    /// A copy of the local part.
    public func localValues() throws(PETScError) -> [Double] {
        var p: UnsafePointer<PetscScalar>? = nil
        try petscCheck(VecGetArrayRead(handle, &p), "VecGetArrayRead")
        let out = p.map { Array(UnsafeBufferPointer(start: $0, count: rowRange.count)) } ?? []
        try petscCheck(VecRestoreArrayRead(handle, &p), "VecRestoreArrayRead")
        return out
    }

    /// ‖v‖₂ over all ranks (collective).
    public func norm() throws(PETScError) -> Double {
        var r: PetscReal = 0
        try petscCheck(VecNorm(handle, NORM_2, &r), "VecNorm")
        return r
    }
}
