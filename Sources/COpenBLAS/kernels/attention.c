// Fused multi-head scaled dot-product attention, forward and backward, per (batch, head) slice
// with the small-matrix GEMM kernels. Heads are interleaved in the channel dimension, so no
// transposes of the inputs are ever materialised: head h of q is the column block
// [h·Dk, (h+1)·Dk) of a row. Rows have explicit strides, so q, k and v can be column blocks of one
// packed projection (B, T, 3·H·Dk) instead of three tensors.
//
// Shape letters: Tq queries, Tk keys, Dk query/key width, Dv value width per head, W = Tq rounded
// up to a multiple of 8 (the query lanes).
//
// Two layouts of the (Tq, Tk) score matrix of a slice:
//   - query lanes (AVX2 CPUs, narrow heads, 4 ≤ Tq ≤ 64): scores are computed transposed, Sᵀ (Tk, W) =
//     K·Qᵀ, so each vector lane holds one query and the softmax over the keys, and its backward,
//     are vertical passes over Tk vectors. Row-wise, attention's short rows (Tk = 5..40) spent
//     their time in the horizontal max and sum of each row and in dot-product kernels with a
//     horizontal sum per score; every product here is a broadcast kernel.
//   - rows (otherwise, and whenever an additive mask is given): S = Q·Kᵀ row by row, plus the mask,
//     the row softmax of softmax.c.
#include "COpenBLAS.h"
#include "small_gemm.h"
#include "vector_exp.h"
#include <math.h>

// Where the query lanes win (docs/PERFORMANCE.md, "Attention layouts"): heads of width ≤ 32 from
// 4 queries up to 64. With wider heads the rows' dot products amortise their horizontal sums and
// the rows layout is as fast or faster.
static int uses_query_lanes(int tq, int dk, int dv) {
    return tq >= 4 && tq <= 64 && dk <= 32 && dv <= 32 && tf_cpu_has_avx2_fma();
}

static int round_up8(int n) { return (n + 7) & ~7; }

static int max_int(int a, int b) { return a > b ? a : b; }

size_t tf_attention_scratch_floats(int tq, int tk, int dk, int dv) {
    if (tq <= 0 || tk <= 0) return 1;
    if (!uses_query_lanes(tq, dk, dv)) return (size_t)tq * (size_t)tk;
    return (size_t)round_up8(tq) * ((size_t)max_int(dk, dv) + 2 * (size_t)tk);
}

// ---- Query lanes --------------------------------------------------------------------------------

// dst (cols, W) = srcᵀ for src (Tq rows, cols) of row stride lds; lanes [Tq, W) are zero.
static void transpose_to_lanes(int tq, int cols, const float *src, int lds, float *dst, int w) {
    tf_transpose(tq, cols, src, lds, dst, w, 1);
}

// In place on s (Tk, W): Sᵀ scores → Pᵀ probabilities, Pᵀ[j, i] = softmax_j(scale·Sᵀ[j, i]) over
// the kept keys j (j ≤ i when causal; key_pad[j] == 0); masked entries are 0, and so is a query
// whose keys are all masked. Sums run over j in order, one query per lane.
TF_AVX2 static void lanes_softmax(int tk, int w, float scale, int causal, const uint8_t *key_pad, float *s) {
    const __m256 ninf = _mm256_set1_ps(-INFINITY), sc = _mm256_set1_ps(scale), zero = _mm256_setzero_ps();
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), all = _mm256_set1_epi32(-1);
    for (int l = 0; l < w; l += 8) {
        const __m256i query = _mm256_add_epi32(lane, _mm256_set1_epi32(l));
        // Lanes keeping key j: query ≥ j when causal; none when the key is padding.
#define TF_KEPT(j) (key_pad && key_pad[j] ? _mm256_setzero_si256() \
                    : causal ? _mm256_cmpgt_epi32(query, _mm256_set1_epi32((j) - 1)) : all)
        __m256 vmax = ninf;
        for (int j = 0; j < tk; j++) {
            __m256 x = _mm256_mul_ps(sc, _mm256_loadu_ps(s + (ptrdiff_t)j * w + l));
            vmax = _mm256_max_ps(vmax, _mm256_blendv_ps(ninf, x, _mm256_castsi256_ps(TF_KEPT(j))));
        }
        __m256 sum = zero;
        for (int j = 0; j < tk; j++) {
            float *row = s + (ptrdiff_t)j * w + l;
            __m256 e = tf_exp256(_mm256_fmsub_ps(sc, _mm256_loadu_ps(row), vmax));
            e = _mm256_and_ps(e, _mm256_castsi256_ps(TF_KEPT(j)));
            _mm256_storeu_ps(row, e);
            sum = _mm256_add_ps(sum, e);
        }
#undef TF_KEPT
        // 1/sum, or 0 for a query with every key masked (sum = 0).
        const __m256 inv = _mm256_and_ps(_mm256_div_ps(_mm256_set1_ps(1.0f), sum), _mm256_cmp_ps(sum, zero, _CMP_GT_OQ));
        for (int j = 0; j < tk; j++) {
            float *row = s + (ptrdiff_t)j * w + l;
            _mm256_storeu_ps(row, _mm256_mul_ps(inv, _mm256_loadu_ps(row)));
        }
    }
}

