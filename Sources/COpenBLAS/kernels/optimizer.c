// Fused optimizer updates over one parameter's buffers (vectorised; float operations in the order
// torch.optim uses, no FMA contraction so results match the reference step for step).
#include "COpenBLAS.h"
#include "small_gemm.h"
#include "vector_exp.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

// Elements [from, n); the decay branch is unswitched by the compiler.
static void adam_scalar(ptrdiff_t from, ptrdiff_t n, float *restrict w, const float *restrict g, float gradient_scale,
                        float *restrict m, float *restrict v, float beta1, float beta2, float step_size,
                        float correction2_sqrt, float epsilon, int decay_mode, float weight_decay) {
    for (ptrdiff_t i = from; i < n; i++) {
        float d = g[i] * gradient_scale;
        if (decay_mode == 2) w[i] *= weight_decay;            // AdamW: weight_decay = 1 − lr·λ
        else if (decay_mode == 1) d += weight_decay * w[i];   // Adam with L2: weight_decay = λ
        m[i] += (1.0f - beta1) * (d - m[i]);
        v[i] = beta2 * v[i] + (1.0f - beta2) * d * d;
        const float denominator = sqrtf(v[i]) / correction2_sqrt + epsilon;
        w[i] += -step_size * (m[i] / denominator);
    }
}

// The same operations eight elements at a time: IEEE division and square root are correctly
// rounded, so the results are bit for bit those of the scalar loop (which the compiler only
// vectorises four wide, leaving the two divisions and the root per element a visible share of a
// small model's step).
TF_AVX2 static void adam_avx2(ptrdiff_t n, float *restrict w, const float *restrict g, float gradient_scale,
                              float *restrict m, float *restrict v, float beta1, float beta2, float step_size,
                              float correction2_sqrt, float epsilon, int decay_mode, float weight_decay) {
    const __m256 scale = _mm256_set1_ps(gradient_scale);
    const __m256 one_minus_b1 = _mm256_set1_ps(1.0f - beta1), b2 = _mm256_set1_ps(beta2);
    const __m256 one_minus_b2 = _mm256_set1_ps(1.0f - beta2), c2 = _mm256_set1_ps(correction2_sqrt);
    const __m256 eps = _mm256_set1_ps(epsilon), neg_step = _mm256_set1_ps(-step_size);
    const __m256 decay = _mm256_set1_ps(weight_decay);
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256 d = _mm256_mul_ps(_mm256_loadu_ps(g + i), scale), wi = _mm256_loadu_ps(w + i);
        if (decay_mode == 2) wi = _mm256_mul_ps(wi, decay);
        else if (decay_mode == 1) d = _mm256_add_ps(d, _mm256_mul_ps(decay, wi));
        __m256 mi = _mm256_loadu_ps(m + i);
        mi = _mm256_add_ps(mi, _mm256_mul_ps(one_minus_b1, _mm256_sub_ps(d, mi)));
        __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v + i)), _mm256_mul_ps(_mm256_mul_ps(one_minus_b2, d), d));
        const __m256 denominator = _mm256_add_ps(_mm256_div_ps(_mm256_sqrt_ps(vi), c2), eps);
        wi = _mm256_add_ps(wi, _mm256_mul_ps(neg_step, _mm256_div_ps(mi, denominator)));
        _mm256_storeu_ps(m + i, mi);
        _mm256_storeu_ps(v + i, vi);
        _mm256_storeu_ps(w + i, wi);
    }
    adam_scalar(i, n, w, g, gradient_scale, m, v, beta1, beta2, step_size, correction2_sqrt, epsilon, decay_mode, weight_decay);
}

void tf_adam_update(ptrdiff_t n, float *restrict w, const float *restrict g, float gradient_scale,
                    float *restrict m, float *restrict v, float beta1, float beta2, float step_size,
                    float correction2_sqrt, float epsilon, int decay_mode, float weight_decay) {
    if (tf_cpu_has_avx2_fma()) {
        adam_avx2(n, w, g, gradient_scale, m, v, beta1, beta2, step_size, correction2_sqrt, epsilon, decay_mode, weight_decay);
        return;
    }
    adam_scalar(0, n, w, g, gradient_scale, m, v, beta1, beta2, step_size, correction2_sqrt, epsilon, decay_mode, weight_decay);
}

// ---- Sum of squares (the gradient norm) -------------------------------------------------------

enum { SQUARES_LANES = 16 };

// Lanes 0..15 in a fixed tree, so both paths below end with the same double.
static double sum_lanes(const double lanes[SQUARES_LANES]) {
    double pairs[SQUARES_LANES / 2];
    for (int j = 0; j < SQUARES_LANES / 2; j++) pairs[j] = lanes[j] + lanes[j + SQUARES_LANES / 2];
    double quads[4];
    for (int j = 0; j < 4; j++) quads[j] = pairs[j] + pairs[j + 4];
    return (quads[0] + quads[2]) + (quads[1] + quads[3]);
}

// Element i goes to lane i mod 16 (the tail too): the sequence of additions each lane sees does
// not depend on the vector width. A float's square is exact in double, so FMA or not, every
// addition rounds the same way.
static double sum_of_squares_scalar(ptrdiff_t from, ptrdiff_t n, const float *x, double lanes[SQUARES_LANES]) {
    for (ptrdiff_t i = from; i < n; i++) {
        const double value = (double)x[i];
        lanes[i % SQUARES_LANES] += value * value;
    }
    return sum_lanes(lanes);
}

TF_AVX2 static double sum_of_squares_avx2(ptrdiff_t n, const float *x) {
    __m256d acc[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd()};
    ptrdiff_t i = 0;
    for (; i + SQUARES_LANES <= n; i += SQUARES_LANES) {
        for (int k = 0; k < 4; k++) {
            const __m256d value = _mm256_cvtps_pd(_mm_loadu_ps(x + i + 4 * k));
            acc[k] = _mm256_add_pd(acc[k], _mm256_mul_pd(value, value));
        }
    }
    double lanes[SQUARES_LANES];
    for (int k = 0; k < 4; k++) _mm256_storeu_pd(lanes + 4 * k, acc[k]);
    return sum_of_squares_scalar(i, n, x, lanes);
}

double tf_sum_of_squares(ptrdiff_t n, const float *x) {
    if (tf_cpu_has_avx2_fma()) return sum_of_squares_avx2(n, x);
    double lanes[SQUARES_LANES] = {0};
    return sum_of_squares_scalar(0, n, x, lanes);
}
