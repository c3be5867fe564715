// L2 normalisation along an axis (CLIP's embedding normalisation). Shape letters: O the product
// of the dimensions before the axis, A the axis, I the product after it; each of the O·I vectors
// along A (stride I) is normalised on its own.

extension Tensor {
    /// y = x / max(‖x‖₂, eps) along `axis`, ‖x‖₂ = √(Σ_a x_a²)
    /// (`torch.nn.functional.normalize(x, p=2, dim=axis, eps=eps)`). Same shape in and out;
    /// negative axes count from the end (−1, the default, = the last).
    /// Backward, with n = ‖x‖₂ and d = max(n, eps): dx = (dy − y · Σ_a dy⊙y) / d where n ≥ eps,
    /// and dx = dy / eps where the clamp holds (as PyTorch's `clamp_min` backward).
    /// - Throws: `TensorError.indexOutOfRange` for an axis outside −rank..<rank,
    ///   `TensorError.invalidArgument` for a negative or NaN eps.
    public func l2Normalized(axis: Int = -1, eps: Float = 1e-12) throws -> Tensor {
        let op = "l2Normalized"
        let axis = try Tensor.normalizedAxis(axis, rank: rank, op: op)
        guard eps >= 0 else { throw TensorError.invalidArgument(op: op, message: "eps must be ≥ 0, got \(eps)") }
        let (outer, size, inner) = Tensor.split(shape, axis: axis)
        let out = Tensor(uninitializedShape: shape)  // (O, A, I)
        let norms = TensorStorage(count: outer * inner, zeroed: false)  // (O, I) ‖x‖₂, saved for backward
        let x = data, y = out.data, n = norms.base
        Parallel.elementwise(outer * inner, elementsPerItem: size) { vectors in
            for k in vectors {
                let start = (k / inner) * size * inner + k % inner  // x[o, 0, i]
                let src = x + start, dst = y + start
                var squares: Float = 0
                for a in 0..<size { squares += src[a * inner] * src[a * inner] }
                let norm = squares.squareRoot()
                n[k] = norm
                let denominator = Swift.max(norm, eps)  // NaN norms stay NaN
                for a in 0..<size { dst[a * inner] = src[a * inner] / denominator }
            }
        }
        let input = self
        out.record([input]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = input.gradientBuffer(), ys = out.data, n = norms.base  // (O, A, I), (O, I); keeps norms alive
            Parallel.elementwise(outer * inner, elementsPerItem: size) { vectors in
                for k in vectors {
                    let start = (k / inner) * size * inner + k % inner
                    let gk = g + start, yk = ys + start, dk = gx + start
                    let norm = n[k], denominator = Swift.max(norm, eps)
                    var dot: Float = 0
                    if norm >= eps {  // the norm itself is differentiated
                        for a in 0..<size { dot += gk[a * inner] * yk[a * inner] }
                    }
                    for a in 0..<size { dk[a * inner] += (gk[a * inner] - yk[a * inner] * dot) / denominator }
                }
            }
        }
        return out
    }
}
