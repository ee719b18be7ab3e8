#ifndef SOLVERSUITE_CLAPACKE_SHIM_H
#define SOLVERSUITE_CLAPACKE_SHIM_H
#include <lapacke.h>
// lapack_int is a macro: re-export it as a typedef so Swift code can name the width.
typedef lapack_int clapack_int;
#endif
