// Memory-bound elementwise loops of the tensor ops, in C so they vectorise (restrict pointers,
// no overflow checks, branch-free selects). Swift splits the index ranges over the worker pool
// and calls these per range; each output element is computed the same way whatever the split.
#include "COpenBLAS.h"

#pragma STDC FP_CONTRACT OFF  // same rounding as the Swift reference loops, with or without FMA

void tf_axpy(ptrdiff_t n, float alpha, const float *restrict x, float *restrict y) {
    if (alpha == 1.0f) {
        for (ptrdiff_t i = 0; i < n; i++) y[i] += x[i];
    } else {
        for (ptrdiff_t i = 0; i < n; i++) y[i] += alpha * x[i];
    }
}

void tf_scale_copy(ptrdiff_t n, float alpha, const float *restrict x, float *restrict y) {
    if (alpha == 1.0f) {
        for (ptrdiff_t i = 0; i < n; i++) y[i] = x[i];
    } else {
        for (ptrdiff_t i = 0; i < n; i++) y[i] = alpha * x[i];
    }
}

void tf_scale_inplace(ptrdiff_t n, float alpha, float *x) {
    for (ptrdiff_t i = 0; i < n; i++) x[i] *= alpha;
}

void tf_broadcast_add(ptrdiff_t rows, ptrdiff_t n, float sx, const float *restrict x, float sy,
                      const float *restrict y, float *restrict out) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *xr = x + r * n;
        float *o = out + r * n;
        if (sx == 1.0f && sy == 1.0f) {
            for (ptrdiff_t i = 0; i < n; i++) o[i] = xr[i] + y[i];
        } else {
            for (ptrdiff_t i = 0; i < n; i++) o[i] = sx * xr[i] + sy * y[i];
        }
    }
}

void tf_broadcast_mul(ptrdiff_t rows, ptrdiff_t n, const float *restrict x, const float *restrict y,
                      float *restrict out) {
    for (ptrdiff_t r = 0; r < rows; r++)
        for (ptrdiff_t i = 0; i < n; i++) out[r * n + i] = x[r * n + i] * y[i];
}

void tf_broadcast_mul_accumulate(ptrdiff_t rows, ptrdiff_t n, const float *restrict g,
                                 const float *restrict y, float *restrict dx) {
    for (ptrdiff_t r = 0; r < rows; r++)
        for (ptrdiff_t i = 0; i < n; i++) dx[r * n + i] += g[r * n + i] * y[i];
}

// Columns are summed 16 at a time with the running sums held in registers over all the rows (the
// row-by-row loop loaded and stored dst once per row); every column's sum still runs in row
// order, so the result is bit-identical.
#define TF_COLUMN_BLOCK 16
#define TF_COLUMN_SUMS(TERM)                                                              \
    do {                                                                                  \
        ptrdiff_t i = begin;                                                              \
        for (; i + TF_COLUMN_BLOCK <= end; i += TF_COLUMN_BLOCK) {                        \
            float acc[TF_COLUMN_BLOCK];                                                   \
            for (int q = 0; q < TF_COLUMN_BLOCK; q++) acc[q] = dst[i + q];                \
            for (ptrdiff_t r = 0; r < rows; r++) {                                        \
                const ptrdiff_t row = r * n + i;                                          \
                for (int q = 0; q < TF_COLUMN_BLOCK; q++) acc[q] += TERM(row + q);        \
            }                                                                             \
            for (int q = 0; q < TF_COLUMN_BLOCK; q++) dst[i + q] = acc[q];                \
        }                                                                                 \
        for (; i < end; i++) {                                                            \
            float acc = dst[i];                                                           \
            for (ptrdiff_t r = 0; r < rows; r++) acc += TERM(r * n + i);                  \
            dst[i] = acc;                                                                 \
        }                                                                                 \
    } while (0)
#define TF_PRODUCT(j) (src[j] * other[j])
#define TF_PLAIN(j) (src[j])
#define TF_SCALED(j) (scale * src[j])

void tf_column_sums(ptrdiff_t rows, ptrdiff_t n, ptrdiff_t begin, ptrdiff_t end, float scale,
                    const float *restrict src, const float *restrict other, float *restrict dst) {
    if (other) TF_COLUMN_SUMS(TF_PRODUCT);
    else if (scale == 1.0f) TF_COLUMN_SUMS(TF_PLAIN);
    else TF_COLUMN_SUMS(TF_SCALED);
}

void tf_relu_forward(ptrdiff_t n, const float *restrict x, float *restrict y) {
    for (ptrdiff_t i = 0; i < n; i++) {
        const float v = x[i];
        y[i] = v > 0.0f ? v : 0.0f;
    }
}

void tf_relu_inplace(ptrdiff_t n, float *x) {
    for (ptrdiff_t i = 0; i < n; i++) {
        const float v = x[i];
        x[i] = v > 0.0f ? v : 0.0f;
    }
}

void tf_relu_backward(ptrdiff_t n, const float *restrict y, const float *restrict dy, float *restrict dx,
                      int accumulate) {
    if (accumulate) {
        for (ptrdiff_t i = 0; i < n; i++) {
            const float g = dy[i];  // loaded unconditionally so the select vectorises (no branches)
            dx[i] += y[i] > 0.0f ? g : 0.0f;
        }
    } else {
        for (ptrdiff_t i = 0; i < n; i++) {
            const float g = dy[i];
            dx[i] = y[i] > 0.0f ? g : 0.0f;
        }
    }
}

void tf_gather_rows(ptrdiff_t rows, ptrdiff_t n, const int64_t *restrict indices, const float *restrict table,
                    float *restrict out) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        const float *src = table + indices[r] * n;
        float *dst = out + r * n;
        for (ptrdiff_t i = 0; i < n; i++) dst[i] = src[i];
    }
}

void tf_scatter_add_rows(ptrdiff_t rows, ptrdiff_t n, ptrdiff_t begin, ptrdiff_t end,
                         const int64_t *restrict indices, const float *restrict src, float *restrict table,
                         int64_t skip) {
    for (ptrdiff_t r = 0; r < rows; r++) {
        if (indices[r] == skip) continue;
        const float *s = src + r * n;
        float *d = table + indices[r] * n;
        for (ptrdiff_t i = begin; i < end; i++) d[i] += s[i];
    }
}
