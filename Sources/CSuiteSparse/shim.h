#ifndef SOLVERSUITE_CSUITESPARSE_SHIM_H
#define SOLVERSUITE_CSUITESPARSE_SHIM_H
#include <suitesparse/cholmod.h>
#include <suitesparse/umfpack.h>
#include <suitesparse/klu.h>
#include <suitesparse/SuiteSparseQR_C.h>
// SuiteSparse_long is a macro in SuiteSparse 5.x and therefore invisible to Swift.
typedef SuiteSparse_long ss_long;
// Swift 6 refuses to touch the mutable C global SuiteSparse_config; keep that in C.
static inline void ss_silence_printing(void) { SuiteSparse_config.printf_func = 0; }
#endif
