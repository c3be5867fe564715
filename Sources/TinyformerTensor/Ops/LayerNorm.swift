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
        let normalized = TensorStorage(count: count, zeroed: false)  // (R, C) x̂, saved for backward
        let rstd = TensorStorage(count: rows, zeroed: false)  // (R)
        let w = weight?.data, b = bias?.data
        let input = data, y = out.data
        // Rows are independent, so splitting them over the pool leaves every number as it was.
        Parallel.elementwise(rows, elementsPerItem: c) { range in
            for r in range {
                let x = input + r * c, xh = normalized.base + r * c, y = y + r * c
                var mean: Float = 0
                for i in 0..<c { mean += x[i] }
                mean /= Float(c)
                var variance: Float = 0
                for i in 0..<c { let d = x[i] - mean; variance += d * d }
                variance /= Float(c)
                let inv = 1 / (variance + eps).squareRoot()
                rstd.base[r] = inv
                for i in 0..<c {
                    let v = (x[i] - mean) * inv
                    xh[i] = v
                    y[i] = v * (w?[i] ?? 1) + (b?[i] ?? 0)
                }
            }
        }
        let x = self
        var inputs = [x]
        if let weight { inputs.append(weight) }
        if let bias { inputs.append(bias) }
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
                for r in 0..<rows {
                    let dyr = dy + r * c, xh = normalized + r * c
                    if let gw { for i in 0..<c { gw[i] += dyr[i] * xh[i] } }
                    if let gb { for i in 0..<c { gb[i] += dyr[i] } }
                }
            })
        }
        if let gx {
            works.append(Parallel.Work(count: rows, elementsPerItem: c) { range in
                for r in range {
                    let dyr = dy + r * c, xh = normalized + r * c
                    var meanG: Float = 0, meanGX: Float = 0
                    for i in 0..<c {
                        let gh = dyr[i] * (w?[i] ?? 1)
                        meanG += gh
                        meanGX += gh * xh[i]
                    }
                    meanG /= Float(c)
                    meanGX /= Float(c)
                    let dxr = gx + r * c, inv = rstd[r]
                    for i in 0..<c {
                        let gh = dyr[i] * (w?[i] ?? 1)
                        dxr[i] += inv * (gh - meanG - xh[i] * meanGX)
                    }
                }
            })
        }
        Parallel.run(works)
    }
}
