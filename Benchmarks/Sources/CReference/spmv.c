#include "creference.h"

void cref_spmv(int64_t rows, const int64_t *restrict rowptr, const int32_t *restrict col,
               const double *restrict val, const double *restrict x, double *restrict y) {
    for (int64_t i = 0; i < rows; i++) {
        double s = 0.0;
        for (int64_t k = rowptr[i]; k < rowptr[i + 1]; k++) s += val[k] * x[col[k]];
        y[i] = s;
    }
}
