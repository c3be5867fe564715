// Internal: the small-matrix GEMM used by the batched product and the fused attention, and the
// CPU check every vectorised kernel shares.
#ifndef TINYFORMER_SMALL_GEMM_H
#define TINYFORMER_SMALL_GEMM_H
#include <stddef.h>

#include "COpenBLAS.h"

// Values of tf_use_small_kernel: 0 = cblas_sgemm.
#define TF_KERNEL_SMALL 1   // broadcast kernel (op(B) = B), or dot products for A·Bᵀ
#define TF_KERNEL_PACKED 2  // op(B) = Bᵀ packed, then the broadcast kernel

/// 1 when the CPU has AVX2 and FMA (checked once): the vectorised kernels' guard.
int tf_cpu_has_avx2_fma(void);

/// dst (cols, rows) = srcᵀ for src (rows, cols): row strides lds and ldd. With zero_fill, each
/// dst row is padded to a multiple of 8 (ldd allows it) and the padding lanes are set to 0.
/// AVX2 CPUs only.
void tf_transpose(int rows, int cols, const float *src, ptrdiff_t lds, float *dst, ptrdiff_t ldd, int zero_fill);

#endif
