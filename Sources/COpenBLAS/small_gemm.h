// Internal: the small-matrix GEMM used by the batched product and the fused attention.
#ifndef TINYFORMER_SMALL_GEMM_H
#define TINYFORMER_SMALL_GEMM_H
#include <stddef.h>

#include "COpenBLAS.h"

#endif
