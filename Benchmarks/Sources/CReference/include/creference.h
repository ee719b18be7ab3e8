#ifndef SOLVERSUITE_CREFERENCE_H
#define SOLVERSUITE_CREFERENCE_H
#include <stdint.h>
/// y = A x for a CSR matrix with 64-bit row pointers and 32-bit column indices: the plain C loop
/// the Swift kernel is measured against.
void cref_spmv(int64_t rows, const int64_t *restrict rowptr, const int32_t *restrict col,
               const double *restrict val, const double *restrict x, double *restrict y);
#endif
