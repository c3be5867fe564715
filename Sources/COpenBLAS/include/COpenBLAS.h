// Tinyformer's C shim over OpenBLAS and LAPACKE. This is the only code that includes cblas.h or
// lapacke.h. All matrices are row-major Float32 (least squares: Float64).
//
// Shape letters: B batch, H heads, Tq query length, Tk key length, Dk query/key width per head,
// Dv value width per head.
#ifndef TINYFORMER_COPENBLAS_H
#define TINYFORMER_COPENBLAS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- GEMM -------------------------------------------------------------------------------------

/// C = alpha * op(A) · op(B) + beta * C, row-major; op(X) = X or Xᵀ when trans_x != 0.
/// op(A) is (m, k), op(B) is (k, n), C is (m, n). Direct cblas_sgemm.
void tf_sgemm(int trans_a, int trans_b, int m, int n, int k, float alpha,
              const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/// One GEMM with the same semantics as tf_sgemm: shapes whose op(B) fits in cache use the
/// AVX2/FMA kernels (no per-call OpenBLAS overhead, no packing of A), others cblas_sgemm.
/// beta == 0 never reads C.
void tf_gemm_one(int trans_a, int trans_b, int m, int n, int k, float alpha,
                 const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/// tf_gemm_one with the kernel chosen by the caller: small_kernel is what tf_use_small_kernel
/// returned for the whole product (0: cblas_sgemm, else one of the AVX2/FMA kernels). Used when
/// one product is split into row chunks: every chunk must use the kernel the whole product would,
/// so results do not depend on how it was split.
void tf_gemm_with_kernel(int small_kernel, int trans_a, int trans_b, int m, int n, int k, float alpha,
                         const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);

/// C = alpha · op(A) · op(B) + bias, bias (n) added to every row: the linear layer's forward.
/// The broadcast kernels add the bias as they store C (no separate pass); the others write the
/// bias first and accumulate onto it. small_kernel as in tf_gemm_with_kernel.
void tf_gemm_bias(int small_kernel, int trans_a, int trans_b, int m, int n, int k, float alpha,
                  const float *a, int lda, const float *b, int ldb, const float *bias, float *c, int ldc);

/// Which kernel tf_gemm_one uses for an (m, n, k) product with these transposes: 0 for
/// cblas_sgemm, non-zero for one of the AVX2/FMA kernels.
int tf_use_small_kernel(int trans_a, int trans_b, int m, int n, int k);

/// Strided batched GEMM: for i in 0..<batch,
///   C_i = alpha * op(A_i) · op(B_i) + beta * C_i,  X_i = x + i * stride_x.
/// Tiny matrices (the attention shapes) go through register-blocked AVX2/FMA kernels that avoid
/// OpenBLAS's per-call overhead; larger ones call cblas_sgemm per item.
void tf_sgemm_strided_batched(int trans_a, int trans_b, int m, int n, int k, float alpha,
                              const float *a, int lda, ptrdiff_t stride_a,
                              const float *b, int ldb, ptrdiff_t stride_b, float beta,
                              float *c, int ldc, ptrdiff_t stride_c, int batch);

/// Same products, but always one cblas_sgemm call per batch item (the "direct OpenBLAS"
/// baseline used by the benchmark).
void tf_sgemm_strided_batched_reference(int trans_a, int trans_b, int m, int n, int k, float alpha,
                                        const float *a, int lda, ptrdiff_t stride_a,
                                        const float *b, int ldb, ptrdiff_t stride_b, float beta,
                                        float *c, int ldc, ptrdiff_t stride_c, int batch);

// ---- Softmax ----------------------------------------------------------------------------------

/// Row softmax with masking over scores laid out (B, Tq, Tk):
///   y[b,i,j] = exp(s·x[b,i,j] - m) / Σ_j' exp(s·x[b,i,j'] - m) over the unmasked j,
/// where j is masked when (causal && j > i) or (key_padding && key_padding[b*Tk + j] != 0).
/// Masked entries get 0; a row with every key masked is all zeros (PyTorch would give NaN).
/// x and y may alias. Matches torch.softmax(x*s + mask, -1) with -inf at masked positions.
void tf_masked_softmax_forward(int batch, int tq, int tk, float scale, int causal,
                               const uint8_t *key_padding, const float *x, float *y);

/// Row softmax of x (rows, n) into y (may alias x), and logsumexp[r] = log Σ_j exp(x[r, j]) per
/// row: the cross-entropy's forward (torch.softmax(x, -1), torch.logsumexp(x, -1)).
void tf_softmax_rows(ptrdiff_t rows, int n, const float *x, float *y, float *logsumexp);

/// Backward of tf_masked_softmax_forward: dx += s · y ⊙ (dy - Σ_j dy⊙y). Accumulates into dx.
void tf_masked_softmax_backward(int batch, int tq, int tk, float scale, const float *y,
                                const float *dy, float *dx);

// ---- Fused attention --------------------------------------------------------------------------

/// Floats of scratch memory tf_attention_forward and tf_attention_backward need (per call, for
/// any batch and head count).
size_t tf_attention_scratch_floats(int tq, int tk, int dk, int dv);

/// Scaled dot-product attention for H heads stored interleaved in the channel dimension:
///   q (B, Tq, ·) rows of stride ldq holding H·Dk channels, k (B, Tk, ·) stride ldk, v (B, Tk, ·)
///   stride ldv → out (B, Tq, H·Dv) contiguous, probs (B, H, Tq, Tk),
///   probs[b,h] = masked_softmax(scale · q[b,:,h] · k[b,:,h]ᵀ), out[b,:,h] = probs[b,h] · v[b,:,h].
/// Strides larger than the channel count let q, k, v be column blocks of one packed projection.
/// Masking as in tf_masked_softmax_forward. mask (NULL for none) is an additive float mask: slice
/// (b, h) adds the contiguous (Tq, Tk) block at mask + b·mask_batch_stride + h·mask_head_stride
/// (a stride of 0 broadcasts) to the scaled scores, softmax(scale·QKᵀ + mask) with the causal and
/// key-padding masks still applied (−∞ entries mask too; a row whose every key is masked or −∞ is
/// all zeros); such calls use the rows layout, and with mask == NULL the results are those of the
/// mask-free kernels, bit for bit. Overwrites out and probs. scratch must hold
/// tf_attention_scratch_floats(tq, tk, dk, dv) floats.
void tf_attention_forward(int batch, int heads, int tq, int tk, int dk, int dv, float scale,
                          int causal, const uint8_t *key_padding,
                          const float *mask, ptrdiff_t mask_batch_stride, ptrdiff_t mask_head_stride,
                          const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                          float *probs, float *out, float *scratch);

/// Backward of tf_attention_forward given probs and dout (B, Tq, H·Dv) (an additive mask needs no
/// backward: it is a constant, and the probabilities carry its effect): dq = β_q·dq + ∂L/∂q, and
/// likewise dk, dv (same row strides as q, k, v; any may be NULL to skip). β = 1 accumulates;
/// β = 0 overwrites (every element of the heads' column blocks is written exactly once, so a
/// first gradient needs no zero-filled buffer; dk and dv must then not overlap). scratch must
/// hold tf_attention_scratch_floats(tq, tk, dk, dv) floats.
void tf_attention_backward(int batch, int heads, int tq, int tk, int dk, int dv, float scale,
                           const float *q, int ldq, const float *k, int ldk, const float *v, int ldv,
                           const float *probs, const float *dout, float *dq, float *dk_, float *dv_,
                           float beta_q, float beta_k, float beta_v, float *scratch);

// ---- Elementwise loops ------------------------------------------------------------------------
// Called by the tensor ops on index ranges (the pool splits them); outputs must not alias inputs
// unless stated. Rows are contiguous with n elements each.

/// y += alpha · x over n elements.
void tf_axpy(ptrdiff_t n, float alpha, const float *x, float *y);
/// y = alpha · x over n elements.
void tf_scale_copy(ptrdiff_t n, float alpha, const float *x, float *y);
/// x *= alpha, in place (gradient clipping).
void tf_scale_inplace(ptrdiff_t n, float alpha, float *x);
/// out[r, i] = sx · x[r, i] + sy · y[i]  (y broadcast over the rows).
void tf_broadcast_add(ptrdiff_t rows, ptrdiff_t n, float sx, const float *x, float sy,
                      const float *y, float *out);
/// out[r, i] = x[r, i] · y[i].
void tf_broadcast_mul(ptrdiff_t rows, ptrdiff_t n, const float *x, const float *y, float *out);
/// dx[r, i] += g[r, i] · y[i]. Accumulates into dx.
void tf_broadcast_mul_accumulate(ptrdiff_t rows, ptrdiff_t n, const float *g, const float *y, float *dx);
/// For columns i in [begin, end): dst[i] += Σ_r scale · src[r, i] (other == NULL) or
/// Σ_r src[r, i] · other[r, i], summed in row order. Accumulates into dst.
void tf_column_sums(ptrdiff_t rows, ptrdiff_t n, ptrdiff_t begin, ptrdiff_t end, float scale,
                    const float *src, const float *other, float *dst);
/// out[r, :] = table[indices[r], :] for r in [0, rows) (an embedding lookup).
void tf_gather_rows(ptrdiff_t rows, ptrdiff_t n, const int64_t *indices, const float *table, float *out);
/// For columns i in [begin, end): table[indices[r], i] += src[r, i], rows in order, except rows
/// whose index equals `skip` (−1: none; an embedding's padding index gets no gradient). The
/// embedding's backward; threads take disjoint columns, so repeated indices never race.
void tf_scatter_add_rows(ptrdiff_t rows, ptrdiff_t n, ptrdiff_t begin, ptrdiff_t end,
                         const int64_t *indices, const float *src, float *table, int64_t skip);
/// y = max(x, 0).
void tf_relu_forward(ptrdiff_t n, const float *x, float *y);
/// x = max(x, 0) in place (a fused linear + ReLU's epilogue).
void tf_relu_inplace(ptrdiff_t n, float *x);
/// dx += dy where y > 0 (y the ReLU output); with accumulate == 0, dx = that instead.
void tf_relu_backward(ptrdiff_t n, const float *y, const float *dy, float *dx, int accumulate);
/// quickGELU (CLIP's activation, HF `quick_gelu`): y = x·σ(1.702x), σ through the shim's
/// vectorised e^x (relative error ≤ 2e-7).
void tf_quick_gelu_forward(ptrdiff_t n, const float *x, float *y);
/// dx += dy · (s + 1.702·x·s·(1 − s)) with s = σ(1.702x) recomputed from the input x; with
/// accumulate == 0, dx = that instead.
void tf_quick_gelu_backward(ptrdiff_t n, const float *x, const float *dy, float *dx, int accumulate);

// ---- Layer normalisation ----------------------------------------------------------------------

/// Rows of c features: y = (x − μ)·rstd · weight + bias with rstd = 1/√(σ² + eps), σ² the biased
/// variance (`F.layer_norm`). weight and bias may be NULL (1 and 0); so may normalized (x̂, kept
/// for the backward) and rstd (one per row). Each row is reduced the same way wherever it falls.
void tf_layer_norm_forward(ptrdiff_t rows, ptrdiff_t c, const float *x, const float *weight, const float *bias, float eps,
                           float *y, float *normalized, float *rstd);
/// Accumulates dx += rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) per row, ĝ = dy ⊙ weight (weight may be NULL).
void tf_layer_norm_backward_input(ptrdiff_t rows, ptrdiff_t c, const float *dy, const float *weight, const float *normalized,
                                  const float *rstd, float *dx);
/// Accumulates dweight += Σ_rows dy ⊙ x̂ and dbias += Σ_rows dy, rows in order (either may be NULL).
void tf_layer_norm_backward_parameters(ptrdiff_t rows, ptrdiff_t c, const float *dy, const float *normalized, float *dweight,
                                       float *dbias);

// ---- Optimizers -------------------------------------------------------------------------------

/// One Adam/AdamW step over n elements, in torch.optim's float order:
///   decay_mode 2 (AdamW): w ← w · weight_decay   (the caller passes 1 − lr·λ)
///   decay_mode 1 (Adam L2): d ← g·s + weight_decay · w   (weight_decay = λ); 0: d ← g·s
///   m ← m + (1 − β₁)(d − m);  v ← β₂v + (1 − β₂)d²;  w ← w − step_size · m / (√v / correction2_sqrt + ε)
/// s = gradient_scale is gradient clipping's factor, applied as the gradient is read (the same
/// float product as scaling g in place first; 1 leaves g as it is). Updates w, m, v in place.
void tf_adam_update(ptrdiff_t n, float *w, const float *g, float gradient_scale, float *m, float *v,
                    float beta1, float beta2, float step_size, float correction2_sqrt, float epsilon,
                    int decay_mode, float weight_decay);
/// Σ x[i]² in double precision, element i added to lane i mod 16 and the 16 lanes summed in a
/// fixed tree: the same double for a given n on every CPU path (a gradient norm independent of
/// the vector width and, summed per block in order, of the thread count).
double tf_sum_of_squares(ptrdiff_t n, const float *x);

// ---- Least squares (LAPACK) -------------------------------------------------------------------

/// Solves min ‖A x - b‖₂ for A (m, n) row-major with m >= n of full rank (QR, LAPACKE_dgels).
/// On return b[0..n) holds x (b must hold max(m, n) · nrhs values, row-major (max(m,n), nrhs)).
/// Returns LAPACK's info: 0 success, < 0 bad argument, > 0 rank deficient. Never aborts.
int tf_lstsq_qr(int m, int n, int nrhs, double *a, double *b);

/// Minimum-norm least squares by SVD (LAPACKE_dgelsd); singular values below rcond·σ_max are
/// treated as zero. *rank receives the effective rank. Returns LAPACK's info.
int tf_lstsq_svd(int m, int n, int nrhs, double *a, double *b, double rcond, int *rank);

// ---- Worker pool ------------------------------------------------------------------------------

typedef void (*tf_task_fn)(void *context, int part);

/// Runs fn(context, part) for every part in [0, parts): part 0 on the calling thread, the others
/// on persistent worker threads (one per extra core; TINYFORMER_NUM_THREADS overrides the core
/// count). Returns when all parts are done. Runs everything on the caller when another parallel
/// region is active (concurrent or nested calls), so it never deadlocks.
void tf_parallel_run(int parts, tf_task_fn fn, void *context);

/// Threads available to tf_parallel_run (workers + the caller).
int tf_pool_size(void);
/// The largest pool size (TINYFORMER_NUM_THREADS above it is capped).
int tf_pool_max_threads(void);

/// 1 on a thread that is running a part of a tf_parallel_run region (nested work runs serially
/// there), else 0.
int tf_pool_inside_part(void);

// ---- Per-thread magazines of free buffers (TensorMemory's fast path) -------------------------

/// A free buffer of size-class slot `index` from this thread's magazine, or NULL.
void *tf_magazine_take(int index);
/// Keeps `buffer` (`bytes` long, as every buffer of that slot) in this thread's magazine for slot
/// `index`; 0 when that slot is full (or the index is out of range, or no magazine could be
/// allocated).
int tf_magazine_put(int index, void *buffer, long long bytes);
/// Asks every thread to hand its magazine's buffers back (each does at its next cache call).
void tf_magazine_request_drain(void);
/// 1 when a drain was requested since this thread last emptied its magazine.
int tf_magazine_drain_requested(void);
/// Removes one buffer of any slot from this thread's magazine (its slot in *index), or NULL when
/// empty; marks the pending drain request as seen.
void *tf_magazine_pop_any(int *index);
/// Bytes of the buffers freed from the magazines of threads that exited since the last call.
long long tf_magazine_take_exited_bytes(void);

// ---- Threads and build info -------------------------------------------------------------------

void tf_set_num_threads(int n);
int tf_get_num_threads(void);
/// OpenBLAS's configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64".
const char *tf_openblas_config(void);
/// 1 when the AVX2/FMA small-matrix kernels are in use on this CPU.
int tf_small_kernels_available(void);

#ifdef __cplusplus
}
#endif
#endif
