// Register-blocked AVX2/FMA kernels for the tiny matrices of attention (T = 10..40, d = 32..128),
// where OpenBLAS's per-call setup costs more than the arithmetic. Two kernel shapes cover every
// transpose combination without packing A:
//   - broadcast kernel: B's rows are contiguous (op(B) = B): a 4×16 block of C accumulates
//     broadcast(A[i,p]) · B[p, j..j+16); A may be transposed (only its element stride changes).
//   - dot kernel: B is transposed and A is not: C[i,j] = A[i,:]·Bᵀ[j,:], both contiguous in k;
//     a 4×2 block keeps 8 vector accumulators over k.
// The remaining case (both transposed) packs op(B) into a small scratch and uses the broadcast
// kernel. Larger shapes go to cblas_sgemm.
#include "small_gemm.h"
#include <cblas.h>
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define TF_TARGET __attribute__((target("avx2,fma")))
#define TF_INLINE static inline __attribute__((always_inline))

int tf_cpu_has_avx2_fma(void) {
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    }
    return cached;
}

// From this many rows of C, A·Bᵀ packs Bᵀ and uses the broadcast kernel instead of dot products:
// packing pays off over many rows and costs more than it saves over the few rows of attention
// scores (the crossover was measured: docs/PERFORMANCE.md, "Design measurements").
#ifndef TF_PACK_MIN_ROWS
#define TF_PACK_MIN_ROWS 32
#endif

int tf_small_kernels_available(void) { return tf_cpu_has_avx2_fma(); }

int tf_use_small_kernel(int trans_a, int trans_b, int m, int n, int k) {
    if (!tf_cpu_has_avx2_fma()) return 0;
    // The AVX2 kernels are chosen where they beat single-threaded cblas_sgemm (the measurements
    // are in docs/PERFORMANCE.md, "Design measurements"):
    //   A·B:   while op(B) stays in cache (k ≤ 512, not a 512×512 B);
    //   A·Bᵀ:  few rows (attention scores) by dot products, with no per-call overhead; more rows
    //          pack Bᵀ for the broadcast kernel unless k = 128 pushes the panel past L1;
    //   Aᵀ·B:  small m·n and k; OpenBLAS's blocking over k wins beyond.
    if (n > 512) return 0;
    if (trans_b) {
        if (m < TF_PACK_MIN_ROWS && !trans_a) return (double)k * (double)n <= 16384.0 ? TF_KERNEL_SMALL : 0;
        return k <= 64 && (double)k * (double)n <= 12288.0 ? TF_KERNEL_PACKED : 0;
    }
    if (trans_a) return k <= 1024 && (double)m * (double)n <= 8192.0 ? TF_KERNEL_SMALL : 0;
    return k <= 512 && (double)k * (double)n < 262144.0 ? TF_KERNEL_SMALL : 0;  // 512×512 B: OpenBLAS
}

// Lanes [0, w) of a mask vector are enabled.
TF_TARGET TF_INLINE __m256i tail_mask(int w) {
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(w), lanes);
}

TF_TARGET TF_INLINE __m256 load_b(const float *p, int masked, __m256i mask) {
    return masked ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p);
}

TF_TARGET TF_INLINE void store_c(float *p, __m256 v, float beta, int masked, __m256i mask) {
    if (beta != 0.0f) {
        __m256 old = masked ? _mm256_maskload_ps(p, mask) : _mm256_loadu_ps(p);
        v = _mm256_fmadd_ps(_mm256_set1_ps(beta), old, v);
    }
    if (masked) _mm256_maskstore_ps(p, mask, v);
    else _mm256_storeu_ps(p, v);
}

