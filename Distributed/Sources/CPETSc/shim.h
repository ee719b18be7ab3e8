// C shims for PETSc/MPI names that Swift cannot import directly (function-like or cast macros).
#ifndef SOLVERSUITE_CPETSC_SHIM_H
#define SOLVERSUITE_CPETSC_SHIM_H
#include <petscksp.h>
#include <petscconf.h>

/// MPI_COMM_WORLD (a cast macro in Open MPI and MPICH).
static inline MPI_Comm ss_mpi_comm_world(void) { return MPI_COMM_WORLD; }
/// PETSC_COMM_WORLD (a global that PetscInitialize may replace).
static inline MPI_Comm ss_petsc_comm_world(void) { return PETSC_COMM_WORLD; }
/// MPI_DOUBLE / MPI_SUM / MPI_MAX / MPI_LONG_LONG handles (cast macros).
static inline MPI_Datatype ss_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype ss_mpi_long_long(void) { return MPI_LONG_LONG; }
static inline MPI_Datatype ss_mpi_int(void) { return MPI_INT; }
static inline MPI_Op ss_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op ss_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op ss_mpi_min(void) { return MPI_MIN; }

/// 1 when this PETSc was configured with hypre (BoomerAMG available as PCHYPRE).
static inline int ss_petsc_has_hypre(void) {
#ifdef PETSC_HAVE_HYPRE
    return 1;
#else
    return 0;
#endif
}
/// sizeof(PetscInt): 4 or 8 (64-bit indices builds).
static inline int ss_petsc_int_size(void) { return (int)sizeof(PetscInt); }

/// PetscInitialize without command-line arguments (the Swift side passes options as a string).
static inline PetscErrorCode ss_petsc_initialize(const char *options) {
    PetscErrorCode ierr = PetscInitializeNoArguments();
    if (ierr) return ierr;
    if (options && options[0]) ierr = PetscOptionsInsertString(NULL, options);
    return ierr;
}

/// Silence PETSc's default error printer (errors come back to Swift as typed errors).
static inline PetscErrorCode ss_petsc_push_quiet_error_handler(void) {
    return PetscPushErrorHandler(PetscReturnErrorHandler, NULL);
}

/// MPI_Wtime (a function in Open MPI, a macro in some MPIs).
static inline double ss_mpi_wtime(void) { return MPI_Wtime(); }
#endif
