// Masked row softmax over (B, Tq, Tk) and its backward.
#include "COpenBLAS.h"
#include <math.h>

// One row: y[j] = softmax(scale·x[j]) over j < limit with key_pad[j] == 0; masked entries → 0.
static void softmax_row(int tk, int limit, float scale, const uint8_t *key_pad, const float *x, float *y) {
    float max = -INFINITY;
    for (int j = 0; j < limit; j++)
        if (!key_pad || !key_pad[j]) {
            float v = scale * x[j];
            if (v > max) max = v;
        }
    if (max == -INFINITY) {  // every key masked
        for (int j = 0; j < tk; j++) y[j] = 0.0f;
        return;
    }
    float sum = 0.0f;
    for (int j = 0; j < tk; j++) {
        float e = (j < limit && (!key_pad || !key_pad[j])) ? expf(scale * x[j] - max) : 0.0f;
        y[j] = e;
        sum += e;
    }
    float inv = 1.0f / sum;
    for (int j = 0; j < tk; j++) y[j] *= inv;
}

void tf_masked_softmax_forward(int batch, int tq, int tk, float scale, int causal,
                               const uint8_t *key_padding, const float *x, float *y) {
    for (int b = 0; b < batch; b++) {
        const uint8_t *pad = key_padding ? key_padding + (ptrdiff_t)b * tk : NULL;
        for (int i = 0; i < tq; i++) {
            ptrdiff_t row = ((ptrdiff_t)b * tq + i) * tk;
            int limit = causal ? (i + 1 < tk ? i + 1 : tk) : tk;
            softmax_row(tk, limit, scale, pad, x + row, y + row);
        }
    }
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
