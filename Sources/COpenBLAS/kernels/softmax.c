// Masked row softmax over (B, Tq, Tk) and its backward; plain row softmax with log-sum-exp for
// the cross-entropy. Rows are vectorised (AVX2/FMA, `tf_exp256`) when the CPU has it, with the
// scalar loops as the fallback.
#include "COpenBLAS.h"
#include "small_gemm.h"
#include "vector_exp.h"
#include <math.h>

// One row: y[j] = softmax(scale·x[j]) over j < limit with key_pad[j] == 0; masked entries → 0.
// Returns the log-sum-exp of the kept scaled entries (−inf when every key is masked).
static float softmax_row(int tk, int limit, float scale, const uint8_t *key_pad, const float *x, float *y) {
    float max = -INFINITY;
    for (int j = 0; j < limit; j++)
        if (!key_pad || !key_pad[j]) {
            float v = scale * x[j];
            if (v > max) max = v;
        }
    if (max == -INFINITY) {  // every key masked
        for (int j = 0; j < tk; j++) y[j] = 0.0f;
        return -INFINITY;
    }
    float sum = 0.0f;
    for (int j = 0; j < tk; j++) {
        float e = (j < limit && (!key_pad || !key_pad[j])) ? expf(scale * x[j] - max) : 0.0f;
        y[j] = e;
        sum += e;
    }
    float inv = 1.0f / sum;
    for (int j = 0; j < tk; j++) y[j] *= inv;
    return max + logf(sum);
}

// Lanes j..j+7 that are inside the row (< tk) and kept (< limit, not padded).
TF_AVX2 static inline __m256i kept_lanes(int j, int limit, const uint8_t *key_pad, int tk) {
    const __m256i index = _mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32(j));
    __m256i kept = _mm256_cmpgt_epi32(_mm256_set1_epi32(limit), index);
    if (key_pad) {
        int pad[8];
        for (int l = 0; l < 8; l++) pad[l] = (j + l < tk && key_pad[j + l]) ? -1 : 0;
        kept = _mm256_andnot_si256(_mm256_loadu_si256((const __m256i *)pad), kept);
    }
    return kept;
}

TF_AVX2 static inline __m256i row_lanes(int j, int tk) {
    const __m256i index = _mm256_add_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32(j));
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(tk), index);
}

// softmax_row, eight keys at a time (same contract; sums in a different order). Masked vector
// loads and stores only for a row's last partial vector: on AMD Zen a masked store is microcoded
// and cost more than the exponentials.
TF_AVX2 static inline float softmax_row_avx2(int tk, int limit, float scale, const uint8_t *key_pad,
                                             const float *x, float *y, int want_logsumexp) {
    const __m256 ninf = _mm256_set1_ps(-INFINITY), sc = _mm256_set1_ps(scale);
    __m256 vmax = ninf;
    for (int j = 0; j < limit; j += 8) {
        __m256 v;
        if (j + 8 <= limit && !key_pad) {
            v = _mm256_mul_ps(sc, _mm256_loadu_ps(x + j));
        } else {
            __m256i kept = kept_lanes(j, limit, key_pad, tk);
            v = _mm256_blendv_ps(ninf, _mm256_mul_ps(sc, _mm256_maskload_ps(x + j, kept)), _mm256_castsi256_ps(kept));
        }
        vmax = _mm256_max_ps(vmax, v);
    }
    const float max = tf_hmax256(vmax);
    if (max == -INFINITY) {
        for (int j = 0; j < tk; j++) y[j] = 0.0f;
        return -INFINITY;
    }
    const __m256 m = _mm256_set1_ps(max);
    __m256 vsum = _mm256_setzero_ps();
    int j = 0;
    for (; j + 8 <= tk; j += 8) {
        __m256 e = tf_exp256(_mm256_fmsub_ps(sc, _mm256_loadu_ps(x + j), m));
        if (j + 8 > limit || key_pad) e = _mm256_and_ps(e, _mm256_castsi256_ps(kept_lanes(j, limit, key_pad, tk)));
        _mm256_storeu_ps(y + j, e);
        vsum = _mm256_add_ps(vsum, e);
    }
    if (j < tk) {
        __m256i inside = row_lanes(j, tk), kept = kept_lanes(j, limit, key_pad, tk);
        __m256 e = tf_exp256(_mm256_fmsub_ps(sc, _mm256_maskload_ps(x + j, inside), m));
        e = _mm256_and_ps(e, _mm256_castsi256_ps(kept));
        _mm256_maskstore_ps(y + j, inside, e);
        vsum = _mm256_add_ps(vsum, e);
    }
    const float sum = tf_hsum256(vsum);
    const __m256 inv = _mm256_set1_ps(1.0f / sum);
    for (j = 0; j + 8 <= tk; j += 8) _mm256_storeu_ps(y + j, _mm256_mul_ps(inv, _mm256_loadu_ps(y + j)));
    for (; j < tk; j++) y[j] *= 1.0f / sum;
    return want_logsumexp ? max + logf(sum) : 0.0f;
}

