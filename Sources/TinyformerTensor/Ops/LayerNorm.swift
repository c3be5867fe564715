import COpenBLAS

// Layer normalisation over the last dimension. Shape letters: R rows (leading dimensions
// flattened), C normalised features.

extension Tensor {
    /// y = (x − μ) / √(σ² + eps) · weight + bias over the last dimension, with the biased
    /// variance σ² (`torch.nn.functional.layer_norm(x, (C,), weight, bias, eps)`).
    /// weight and bias are (C) or nil.
    public func layerNorm(weight: Tensor?, bias: Tensor?, eps: Float = 1e-5) throws -> Tensor {
        guard rank >= 1, shape[rank - 1] > 0 else {
            throw TensorError.invalidShape(op: "layerNorm", shape: shape, expected: "a non-empty last dimension")
        }
        let c = shape[rank - 1], rows = count / c
        for (name, p) in [("weight", weight), ("bias", bias)] {
            if let p, p.shape != [c] {
                throw TensorError.shapeMismatch(op: "layerNorm \(name)", lhs: shape, rhs: p.shape, expected: "(\(c))")
            }
        }
        guard eps >= 0 else { throw TensorError.invalidArgument(op: "layerNorm", message: "eps must be ≥ 0, got \(eps)") }
        let out = Tensor(uninitializedShape: shape)  // (R, C)
        var inputs = [self]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
        // x̂ and rstd are only kept when a backward will read them.
        let recording = Tensor.needsGraph(inputs)
        let normalized = recording ? TensorStorage(count: count, zeroed: false) : nil  // (R, C) x̂
        let rstd = recording ? TensorStorage(count: rows, zeroed: false) : nil  // (R)
        let w = weight?.data, b = bias?.data
        let input = data, y = out.data
        // Rows are independent and each is reduced the same way, so splitting them over the pool
        // leaves every number as it was.
        Parallel.elementwise(rows, elementsPerItem: c) { range in
            let offset = range.lowerBound * c
            tf_layer_norm_forward(range.count, c, input + offset, w, b, eps, y + offset, normalized.map { $0.base + offset },
                                  rstd.map { $0.base + range.lowerBound })
        }
        guard let normalized, let rstd else { return out }
        let x = self
        out.record(inputs) { out in
            guard let g = out.gradStorage?.base else { return }
            Tensor.layerNormBackward(x: x, weight: weight, bias: bias, dy: g, normalized: normalized.base,
                                     rstd: rstd.base, rows: rows, c: c)
        }
        return out
    }

    /// Backward of `layerNorm`; accumulates
    ///   dx += rstd · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) with ĝ = dy ⊙ weight,
    ///   dweight += Σ_rows dy ⊙ x̂, dbias += Σ_rows dy.
    static func layerNormBackward(x: Tensor, weight: Tensor?, bias: Tensor?, dy: UnsafePointer<Float>,
                                  normalized: UnsafePointer<Float>, rstd: UnsafePointer<Float>, rows: Int, c: Int) {
        let w = weight?.data
        let gx = x.requiresGrad ? x.gradientBuffer() : nil
        let gw = weight?.requiresGrad == true ? weight?.gradientBuffer() : nil
        let gb = bias?.requiresGrad == true ? bias?.gradientBuffer() : nil
        // dweight and dbias sum their rows in row order as one piece of work, while the rows of
        // dx (each its own) are split beside it: every number is the one a serial loop gives.
        var works: [Parallel.Work] = []
        if gw != nil || gb != nil {
            works.append(Parallel.Work(count: 1, parts: 1) { _ in
                tf_layer_norm_backward_parameters(rows, c, dy, normalized, gw, gb)
            })
        }
        if let gx {
            works.append(Parallel.Work(count: rows, elementsPerItem: c) { range in
                let offset = range.lowerBound * c
                tf_layer_norm_backward_input(range.count, c, dy + offset, w, normalized + offset, rstd + range.lowerBound, gx + offset)
            })
        }
        Parallel.run(works)
    }
}
