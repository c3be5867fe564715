// Internal: the small-matrix GEMM used by the batched product and the fused attention, and the
// CPU check every vectorised kernel shares.
#ifndef TINYFORMER_SMALL_GEMM_H
#define TINYFORMER_SMALL_GEMM_H
#include <stddef.h>

#include "COpenBLAS.h"

/// 1 when the CPU has AVX2 and FMA (checked once): the vectorised kernels' guard.
int tf_cpu_has_avx2_fma(void);

#endif