// MR rows × NV vectors of 8 columns; the last vector is masked when `masked`.
// With bias != NULL, bias[0..8·NV) is added to every row (after alpha, before beta·C).
TF_TARGET TF_INLINE void bcast_block(const int MR, const int NV, const int masked, __m256i mask,
                                     int k, float alpha, const float *a, ptrdiff_t rsa,
                                     ptrdiff_t csa, const float *b, ptrdiff_t rsb, float beta,
                                     const float *bias, float *c, int ldc) {
    __m256 acc[6][2];
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) acc[r][v] = _mm256_setzero_ps();
    for (int p = 0; p < k; p++) {
        __m256 bv[2];
        for (int v = 0; v < NV; v++)
            bv[v] = load_b(b + p * rsb + 8 * v, masked && v == NV - 1, mask);
        for (int r = 0; r < MR; r++) {
            __m256 av = _mm256_broadcast_ss(a + r * rsa + p * csa);
            for (int v = 0; v < NV; v++) acc[r][v] = _mm256_fmadd_ps(av, bv[v], acc[r][v]);
        }
    }
    __m256 al = _mm256_set1_ps(alpha);
    __m256 bias_v[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    if (bias)
        for (int v = 0; v < NV; v++) bias_v[v] = load_b(bias + 8 * v, masked && v == NV - 1, mask);
    for (int r = 0; r < MR; r++)
        for (int v = 0; v < NV; v++) {
            __m256 out = alpha == 1.0f ? acc[r][v] : _mm256_mul_ps(al, acc[r][v]);  // 1·x = x exactly
            if (bias) out = _mm256_add_ps(out, bias_v[v]);
            store_c(c + r * ldc + 8 * v, out, beta, masked && v == NV - 1, mask);
        }
}

// Rows [i, i+MR) of C for every column, op(B) row-major with row stride rsb.
TF_TARGET TF_INLINE void bcast_rows(const int MR, int n, int k, float alpha, const float *a,
                                    ptrdiff_t rsa, ptrdiff_t csa, const float *b, ptrdiff_t rsb,
                                    float beta, const float *bias, float *c, int ldc) {
    const __m256i full = _mm256_set1_epi32(-1);
    int j = 0;
#define TF_BIAS_AT(j) (bias ? bias + (j) : NULL)
    for (; j + 16 <= n; j += 16) bcast_block(MR, 2, 0, full, k, alpha, a, rsa, csa, b + j, rsb, beta, TF_BIAS_AT(j), c + j, ldc);
    if (j + 8 < n) {
        bcast_block(MR, 2, 1, tail_mask(n - j - 8), k, alpha, a, rsa, csa, b + j, rsb, beta, TF_BIAS_AT(j), c + j, ldc);
    } else if (j + 8 == n) {
        bcast_block(MR, 1, 0, full, k, alpha, a, rsa, csa, b + j, rsb, beta, TF_BIAS_AT(j), c + j, ldc);
    } else if (j < n) {
        bcast_block(MR, 1, 1, tail_mask(n - j), k, alpha, a, rsa, csa, b + j, rsb, beta, TF_BIAS_AT(j), c + j, ldc);
    }
#undef TF_BIAS_AT
}

TF_TARGET static void bcast_gemm(int m, int n, int k, float alpha, const float *a, ptrdiff_t rsa,
                                 ptrdiff_t csa, const float *b, ptrdiff_t rsb, float beta,
                                 const float *bias, float *c, int ldc) {
    // 6×16 blocks keep 12 accumulators + 2 B vectors in the 16 ymm registers. The last 1–5 rows
    // are one block of their own: as single rows, each accumulator was one chain of dependent
    // FMAs, latency-bound (attention's matrices have 5–15 rows, so most had such a remainder).
    // Every element sums over p in the same order whatever the block height.
    int i = 0;
    for (; i + 6 <= m; i += 6) bcast_rows(6, n, k, alpha, a + i * rsa, rsa, csa, b, rsb, beta, bias, c + (ptrdiff_t)i * ldc, ldc);
    const float *ar = a + i * rsa;
    float *cr = c + (ptrdiff_t)i * ldc;
    switch (m - i) {
    case 5: bcast_rows(5, n, k, alpha, ar, rsa, csa, b, rsb, beta, bias, cr, ldc); break;
    case 4: bcast_rows(4, n, k, alpha, ar, rsa, csa, b, rsb, beta, bias, cr, ldc); break;
    case 3: bcast_rows(3, n, k, alpha, ar, rsa, csa, b, rsb, beta, bias, cr, ldc); break;
    case 2: bcast_rows(2, n, k, alpha, ar, rsa, csa, b, rsb, beta, bias, cr, ldc); break;
    case 1: bcast_rows(1, n, k, alpha, ar, rsa, csa, b, rsb, beta, bias, cr, ldc); break;
    default: break;
    }
}

TF_TARGET TF_INLINE float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

