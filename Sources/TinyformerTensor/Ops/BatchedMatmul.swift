import COpenBLAS

// Shape letters: B batch, M rows of op(A), K inner size, N columns of op(B).

/// Strided batched GEMM over contiguous (B, rows, cols) operands through the shim.
func batchedGemm(_ transA: Bool, _ transB: Bool, batch: Int, m: Int, n: Int, k: Int,
                 _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, beta: Float,
                 _ c: UnsafeMutablePointer<Float>) {
    let lda = transA ? m : k, ldb = transB ? k : n
    Parallel.chunks(count: batch, flops: 2 * Double(batch * m * n * k)) { items in
        tf_sgemm_strided_batched(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k), 1,
                                 a + items.lowerBound * m * k, Int32(lda), m * k, b + items.lowerBound * k * n, Int32(ldb), k * n,
                                 beta, c + items.lowerBound * m * n, Int32(n), m * n, Int32(items.count))
    }
}

extension Tensor {
    /// Batched matrix product C_b = op(A_b)·op(B_b) (`torch.bmm`, with `transpose` applied to the
    /// last two dimensions first). self (B, M, K) or (B, K, M) when `transposeSelf`; other
    /// (B, K, N) or (B, N, K) when `transposeOther`. Returns (B, M, N).
    public func bmm(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Tensor {
        guard rank == 3, other.rank == 3, shape[0] == other.shape[0] else {
            throw TensorError.shapeMismatch(op: "bmm", lhs: shape, rhs: other.shape, expected: "(B, M, K) × (B, K, N) with equal B")
        }
        let batch = shape[0]
        let m = transposeSelf ? shape[2] : shape[1], k = transposeSelf ? shape[1] : shape[2]
        let k2 = transposeOther ? other.shape[2] : other.shape[1], n = transposeOther ? other.shape[1] : other.shape[2]
        guard k == k2 else {
            throw TensorError.shapeMismatch(op: "bmm", lhs: shape, rhs: other.shape, expected: "inner sizes equal after transposes (\(k) vs \(k2))")
        }
        let out = try Tensor(outputShape: [batch, m, n], op: "bmm")  // (B, M, N)
        batchedGemm(transposeSelf, transposeOther, batch: batch, m: m, n: n, k: k, data, other.data, beta: 0, out.data)
        let a = self, tA = transposeSelf, tB = transposeOther
        out.record([a, other]) { out in
            guard let dc = out.gradStorage?.base else { return }
            // With C = op(A)·op(B): d op(A) = dC·op(B)ᵀ, d op(B) = op(A)ᵀ·dC, then undo the op.
            if a.requiresGrad {
                let ga = a.gradientBuffer()
                if !tA {  // dA (M, K) = dC · op(B)ᵀ
                    batchedGemm(false, !tB, batch: batch, m: m, n: k, k: n, dc, other.data, beta: 1, ga)
                } else {  // dA (K, M) = op(B) · dCᵀ
                    batchedGemm(tB, true, batch: batch, m: k, n: m, k: n, other.data, dc, beta: 1, ga)
                }
            }
            if other.requiresGrad {
                let gb = other.gradientBuffer()
                if !tB {  // dB (K, N) = op(A)ᵀ · dC
                    batchedGemm(!tA, false, batch: batch, m: k, n: n, k: m, a.data, dc, beta: 1, gb)
                } else {  // dB (N, K) = dCᵀ · op(A)
                    batchedGemm(true, tA, batch: batch, m: n, n: k, k: m, dc, a.data, beta: 1, gb)
                }
            }
        }
        return out
    }
}