// Backward of lanes_softmax, in place on d (Tk, W): dPᵀ → dSᵀ = scale · Pᵀ ⊙ (dPᵀ − Σ_j Pᵀ⊙dPᵀ).
TF_AVX2 static void lanes_softmax_backward(int tk, int w, float scale, const float *p, float *d) {
    const __m256 sc = _mm256_set1_ps(scale);
    for (int l = 0; l < w; l += 8) {
        __m256 dot = _mm256_setzero_ps();
        for (int j = 0; j < tk; j++) {
            const ptrdiff_t at = (ptrdiff_t)j * w + l;
            dot = _mm256_add_ps(dot, _mm256_mul_ps(_mm256_loadu_ps(p + at), _mm256_loadu_ps(d + at)));
        }
        for (int j = 0; j < tk; j++) {
            const ptrdiff_t at = (ptrdiff_t)j * w + l;
            __m256 g = _mm256_sub_ps(_mm256_loadu_ps(d + at), dot);
            _mm256_storeu_ps(d + at, _mm256_mul_ps(_mm256_mul_ps(sc, _mm256_loadu_ps(p + at)), g));
        }
    }
}

// One (batch, head) slice; scratch holds W·(Dk + Tk) floats.
TF_AVX2 static void lanes_forward(int tq, int tk, int dk, int dv, float scale, int causal, const uint8_t *pad,
                                  const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                                  float *probs, float *out, int ldo, float *scratch) {
    const int w = round_up8(tq);
    float *qt = scratch;               // (Dk, W) Qᵀ
    float *st = scratch + dk * w;      // (Tk, W) Sᵀ, then Pᵀ
    transpose_to_lanes(tq, dk, q, ldq, qt, w);
    tf_gemm_with_kernel(TF_KERNEL_SMALL, 0, 0, tk, w, dk, 1.0f, k, ldk, qt, w, 0.0f, st, w);  // Sᵀ = K·Qᵀ
    lanes_softmax(tk, w, scale, causal, pad, st);
    tf_gemm_with_kernel(TF_KERNEL_SMALL, 1, 0, tq, dv, tk, 1.0f, st, w, v, ldv, 0.0f, out, ldo);  // O = P·V
    tf_transpose(tk, tq, st, w, probs, tk, 0);  // (Tq, Tk)
}

// One slice's dQ and dK; scratch holds W·(max(Dk, Dv) + 2·Tk) floats.
TF_AVX2 static void lanes_backward(int tq, int tk, int dk, int dv, float scale,
                                   const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                                   const float *probs, const float *dout, int ldo, float *dq, float *dk_,
                                   float beta_q, float beta_k, float *scratch) {
    const int w = round_up8(tq);
    float *dot = scratch;                          // (Dv, W) dOᵀ
    float *pt = scratch + max_int(dk, dv) * w;     // (Tk, W) Pᵀ
    float *dst = pt + tk * w;                      // (Tk, W) dPᵀ, then dSᵀ
    transpose_to_lanes(tq, dv, dout, ldo, dot, w);
    transpose_to_lanes(tq, tk, probs, tk, pt, w);
    tf_gemm_with_kernel(TF_KERNEL_SMALL, 0, 0, tk, w, dv, 1.0f, v, ldv, dot, w, 0.0f, dst, w);  // dPᵀ = V·dOᵀ
    lanes_softmax_backward(tk, w, scale, pt, dst);
    if (dq) tf_gemm_with_kernel(TF_KERNEL_SMALL, 1, 0, tq, dk, tk, 1.0f, dst, w, k, ldk, beta_q, dq, ldq);   // dQ = dS·K
    if (dk_) tf_gemm_with_kernel(TF_KERNEL_SMALL, 0, 0, tk, dk, tq, 1.0f, dst, w, q, ldq, beta_k, dk_, ldk); // dK = dSᵀ·Q
}

// ---- Rows -----------------------------------------------------------------------------------------

// mask: this slice's additive (Tq, Tk) mask or NULL. With a mask the scores become
// scale·S + mask before the masked softmax (which then scales by 1); without one, the softmax
// scales S itself, as before masks existed (same bits).
static void rows_forward(int tq, int tk, int dk, int dv, float scale, int causal, const uint8_t *pad,
                         const float *mask, const float *q, int ldq, const float *k, int ldk,
                         const float *v, int ldv, float *probs, float *out, int ldo) {
    tf_gemm_one(0, 1, tq, tk, dk, 1.0f, q, ldq, k, ldk, 0.0f, probs, tk);
    if (mask) {
        const ptrdiff_t n = (ptrdiff_t)tq * tk;
        for (ptrdiff_t i = 0; i < n; i++) probs[i] = scale * probs[i] + mask[i];
        tf_masked_softmax_forward(1, tq, tk, 1.0f, causal, pad, probs, probs);
    } else {
        tf_masked_softmax_forward(1, tq, tk, scale, causal, pad, probs, probs);
    }
    tf_gemm_one(0, 0, tq, dv, tk, 1.0f, probs, tk, v, ldv, 0.0f, out, ldo);
}

