#ifndef SOLVERSUITE_CBLAS_SHIM_H
#define SOLVERSUITE_CBLAS_SHIM_H
#include <cblas.h>
#endif