TF_AVX2 static void masked_softmax_avx2(int batch, int tq, int tk, float scale, int causal,
                                        const uint8_t *key_padding, const float *x, float *y) {
    for (int b = 0; b < batch; b++) {
        const uint8_t *pad = key_padding ? key_padding + (ptrdiff_t)b * tk : NULL;
        for (int i = 0; i < tq; i++) {
            ptrdiff_t row = ((ptrdiff_t)b * tq + i) * tk;
            int limit = causal ? (i + 1 < tk ? i + 1 : tk) : tk;
            softmax_row_avx2(tk, limit, scale, pad, x + row, y + row, 0);
        }
    }
}

TF_AVX2 static void softmax_rows_avx2(ptrdiff_t rows, int n, const float *x, float *y, float *logsumexp) {
    for (ptrdiff_t r = 0; r < rows; r++) logsumexp[r] = softmax_row_avx2(n, n, 1.0f, NULL, x + r * n, y + r * n, 1);
}

void tf_masked_softmax_forward(int batch, int tq, int tk, float scale, int causal,
                               const uint8_t *key_padding, const float *x, float *y) {
    if (tf_cpu_has_avx2_fma()) {
        masked_softmax_avx2(batch, tq, tk, scale, causal, key_padding, x, y);
        return;
    }
    for (int b = 0; b < batch; b++) {
        const uint8_t *pad = key_padding ? key_padding + (ptrdiff_t)b * tk : NULL;
        for (int i = 0; i < tq; i++) {
            ptrdiff_t row = ((ptrdiff_t)b * tq + i) * tk;
            int limit = causal ? (i + 1 < tk ? i + 1 : tk) : tk;
            softmax_row(tk, limit, scale, pad, x + row, y + row);
        }
    }
}

void tf_softmax_rows(ptrdiff_t rows, int n, const float *x, float *y, float *logsumexp) {
    if (tf_cpu_has_avx2_fma()) {
        softmax_rows_avx2(rows, n, x, y, logsumexp);
        return;
    }
    for (ptrdiff_t r = 0; r < rows; r++) logsumexp[r] = softmax_row(n, n, 1.0f, NULL, x + r * n, y + r * n);
}

void tf_masked_softmax_backward(int batch, int tq, int tk, float scale, const float *y,
                                const float *dy, float *dx) {
    ptrdiff_t rows = (ptrdiff_t)batch * tq;
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *yr = y + r * tk, *dyr = dy + r * tk;
        float *dxr = dx + r * tk;
        float dot = 0.0f;
        for (int j = 0; j < tk; j++) dot += yr[j] * dyr[j];
        for (int j = 0; j < tk; j++) dxr[j] += scale * yr[j] * (dyr[j] - dot);
    }
}
