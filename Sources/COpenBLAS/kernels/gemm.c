// GEMM entry points: a direct cblas_sgemm and the strided batched product used by attention.
#include "COpenBLAS.h"
#include "small_gemm.h"
#include <cblas.h>

void tf_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    if (m <= 0 || n <= 0) return;
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void tf_sgemm_strided_batched(int trans_a, int trans_b, int m, int n, int k, float alpha,
                              const float *a, int lda, ptrdiff_t stride_a,
                              const float *b, int ldb, ptrdiff_t stride_b, float beta,
                              float *c, int ldc, ptrdiff_t stride_c, int batch) {
    for (int i = 0; i < batch; i++)
        tf_gemm_one(trans_a, trans_b, m, n, k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb,
                    beta, c + i * stride_c, ldc);
}

void tf_sgemm_strided_batched_reference(int trans_a, int trans_b, int m, int n, int k, float alpha,
                                        const float *a, int lda, ptrdiff_t stride_a,
                                        const float *b, int ldb, ptrdiff_t stride_b, float beta,
                                        float *c, int ldc, ptrdiff_t stride_c, int batch) {
    for (int i = 0; i < batch; i++)
        tf_sgemm(trans_a, trans_b, m, n, k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb,
                 beta, c + i * stride_c, ldc);
}
