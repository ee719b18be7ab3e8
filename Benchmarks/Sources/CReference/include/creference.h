#ifndef SOLVERSUITE_CREFERENCE_H
#define SOLVERSUITE_CREFERENCE_H
#include <stdint.h>
/// y = A x for a CSR matrix with 64-bit row pointers and 32-bit column indices: the plain C loop
/// the Swift kernel is measured against.
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
#endif
