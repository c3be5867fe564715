// Layer normalisation over rows of C features, forward and backward, vectorised with AVX2. Every
// row is reduced by the same routine (8-lane partial sums over the row's whole vectors, summed
// across lanes in a fixed order, then the tail added in order), so a row's result does not depend
// on which rows a thread was given. Shape letters: R rows, C features.
#include "COpenBLAS.h"
#include "small_gemm.h"
#include "vector_exp.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

TF_AVX2 static inline float lane_sum(__m256 v) {
    float lanes[8];
    _mm256_storeu_ps(lanes, v);
    return ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
}

TF_AVX2 static void layer_norm_forward_avx2(ptrdiff_t rows, ptrdiff_t c, const float *restrict x, const float *restrict weight,
                                            const float *restrict bias, float eps, float *restrict y,
                                            float *restrict normalized, float *restrict rstd) {
    const ptrdiff_t whole = c - c % 8;
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *xr = x + r * c;  // (C)
        float *yr = y + r * c;        // (C)
        __m256 acc = _mm256_setzero_ps();
        for (ptrdiff_t i = 0; i < whole; i += 8) acc = _mm256_add_ps(acc, _mm256_loadu_ps(xr + i));
        float sum = lane_sum(acc);
        for (ptrdiff_t i = whole; i < c; i++) sum += xr[i];
        const float mean = sum / (float)c;
        const __m256 mean8 = _mm256_set1_ps(mean);
        acc = _mm256_setzero_ps();
        for (ptrdiff_t i = 0; i < whole; i += 8) {
            const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(xr + i), mean8);
            acc = _mm256_add_ps(acc, _mm256_mul_ps(d, d));
        }
        float squares = lane_sum(acc);
        for (ptrdiff_t i = whole; i < c; i++) squares += (xr[i] - mean) * (xr[i] - mean);
        const float inv = 1.0f / sqrtf(squares / (float)c + eps);
        if (rstd) rstd[r] = inv;
        const __m256 inv8 = _mm256_set1_ps(inv);
        float *xh = normalized ? normalized + r * c : NULL;  // (C)
        for (ptrdiff_t i = 0; i < whole; i += 8) {
            const __m256 v = _mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(xr + i), mean8), inv8);
            if (xh) _mm256_storeu_ps(xh + i, v);
            __m256 out = weight ? _mm256_mul_ps(v, _mm256_loadu_ps(weight + i)) : v;
            if (bias) out = _mm256_add_ps(out, _mm256_loadu_ps(bias + i));
            _mm256_storeu_ps(yr + i, out);
        }
        for (ptrdiff_t i = whole; i < c; i++) {
            const float v = (xr[i] - mean) * inv;
            if (xh) xh[i] = v;
            yr[i] = (weight ? v * weight[i] : v) + (bias ? bias[i] : 0.0f);
        }
    }
}

static void layer_norm_forward_scalar(ptrdiff_t rows, ptrdiff_t c, const float *x, const float *weight, const float *bias,
                                      float eps, float *y, float *normalized, float *rstd) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *xr = x + r * c;
        float *yr = y + r * c;
        float sum = 0;
        for (ptrdiff_t i = 0; i < c; i++) sum += xr[i];
        const float mean = sum / (float)c;
        float squares = 0;
        for (ptrdiff_t i = 0; i < c; i++) squares += (xr[i] - mean) * (xr[i] - mean);
        const float inv = 1.0f / sqrtf(squares / (float)c + eps);
        if (rstd) rstd[r] = inv;
        for (ptrdiff_t i = 0; i < c; i++) {
            const float v = (xr[i] - mean) * inv;
            if (normalized) normalized[r * c + i] = v;
            yr[i] = (weight ? v * weight[i] : v) + (bias ? bias[i] : 0.0f);
        }
    }
}

void tf_layer_norm_forward(ptrdiff_t rows, ptrdiff_t c, const float *x, const float *weight, const float *bias, float eps,
                           float *y, float *normalized, float *rstd) {
    if (tf_cpu_has_avx2_fma()) {
        layer_norm_forward_avx2(rows, c, x, weight, bias, eps, y, normalized, rstd);
    } else {
        layer_norm_forward_scalar(rows, c, x, weight, bias, eps, y, normalized, rstd);
    }
}