// MR rows of A (contiguous in k) against NC rows of B (contiguous in k).
TF_TARGET TF_INLINE void dot_block(const int MR, const int NC, int k, float alpha, const float *a,
                                   int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    __m256 acc[4][2];
    for (int r = 0; r < MR; r++)
        for (int q = 0; q < NC; q++) acc[r][q] = _mm256_setzero_ps();
    int p = 0;
    for (; p + 8 <= k; p += 8) {
        __m256 bv[2];
        for (int q = 0; q < NC; q++) bv[q] = _mm256_loadu_ps(b + (ptrdiff_t)q * ldb + p);
        for (int r = 0; r < MR; r++) {
            __m256 av = _mm256_loadu_ps(a + (ptrdiff_t)r * lda + p);
            for (int q = 0; q < NC; q++) acc[r][q] = _mm256_fmadd_ps(av, bv[q], acc[r][q]);
        }
    }
    if (p < k) {
        __m256i mask = tail_mask(k - p);
        __m256 bv[2];
        for (int q = 0; q < NC; q++) bv[q] = _mm256_maskload_ps(b + (ptrdiff_t)q * ldb + p, mask);
        for (int r = 0; r < MR; r++) {
            __m256 av = _mm256_maskload_ps(a + (ptrdiff_t)r * lda + p, mask);
            for (int q = 0; q < NC; q++) acc[r][q] = _mm256_fmadd_ps(av, bv[q], acc[r][q]);
        }
    }
    for (int r = 0; r < MR; r++)
        for (int q = 0; q < NC; q++) {
            float v = alpha * hsum(acc[r][q]);
            float *dst = c + (ptrdiff_t)r * ldc + q;
            *dst = beta != 0.0f ? v + beta * *dst : v;
        }
}

TF_TARGET static void dot_gemm(int m, int n, int k, float alpha, const float *a, int lda,
                               const float *b, int ldb, float beta, float *c, int ldc) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
        int j = 0;
        for (; j + 2 <= n; j += 2) dot_block(4, 2, k, alpha, a + (ptrdiff_t)i * lda, lda, b + (ptrdiff_t)j * ldb, ldb, beta, c + (ptrdiff_t)i * ldc + j, ldc);
        if (j < n) dot_block(4, 1, k, alpha, a + (ptrdiff_t)i * lda, lda, b + (ptrdiff_t)j * ldb, ldb, beta, c + (ptrdiff_t)i * ldc + j, ldc);
    }
    for (; i < m; i++) {
        int j = 0;
        for (; j + 2 <= n; j += 2) dot_block(1, 2, k, alpha, a + (ptrdiff_t)i * lda, lda, b + (ptrdiff_t)j * ldb, ldb, beta, c + (ptrdiff_t)i * ldc + j, ldc);
        if (j < n) dot_block(1, 1, k, alpha, a + (ptrdiff_t)i * lda, lda, b + (ptrdiff_t)j * ldb, ldb, beta, c + (ptrdiff_t)i * ldc + j, ldc);
    }
}

