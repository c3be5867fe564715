// Fused multi-head scaled dot-product attention, forward and backward, per (batch, head) slice
// with the small-matrix GEMM kernels. Heads are interleaved in the channel dimension, so no
// transposes are ever materialised: head h of q is the column block [h·Dk, (h+1)·Dk) of a row.
// Rows have explicit strides, so q, k and v can be column blocks of one packed projection
// (B, T, 3·H·Dk) instead of three tensors.
#include "COpenBLAS.h"
#include "small_gemm.h"

void tf_attention_forward(int batch, int heads, int tq, int tk, int dk, int dv, float scale,
                          int causal, const uint8_t *key_padding,
                          const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                          float *probs, float *out) {
    const int ldo = heads * dv;
    for (int b = 0; b < batch; b++) {
        const uint8_t *pad = key_padding ? key_padding + (ptrdiff_t)b * tk : NULL;
        for (int h = 0; h < heads; h++) {
            const float *qb = q + (ptrdiff_t)b * tq * ldq + h * dk;  // (Tq, Dk) with row stride ldq
            const float *kb = k + (ptrdiff_t)b * tk * ldk + h * dk;  // (Tk, Dk)
            const float *vb = v + (ptrdiff_t)b * tk * ldv + h * dv;  // (Tk, Dv)
            float *pb = probs + ((ptrdiff_t)b * heads + h) * tq * tk; // (Tq, Tk)
            float *ob = out + (ptrdiff_t)b * tq * ldo + h * dv;      // (Tq, Dv)
            tf_gemm_one(0, 1, tq, tk, dk, 1.0f, qb, ldq, kb, ldk, 0.0f, pb, tk);
            tf_masked_softmax_forward(1, tq, tk, scale, causal, pad, pb, pb);
            tf_gemm_one(0, 0, tq, dv, tk, 1.0f, pb, tk, vb, ldv, 0.0f, ob, ldo);
        }
    }
}

void tf_attention_backward(int batch, int heads, int tq, int tk, int dk, int dv, float scale,
                           const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                           const float *probs, const float *dout, float *dq, float *dk_, float *dv_,
                           float beta_q, float beta_k, float beta_v, float *scratch) {
    const int ldo = heads * dv;
    for (int b = 0; b < batch; b++) {
        for (int h = 0; h < heads; h++) {
            const ptrdiff_t qoff = (ptrdiff_t)b * tq * ldq + h * dk, koff = (ptrdiff_t)b * tk * ldk + h * dk;
            const ptrdiff_t voff = (ptrdiff_t)b * tk * ldv + h * dv, ooff = (ptrdiff_t)b * tq * ldo + h * dv;
            const float *pb = probs + ((ptrdiff_t)b * heads + h) * tq * tk;  // (Tq, Tk)
            // dV = β_v·dV + Pᵀ · dO
            if (dv_) tf_gemm_one(1, 0, tk, dv, tq, 1.0f, pb, tk, dout + ooff, ldo, beta_v, dv_ + voff, ldv);
            if (!dq && !dk_) continue;
            // dP = dO · Vᵀ  (Tq, Tk)
            tf_gemm_one(0, 1, tq, tk, dv, 1.0f, dout + ooff, ldo, v + voff, ldv, 0.0f, scratch, tk);
            // dS = scale · P ⊙ (dP − rowsum(dP ⊙ P)), in place; masked entries have P = 0 → dS = 0.
            for (int i = 0; i < tq; i++) {
                const float *pr = pb + (ptrdiff_t)i * tk;
                float *sr = scratch + (ptrdiff_t)i * tk;
                float dot = 0.0f;
                for (int j = 0; j < tk; j++) dot += pr[j] * sr[j];
                for (int j = 0; j < tk; j++) sr[j] = scale * pr[j] * (sr[j] - dot);
            }
            // dQ = β_q·dQ + dS · K ; dK = β_k·dK + dSᵀ · Q
            if (dq) tf_gemm_one(0, 0, tq, dk, tk, 1.0f, scratch, tk, k + koff, ldk, beta_q, dq + qoff, ldq);
            if (dk_) tf_gemm_one(1, 0, tk, dk, tq, 1.0f, scratch, tk, q + qoff, ldq, beta_k, dk_ + koff, ldk);
        }
    }
}