TF_AVX2 static void layer_norm_backward_avx2(ptrdiff_t rows, ptrdiff_t c, const float *restrict dy, const float *restrict weight,
                                             const float *restrict normalized, const float *restrict rstd, float *restrict dx) {
    const ptrdiff_t whole = c - c % 8;
    const __m256 one = _mm256_set1_ps(1.0f);
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *dyr = dy + r * c, *xh = normalized + r * c;  // (C) each
        float *dxr = dx + r * c;                                  // (C)
        __m256 acc_g = _mm256_setzero_ps(), acc_gx = _mm256_setzero_ps();
        for (ptrdiff_t i = 0; i < whole; i += 8) {
            const __m256 gh = _mm256_mul_ps(_mm256_loadu_ps(dyr + i), weight ? _mm256_loadu_ps(weight + i) : one);
            acc_g = _mm256_add_ps(acc_g, gh);
            acc_gx = _mm256_add_ps(acc_gx, _mm256_mul_ps(gh, _mm256_loadu_ps(xh + i)));
        }
        float mean_g = lane_sum(acc_g), mean_gx = lane_sum(acc_gx);
        for (ptrdiff_t i = whole; i < c; i++) {
            const float gh = dyr[i] * (weight ? weight[i] : 1.0f);
            mean_g += gh;
            mean_gx += gh * xh[i];
        }
        mean_g /= (float)c;
        mean_gx /= (float)c;
        const float inv = rstd[r];
        const __m256 inv8 = _mm256_set1_ps(inv), mean_g8 = _mm256_set1_ps(mean_g), mean_gx8 = _mm256_set1_ps(mean_gx);
        for (ptrdiff_t i = 0; i < whole; i += 8) {
            const __m256 gh = _mm256_mul_ps(_mm256_loadu_ps(dyr + i), weight ? _mm256_loadu_ps(weight + i) : one);
            const __m256 centred = _mm256_sub_ps(_mm256_sub_ps(gh, mean_g8), _mm256_mul_ps(_mm256_loadu_ps(xh + i), mean_gx8));
            _mm256_storeu_ps(dxr + i, _mm256_add_ps(_mm256_loadu_ps(dxr + i), _mm256_mul_ps(inv8, centred)));
        }
        for (ptrdiff_t i = whole; i < c; i++) {
            const float gh = dyr[i] * (weight ? weight[i] : 1.0f);
            dxr[i] += inv * (gh - mean_g - xh[i] * mean_gx);
        }
    }
}

static void layer_norm_backward_scalar(ptrdiff_t rows, ptrdiff_t c, const float *dy, const float *weight, const float *normalized,
                                       const float *rstd, float *dx) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *dyr = dy + r * c, *xh = normalized + r * c;
        float *dxr = dx + r * c;
        float mean_g = 0, mean_gx = 0;
        for (ptrdiff_t i = 0; i < c; i++) {
            const float gh = dyr[i] * (weight ? weight[i] : 1.0f);
            mean_g += gh;
            mean_gx += gh * xh[i];
        }
        mean_g /= (float)c;
        mean_gx /= (float)c;
        for (ptrdiff_t i = 0; i < c; i++) {
            const float gh = dyr[i] * (weight ? weight[i] : 1.0f);
            dxr[i] += rstd[r] * (gh - mean_g - xh[i] * mean_gx);
        }
    }
}

void tf_layer_norm_backward_input(ptrdiff_t rows, ptrdiff_t c, const float *dy, const float *weight, const float *normalized,
                                  const float *rstd, float *dx) {
    if (tf_cpu_has_avx2_fma()) {
        layer_norm_backward_avx2(rows, c, dy, weight, normalized, rstd, dx);
    } else {
        layer_norm_backward_scalar(rows, c, dy, weight, normalized, rstd, dx);
    }
}

void tf_layer_norm_backward_parameters(ptrdiff_t rows, ptrdiff_t c, const float *dy, const float *normalized, float *dweight,
                                       float *dbias) {
    // Lane i only ever touches feature i, in row order: the same numbers as a scalar loop.
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *dyr = dy + r * c, *xh = normalized + r * c;
        if (dweight) for (ptrdiff_t i = 0; i < c; i++) dweight[i] += dyr[i] * xh[i];
        if (dbias) for (ptrdiff_t i = 0; i < c; i++) dbias[i] += dyr[i];
    }
}
