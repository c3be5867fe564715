// Fused optimizer updates over one parameter's buffers (vectorised; float operations in the order
// torch.optim uses, no FMA contraction so results match the reference step for step).
#include "COpenBLAS.h"
#include <math.h>

#pragma STDC FP_CONTRACT OFF

void tf_adam_update(ptrdiff_t n, float *restrict w, const float *restrict g, float *restrict m,
                    float *restrict v, float beta1, float beta2, float step_size,
                    float correction2_sqrt, float epsilon, int decay_mode, float weight_decay) {
    for (ptrdiff_t i = 0; i < n; i++) {
        float d = g[i];
        if (decay_mode == 2) w[i] *= weight_decay;            // AdamW: weight_decay = 1 − lr·λ
        else if (decay_mode == 1) d += weight_decay * w[i];   // Adam with L2: weight_decay = λ
        m[i] += (1.0f - beta1) * (d - m[i]);
        v[i] = beta2 * v[i] + (1.0f - beta2) * d * d;
        const float denominator = sqrtf(v[i]) / correction2_sqrt + epsilon;
        w[i] += -step_size * (m[i] / denominator);
    }
}