// scratch holds Tq·Tk floats.
static void rows_backward(int tq, int tk, int dk, int dv, float scale,
                          const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                          const float *probs, const float *dout, int ldo, float *dq, float *dk_,
                          float beta_q, float beta_k, float *scratch) {
    // dP = dO · Vᵀ  (Tq, Tk)
    tf_gemm_one(0, 1, tq, tk, dv, 1.0f, dout, ldo, v, ldv, 0.0f, scratch, tk);
    // dS = scale · P ⊙ (dP − rowsum(dP ⊙ P)), in place; masked entries have P = 0 → dS = 0.
    for (int i = 0; i < tq; i++) {
        const float *pr = probs + (ptrdiff_t)i * tk;
        float *sr = scratch + (ptrdiff_t)i * tk;
        float dot = 0.0f;
        for (int j = 0; j < tk; j++) dot += pr[j] * sr[j];
        for (int j = 0; j < tk; j++) sr[j] = scale * pr[j] * (sr[j] - dot);
    }
    if (dq) tf_gemm_one(0, 0, tq, dk, tk, 1.0f, scratch, tk, k, ldk, beta_q, dq, ldq);   // dQ = dS·K
    if (dk_) tf_gemm_one(1, 0, tk, dk, tq, 1.0f, scratch, tk, q, ldq, beta_k, dk_, ldk); // dK = dSᵀ·Q
}

// ---- Entry points -------------------------------------------------------------------------------

void tf_attention_forward(int batch, int heads, int tq, int tk, int dk, int dv, float scale,
                          int causal, const uint8_t *key_padding,
                          const float *mask, ptrdiff_t mask_batch_stride, ptrdiff_t mask_head_stride,
                          const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                          float *probs, float *out, float *scratch) {
    // An additive mask takes the rows layout: the query lanes hold the scores transposed.
    const int ldo = heads * dv, lanes = !mask && uses_query_lanes(tq, dk, dv);
    for (int b = 0; b < batch; b++) {
        const uint8_t *pad = key_padding ? key_padding + (ptrdiff_t)b * tk : NULL;
        for (int h = 0; h < heads; h++) {
            const float *mb = mask ? mask + b * mask_batch_stride + h * mask_head_stride : NULL;  // (Tq, Tk)
            const float *qb = q + (ptrdiff_t)b * tq * ldq + h * dk;  // (Tq, Dk) with row stride ldq
            const float *kb = k + (ptrdiff_t)b * tk * ldk + h * dk;  // (Tk, Dk)
            const float *vb = v + (ptrdiff_t)b * tk * ldv + h * dv;  // (Tk, Dv)
            float *pb = probs + ((ptrdiff_t)b * heads + h) * tq * tk; // (Tq, Tk)
            float *ob = out + (ptrdiff_t)b * tq * ldo + h * dv;      // (Tq, Dv)
            if (lanes) lanes_forward(tq, tk, dk, dv, scale, causal, pad, qb, ldq, kb, ldk, vb, ldv, pb, ob, ldo, scratch);
            else rows_forward(tq, tk, dk, dv, scale, causal, pad, mb, qb, ldq, kb, ldk, vb, ldv, pb, ob, ldo);
        }
    }
}

void tf_attention_backward(int batch, int heads, int tq, int tk, int dk, int dv, float scale,
                           const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                           const float *probs, const float *dout, float *dq, float *dk_, float *dv_,
                           float beta_q, float beta_k, float beta_v, float *scratch) {
    const int ldo = heads * dv, lanes = uses_query_lanes(tq, dk, dv);
    for (int b = 0; b < batch; b++) {
        for (int h = 0; h < heads; h++) {
            const ptrdiff_t qoff = (ptrdiff_t)b * tq * ldq + h * dk, koff = (ptrdiff_t)b * tk * ldk + h * dk;
            const ptrdiff_t voff = (ptrdiff_t)b * tk * ldv + h * dv, ooff = (ptrdiff_t)b * tq * ldo + h * dv;
            const float *pb = probs + ((ptrdiff_t)b * heads + h) * tq * tk;  // (Tq, Tk)
            // dV = β_v·dV + Pᵀ · dO
            if (dv_) tf_gemm_one(1, 0, tk, dv, tq, 1.0f, pb, tk, dout + ooff, ldo, beta_v, dv_ + voff, ldv);
            if (!dq && !dk_) continue;
            float *dqb = dq ? dq + qoff : NULL, *dkb = dk_ ? dk_ + koff : NULL;
            if (lanes)
                lanes_backward(tq, tk, dk, dv, scale, q + qoff, ldq, k + koff, ldk, v + voff, ldv, pb, dout + ooff, ldo,
                               dqb, dkb, beta_q, beta_k, scratch);
            else
                rows_backward(tq, tk, dk, dv, scale, q + qoff, ldq, k + koff, ldk, v + voff, ldv, pb, dout + ooff, ldo,
                              dqb, dkb, beta_q, beta_k, scratch);
        }
    }
}
