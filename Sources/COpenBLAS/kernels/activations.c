// Smooth activations with an exponential inside, vectorised with the shim's AVX2 e^x: quickGELU
// (CLIP's x·σ(1.702x)). Each element is computed by the same 8-lane routine wherever it falls
// (a range's last partial vector goes through a padded buffer), so results do not depend on how
// the caller splits the index range over threads.
#include "COpenBLAS.h"
#include "small_gemm.h"
#include "vector_exp.h"
#include <math.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF

static const float quick_gelu_slope = 1.702f;

// σ(1.702x) per lane, as 1 / (1 + e^(−1.702x)).
TF_AVX2 static inline __m256 quick_gelu_sigmoid(__m256 x) {
    const __m256 e = tf_exp256(_mm256_mul_ps(x, _mm256_set1_ps(-quick_gelu_slope)));
    return _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_add_ps(_mm256_set1_ps(1.0f), e));
}

TF_AVX2 static inline __m256 quick_gelu_forward8(__m256 x) { return _mm256_mul_ps(x, quick_gelu_sigmoid(x)); }

// dy · (s + 1.702·x·s·(1 − s)), s = σ(1.702x).
TF_AVX2 static inline __m256 quick_gelu_backward8(__m256 x, __m256 dy) {
    const __m256 s = quick_gelu_sigmoid(x);
    const __m256 slope_x_s = _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(quick_gelu_slope), x), s);
    const __m256 derivative = _mm256_add_ps(s, _mm256_mul_ps(slope_x_s, _mm256_sub_ps(_mm256_set1_ps(1.0f), s)));
    return _mm256_mul_ps(dy, derivative);
}

TF_AVX2 static void quick_gelu_forward_avx2(ptrdiff_t n, const float *restrict x, float *restrict y) {
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, quick_gelu_forward8(_mm256_loadu_ps(x + i)));
    if (i == n) return;
    float in[8] = {0}, out[8];
    memcpy(in, x + i, (size_t)(n - i) * sizeof(float));
    _mm256_storeu_ps(out, quick_gelu_forward8(_mm256_loadu_ps(in)));
    memcpy(y + i, out, (size_t)(n - i) * sizeof(float));
}

TF_AVX2 static void quick_gelu_backward_avx2(ptrdiff_t n, const float *restrict x, const float *restrict dy,
                                             float *restrict dx, int accumulate) {
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 g = quick_gelu_backward8(_mm256_loadu_ps(x + i), _mm256_loadu_ps(dy + i));
        if (accumulate) g = _mm256_add_ps(_mm256_loadu_ps(dx + i), g);
        _mm256_storeu_ps(dx + i, g);
    }
    if (i == n) return;
    const size_t tail = (size_t)(n - i) * sizeof(float);
    float xs[8] = {0}, gs[8] = {0}, ds[8] = {0};
    memcpy(xs, x + i, tail);
    memcpy(gs, dy + i, tail);
    if (accumulate) memcpy(ds, dx + i, tail);
    __m256 g = quick_gelu_backward8(_mm256_loadu_ps(xs), _mm256_loadu_ps(gs));
    if (accumulate) g = _mm256_add_ps(_mm256_loadu_ps(ds), g);
    _mm256_storeu_ps(ds, g);
    memcpy(dx + i, ds, tail);
}

static float quick_gelu_sigmoid1(float x) { return 1.0f / (1.0f + expf(-quick_gelu_slope * x)); }

void tf_quick_gelu_forward(ptrdiff_t n, const float *restrict x, float *restrict y) {
    if (tf_cpu_has_avx2_fma()) {
        quick_gelu_forward_avx2(n, x, y);
        return;
    }
    for (ptrdiff_t i = 0; i < n; i++) y[i] = x[i] * quick_gelu_sigmoid1(x[i]);
}

void tf_quick_gelu_backward(ptrdiff_t n, const float *restrict x, const float *restrict dy, float *restrict dx,
                            int accumulate) {
    if (tf_cpu_has_avx2_fma()) {
        quick_gelu_backward_avx2(n, x, dy, dx, accumulate);
        return;
    }
    for (ptrdiff_t i = 0; i < n; i++) {
        const float s = quick_gelu_sigmoid1(x[i]);
        const float g = dy[i] * (s + quick_gelu_slope * x[i] * s * (1.0f - s));
        dx[i] = accumulate ? dx[i] + g : g;
    }
}
