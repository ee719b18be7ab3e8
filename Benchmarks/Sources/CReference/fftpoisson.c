#include "creference.h"
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Plain C + FFTW fast Poisson solver: -Δ_h u = f on the unit box with homogeneous Dirichlet
 * data, n interior points per axis (h = 1/(n+1)), 5/7-point stencil. DST-I (RODFT00) forward,
 * divide by the eigenvalues, DST-I back, scale by 1/(2(n+1))^dim. The reference the Swift
 * FastPoissonSolver is timed against (same copies in and out of FFTW-aligned buffers). */
struct cref_fftpoisson {
    int dim, n;
    size_t total;
    double *a, *b, *lam;
    fftw_plan forward, backward;
};

cref_fftpoisson *cref_fftpoisson_create(int dim, int n, unsigned flags) {
    if (dim < 1 || dim > 3 || n < 1) return NULL;
    cref_fftpoisson *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->dim = dim; s->n = n;
    s->total = 1;
    for (int d = 0; d < dim; d++) s->total *= (size_t)n;
    s->a = fftw_alloc_real(s->total);
    s->b = fftw_alloc_real(s->total);
    s->lam = malloc(sizeof(double) * (size_t)n);
    double h = 1.0 / (n + 1);
    for (int k = 0; k < n; k++) {
        double t = sin(M_PI * (k + 1) / (2.0 * (n + 1)));
        s->lam[k] = 4.0 * t * t / (h * h);
    }
    int dims[3] = {n, n, n};
    fftw_r2r_kind kinds[3] = {FFTW_RODFT00, FFTW_RODFT00, FFTW_RODFT00};
    s->forward = fftw_plan_r2r(dim, dims, s->a, s->b, kinds, flags);
    s->backward = fftw_plan_r2r(dim, dims, s->b, s->a, kinds, flags);
    return s;
}

void cref_fftpoisson_solve(cref_fftpoisson *s, const double *restrict f, double *restrict u) {
    memcpy(s->a, f, sizeof(double) * s->total);
    fftw_execute(s->forward);
    const int n = s->n;
    double norm = 1.0;
    for (int d = 0; d < s->dim; d++) norm *= 2.0 * (n + 1);
    const double inv = 1.0 / norm;
    const double *lam = s->lam;
    double *b = s->b;
    if (s->dim == 1) {
        for (int i = 0; i < n; i++) b[i] *= inv / lam[i];
    } else if (s->dim == 2) {
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++) b[(size_t)j * n + i] *= inv / (lam[j] + lam[i]);
    } else {
        size_t idx = 0;
        for (int k = 0; k < n; k++)
            for (int j = 0; j < n; j++) {
                double e = lam[k] + lam[j];
                for (int i = 0; i < n; i++, idx++) b[idx] *= inv / (e + lam[i]);
            }
    }
    fftw_execute(s->backward);
    memcpy(u, s->a, sizeof(double) * s->total);
}

void cref_fftpoisson_destroy(cref_fftpoisson *s) {
    if (!s) return;
    fftw_destroy_plan(s->forward);
    fftw_destroy_plan(s->backward);
    fftw_free(s->a);
    fftw_free(s->b);
    free(s->lam);
    free(s);
}
