// Plain C drivers for CHOLMOD and UMFPACK: the "library itself" baseline the Swift wrappers
// (CholeskyFactorization, LUFactorization) are timed against in the same process.
#include "creference.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <suitesparse/cholmod.h>
#include <suitesparse/umfpack.h>

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int cref_cholmod_solve(int64_t n, const int64_t *rowptr, const int32_t *col, const double *val,
                       const double *b, double *x, cref_direct_times *times) {
    double t0 = now_seconds(), t;
    cholmod_common c;
    cholmod_l_start(&c);
    c.print = 0;
    c.final_ll = 1;
    c.supernodal = CHOLMOD_SUPERNODAL;
    int64_t nz = rowptr[n];
    // CSR of a symmetric A == CSC of A; stype = 1 reads the upper triangle of that CSC matrix,
    // i.e. the lower triangle of the CSR input.
    cholmod_sparse *A = cholmod_l_allocate_sparse(n, n, nz, 1, 1, 1, CHOLMOD_REAL, &c);
    if (!A) { int s = c.status; cholmod_l_finish(&c); return s < 0 ? s : -1; }
    SuiteSparse_long *Ap = A->p, *Ai = A->i;
    double *Ax = A->x;
    for (int64_t r = 0; r <= n; r++) Ap[r] = rowptr[r];
    for (int64_t k = 0; k < nz; k++) Ai[k] = col[k];
    memcpy(Ax, val, (size_t)nz * sizeof(double));
    t = now_seconds(); times->convert = t - t0;

    double t1 = now_seconds();
    cholmod_factor *L = cholmod_l_analyze(A, &c);
    t = now_seconds(); times->analyze = t - t1; t1 = t;
    int rc = 0;
    if (!L) { rc = c.status < 0 ? c.status : -1; goto done; }
    cholmod_l_factorize(A, L, &c);
    t = now_seconds(); times->factor = t - t1; t1 = t;
    if (c.status == CHOLMOD_NOT_POSDEF) { rc = 1; goto done; }
    if (c.status < CHOLMOD_OK) { rc = c.status; goto done; }
    times->factor_nnz = c.lnz;
    cholmod_dense B = {0};
    B.nrow = n; B.ncol = 1; B.nzmax = n; B.d = n; B.x = (void *)b; B.xtype = CHOLMOD_REAL; B.dtype = CHOLMOD_DOUBLE;
    cholmod_dense *X = cholmod_l_solve(CHOLMOD_A, L, &B, &c);
    if (!X) { rc = c.status < 0 ? c.status : -1; goto done; }
    memcpy(x, X->x, (size_t)n * sizeof(double));
    cholmod_l_free_dense(&X, &c);
    t = now_seconds(); times->solve = t - t1;
done:
    cholmod_l_free_factor(&L, &c);
    cholmod_l_free_sparse(&A, &c);
    cholmod_l_finish(&c);
    times->total = now_seconds() - t0;
    return rc;
}

int cref_umfpack_solve(int64_t n, const int64_t *rowptr, const int32_t *col, const double *val,
                       const double *b, double *x, cref_direct_times *times) {
    double t0 = now_seconds(), t;
    int64_t nz = rowptr[n];
    // CSR -> CSC (counting transpose).
    SuiteSparse_long *Cp = calloc((size_t)n + 1, sizeof(SuiteSparse_long));
    SuiteSparse_long *Ci = malloc((size_t)(nz > 0 ? nz : 1) * sizeof(SuiteSparse_long));
    double *Cx = malloc((size_t)(nz > 0 ? nz : 1) * sizeof(double));
    SuiteSparse_long *next = malloc((size_t)(n > 0 ? n : 1) * sizeof(SuiteSparse_long));
    if (!Cp || !Ci || !Cx || !next) { free(Cp); free(Ci); free(Cx); free(next); return UMFPACK_ERROR_out_of_memory; }
    for (int64_t k = 0; k < nz; k++) Cp[col[k] + 1]++;
    for (int64_t j = 0; j < n; j++) Cp[j + 1] += Cp[j];
    for (int64_t j = 0; j < n; j++) next[j] = Cp[j];
    for (int64_t i = 0; i < n; i++)
        for (int64_t k = rowptr[i]; k < rowptr[i + 1]; k++) {
            SuiteSparse_long p = next[col[k]]++;
            Ci[p] = i; Cx[p] = val[k];
        }
    free(next);
    t = now_seconds(); times->convert = t - t0;

    double control[UMFPACK_CONTROL], info[UMFPACK_INFO];
    umfpack_dl_defaults(control);
    control[UMFPACK_PRL] = 0;
    void *symbolic = NULL, *numeric = NULL;
    double t1 = now_seconds();
    int rc = umfpack_dl_symbolic(n, n, Cp, Ci, Cx, &symbolic, control, info);
    t = now_seconds(); times->analyze = t - t1; t1 = t;
    if (rc != UMFPACK_OK) goto done;
    rc = umfpack_dl_numeric(Cp, Ci, Cx, symbolic, &numeric, control, info);
    t = now_seconds(); times->factor = t - t1; t1 = t;
    if (rc != UMFPACK_OK) goto done;
    times->factor_nnz = info[UMFPACK_LNZ] + info[UMFPACK_UNZ];
    rc = umfpack_dl_solve(UMFPACK_A, Cp, Ci, Cx, x, b, numeric, control, info);
    t = now_seconds(); times->solve = t - t1;
done:
    if (numeric) umfpack_dl_free_numeric(&numeric);
    if (symbolic) umfpack_dl_free_symbolic(&symbolic);
    free(Cp); free(Ci); free(Cx);
    times->total = now_seconds() - t0;
    return rc;
}
