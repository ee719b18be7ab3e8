#ifndef SOLVERSUITE_CFFTW_SHIM_H
#define SOLVERSUITE_CFFTW_SHIM_H
#include <fftw3.h>
#endif
