import CPETSc
import Foundation

/// Process-wide PETSc/MPI lifetime and the communicator facts every rank needs.
///
/// Call `initialize(options:)` once per process before creating any distributed object and
/// `finalize()` after every `DistributedMatrix`/`DistributedVector` has been released. PETSc is not
/// thread-safe: use the engine from one thread per rank. Run under `mpirun -np N`; without mpirun a
/// process is a 1-rank world (Open MPI singleton mode).
public enum PETScRuntime {
    /// Initializes MPI and PETSc (idempotent: a second call only inserts `options`).
    ///
    /// - Parameter options: PETSc options in command-line form (e.g. `"-ksp_monitor -pc_gamg_threshold 0.05"`);
    ///   they override what the Swift API sets, since the solver calls `KSPSetFromOptions` last.
    /// - Throws: `PETScError` if MPI or PETSc fail to start or an option string is malformed.
    public static func initialize(options: String = "") throws(PETScError) {
        if isInitialized {
            if !options.isEmpty { try petscCheck(PetscOptionsInsertString(nil, options), "PetscOptionsInsertString") }
            return
        }
        try petscCheck(ss_petsc_initialize(options), "PetscInitialize")
        _ = ss_petsc_push_quiet_error_handler()
    }

    /// Whether PETSc has been initialized (and not finalized) in this process.
    public static var isInitialized: Bool {
        var flag = PETSC_FALSE
        _ = PetscInitialized(&flag)
        return flag == PETSC_TRUE
    }

    /// Finalizes PETSc (and MPI, since PETSc started it). No-op when not initialized.
    /// Every PETSc object must be released first.
    public static func finalize() {
        if isInitialized { _ = PetscFinalize() }
    }

    /// This process's rank in `PETSC_COMM_WORLD` (0 before initialization).
    public static var rank: Int {
        guard isInitialized else { return 0 }
        var r: Int32 = 0
        MPI_Comm_rank(ss_petsc_comm_world(), &r)
        return Int(r)
    }

    /// Number of ranks in `PETSC_COMM_WORLD` (1 before initialization).
    public static var size: Int {
        guard isInitialized else { return 1 }
        var s: Int32 = 1
        MPI_Comm_size(ss_petsc_comm_world(), &s)
        return Int(s)
    }

    /// Whether this PETSc build includes hypre (so `.hypre` = BoomerAMG is available).
    public static var hasHypre: Bool { ss_petsc_has_hypre() != 0 }

    /// PETSc's version string, e.g. "Petsc Release Version 3.18.5, ...".
    public static var version: String {
        let buf = UnsafeMutablePointer<CChar>.allocate(capacity: 256)
        defer { buf.deallocate() }
        buf[0] = 0
        _ = PetscGetVersion(buf, 256)
        return String(cString: buf).trimmingCharacters(in: .whitespaces)
    }

    /// Blocks until every rank arrives.
    public static func barrier() {
        guard isInitialized else { return }
        MPI_Barrier(ss_petsc_comm_world())
    }

    /// Seconds on MPI's wall clock (`MPI_Wtime`).
    public static func wallTime() -> Double { ss_mpi_wtime() }

    /// The maximum of `value` over all ranks (collective: every rank must call it).
    public static func maxOverRanks(_ value: Double) -> Double {
        reduce(value, ss_mpi_max())
    }

    /// The sum of `value` over all ranks (collective).
    public static func sumOverRanks(_ value: Double) -> Double {
        reduce(value, ss_mpi_sum())
    }

    /// The minimum of `value` over all ranks (collective).
    public static func minOverRanks(_ value: Double) -> Double {
        reduce(value, ss_mpi_min())
    }

    private static func reduce(_ value: Double, _ op: MPI_Op) -> Double {
        guard isInitialized else { return value }
        var input = value
        var output = 0.0
        MPI_Allreduce(&input, &output, 1, ss_mpi_double(), op, ss_petsc_comm_world())
        return output
    }

    /// Concatenates every rank's `local` block on rank 0 in rank order (collective). Returns the
    /// full vector on rank 0 and `nil` elsewhere. Memory: the full length on rank 0 only.
    public static func gatherToRoot(_ local: [Double]) -> [Double]? {
        let world = size
        let me = rank
        guard isInitialized, world > 1 else { return local }
        let comm = ss_petsc_comm_world()
        var count = Int32(local.count)
        var counts = [Int32](repeating: 0, count: world)
        MPI_Gather(&count, 1, ss_mpi_int(), &counts, 1, ss_mpi_int(), 0, comm)
        var displs = [Int32](repeating: 0, count: world)
        for r in 1..<world { displs[r] = displs[r - 1] + counts[r - 1] }
        let total = me == 0 ? Int(counts.reduce(0, +)) : 0
        var out = [Double](repeating: 0, count: total)
        local.withUnsafeBufferPointer { lp in
            out.withUnsafeMutableBufferPointer { op in
                _ = MPI_Gatherv(lp.baseAddress, count, ss_mpi_double(), op.baseAddress, &counts, &displs,
                                ss_mpi_double(), 0, comm)
            }
        }
        return me == 0 ? out : nil
    }
}