static void cblas_one(int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                      int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void tf_gemm_one(int trans_a, int trans_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    tf_gemm_with_kernel(tf_use_small_kernel(trans_a, trans_b, m, n, k), trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// The packing of Bᵀ for x·Wᵀ ran as a scalar loop and was ~1.5 % of the h32/small step, and
// attention's query lanes transpose blocks of 5–15 rows: every block, edges included, goes
// through AVX2 registers (masked loads; partial rows stored through a small buffer, since a
// masked store is microcoded on AMD Zen).
TF_TARGET void tf_transpose(int rows, int cols, const float *src, ptrdiff_t lds, float *dst, ptrdiff_t ldd,
                            int zero_fill) {
    for (int i = 0; i < rows; i += 8) {
        const int r = rows - i < 8 ? rows - i : 8;  // source rows in this block
        for (int j = 0; j < cols; j += 8) {
            const int c = cols - j < 8 ? cols - j : 8;  // source columns = destination rows
            const __m256i mask = tail_mask(c);
            __m256 v[8], t[8];
            for (int q = 0; q < 8; q++) {
                const float *row = src + (ptrdiff_t)(i + q) * lds + j;
                v[q] = q >= r ? _mm256_setzero_ps() : c == 8 ? _mm256_loadu_ps(row) : _mm256_maskload_ps(row, mask);
            }
            for (int q = 0; q < 8; q += 2) {
                t[q] = _mm256_unpacklo_ps(v[q], v[q + 1]);
                t[q + 1] = _mm256_unpackhi_ps(v[q], v[q + 1]);
            }
            for (int q = 0; q < 8; q += 4) {
                v[q] = _mm256_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(1, 0, 1, 0));
                v[q + 1] = _mm256_shuffle_ps(t[q], t[q + 2], _MM_SHUFFLE(3, 2, 3, 2));
                v[q + 2] = _mm256_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(1, 0, 1, 0));
                v[q + 3] = _mm256_shuffle_ps(t[q + 1], t[q + 3], _MM_SHUFFLE(3, 2, 3, 2));
            }
            for (int q = 0; q < 4; q++) {
                t[q] = _mm256_permute2f128_ps(v[q], v[q + 4], 0x20);
                t[q + 4] = _mm256_permute2f128_ps(v[q], v[q + 4], 0x31);
            }
            for (int q = 0; q < c; q++) {
                float *out = dst + (ptrdiff_t)(j + q) * ldd + i;
                if (r == 8 || zero_fill) {
                    _mm256_storeu_ps(out, t[q]);
                } else {
                    float lanes[8];
                    _mm256_storeu_ps(lanes, t[q]);
                    for (int l = 0; l < r; l++) out[l] = lanes[l];
                }
            }
        }
    }
}

// C = alpha·op(A)·op(B) + beta·C (+ bias broadcast over the rows when bias != NULL).
static void gemm_impl(int small_kernel, int trans_a, int trans_b, int m, int n, int k, float alpha,
                      const float *a, int lda, const float *b, int ldb, float beta, const float *bias,
                      float *c, int ldc) {
    if (m <= 0 || n <= 0) return;
    const int uses_bcast = small_kernel && tf_cpu_has_avx2_fma() && k > 0 &&
                           (!trans_b || trans_a || small_kernel == TF_KERNEL_PACKED);
    if (bias && !uses_bcast) {  // other kernels: C ← bias + beta·C first, then accumulate onto it
        for (int i = 0; i < m; i++) {
            float *row = c + (ptrdiff_t)i * ldc;
            if (beta == 0.0f) memcpy(row, bias, (size_t)n * sizeof(float));
            else for (int j = 0; j < n; j++) row[j] = bias[j] + beta * row[j];
        }
        beta = 1.0f;
        bias = NULL;
    }
    if (k <= 0) {  // C = beta·C, matching BLAS semantics.
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[(ptrdiff_t)i * ldc + j] = beta == 0.0f ? 0.0f : beta * c[(ptrdiff_t)i * ldc + j];
        return;
    }
    if (!small_kernel || !tf_cpu_has_avx2_fma()) {
        cblas_one(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        return;
    }
    const ptrdiff_t rsa = trans_a ? 1 : lda, csa = trans_a ? lda : 1;
    if (!trans_b) {
        bcast_gemm(m, n, k, alpha, a, rsa, csa, b, ldb, beta, bias, c, ldc);
    } else if (!trans_a && small_kernel != TF_KERNEL_PACKED) {
        dot_gemm(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    } else {
        // op(B) = Bᵀ: pack it (k, n) row-major, then broadcast — the dot kernel's horizontal sums
        // cost more than the k·n copy once there are enough rows to reuse it. Stack buffer for
        // the common sizes, heap otherwise.
        float stack_buf[16384];
        size_t need = (size_t)k * (size_t)n;
        float *packed = need <= 16384 ? stack_buf : (float *)malloc(need * sizeof(float));
        if (!packed) {
            if (bias) {  // the fallback cannot add the bias itself
                gemm_impl(0, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, bias, c, ldc);
                return;
            }
            cblas_one(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        tf_transpose(n, k, b, ldb, packed, n, 0);
        bcast_gemm(m, n, k, alpha, a, rsa, csa, packed, n, beta, bias, c, ldc);
        if (packed != stack_buf) free(packed);
    }
}

void tf_gemm_with_kernel(int small_kernel, int trans_a, int trans_b, int m, int n, int k, float alpha,
                         const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    gemm_impl(small_kernel, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, NULL, c, ldc);
}

void tf_gemm_bias(int small_kernel, int trans_a, int trans_b, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb, const float *bias, float *c, int ldc) {
    gemm_impl(small_kernel, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, 0.0f, bias, c, ldc);
}
