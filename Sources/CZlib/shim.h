#ifndef SOLVERSUITE_CZLIB_SHIM_H
#define SOLVERSUITE_CZLIB_SHIM_H
#include <zlib.h>
#endif
