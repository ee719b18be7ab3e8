#ifndef SOLVERSUITE_CREFERENCE_H
#define SOLVERSUITE_CREFERENCE_H
#include <stdint.h>

/// y = A x for a CSR matrix with 64-bit row pointers and 32-bit column indices: the plain C loop
/// the Swift kernel is measured against (compiled at -O3, no hand vectorisation, no threads).
void cref_spmv(int64_t rows, const int64_t *restrict rowptr, const int32_t *restrict col,
               const double *restrict val, const double *restrict x, double *restrict y);

/// Opaque plain-C FFTW DST-I Poisson solver (see fftpoisson.c).
typedef struct cref_fftpoisson cref_fftpoisson;
/// Plans for the unit box in `dim` (1..3) dimensions with `n` interior points per axis;
/// `flags` are FFTW planner flags (FFTW_MEASURE = 0, FFTW_ESTIMATE = 64). NULL on bad input.
cref_fftpoisson *cref_fftpoisson_create(int dim, int n, unsigned flags);
/// u = (-Δ_h)⁻¹ f (homogeneous Dirichlet), arrays of n^dim doubles, x fastest.
void cref_fftpoisson_solve(cref_fftpoisson *s, const double *f, double *u);
/// Frees plans and buffers.
void cref_fftpoisson_destroy(cref_fftpoisson *s);

/// Phase times of one end-to-end direct solve by the plain C drivers (seconds).
typedef struct {
    double convert;   ///< CSR -> library input format (copy / transpose)
    double analyze;   ///< symbolic analysis (ordering)
    double factor;    ///< numeric factorization
    double solve;     ///< solve with one right-hand side
    double total;     ///< everything, including freeing the library objects
    double factor_nnz;///< nnz(L) (CHOLMOD) or nnz(L)+nnz(U) (UMFPACK)
} cref_direct_times;

/// Plain C CHOLMOD driver: A (symmetric, CSR with both triangles, the lower one is used) -> x = A \ b,
/// as a C user would write it: cholmod_l_start, supernodal LL^T (final_ll = 1, default ordering),
/// cholmod_l_analyze, cholmod_l_factorize, cholmod_l_solve, free everything.
/// Returns 0 on success, the CHOLMOD status (negative) or 1 for "not positive definite".
int cref_cholmod_solve(int64_t n, const int64_t *rowptr, const int32_t *col, const double *val,
                       const double *b, double *x, cref_direct_times *times);

/// Plain C UMFPACK driver: A (square, CSR) -> CSC by a counting transpose, umfpack_dl_symbolic,
/// umfpack_dl_numeric, umfpack_dl_solve(UMFPACK_A) with default controls (which include
/// iterative refinement), free everything. Returns the UMFPACK status (0 = UMFPACK_OK).
int cref_umfpack_solve(int64_t n, const int64_t *rowptr, const int32_t *col, const double *val,
                       const double *b, double *x, cref_direct_times *times);
#endif
