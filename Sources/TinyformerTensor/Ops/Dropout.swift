import TinyformerRandom

extension Tensor {
    /// Inverted dropout (`torch.nn.functional.dropout`): in training each element is zeroed with
    /// probability p and the survivors are scaled by 1/(1−p); otherwise (or p = 0) returns self.
    /// The mask is drawn in row-major order from `generator`, so a seed fixes it.
    public func dropout(probability p: Float, training: Bool, using generator: inout SeededGenerator) throws -> Tensor {
        guard p >= 0, p < 1 else { throw TensorError.invalidArgument(op: "dropout", message: "probability must be in [0, 1), got \(p)") }
        guard training, p > 0 else { return self }
        let keepScale = 1 / (1 - p)
        let mask = TensorStorage(count: count, zeroed: false)  // same shape: 0 or 1/(1−p)
        for i in 0..<count { mask.base[i] = generator.nextFloat() < p ? 0 : keepScale }
        let out = Tensor(uninitializedShape: shape)
        for i in 0..<count { out.data[i] = data[i] * mask.base[i] }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = x.gradientBuffer()
            for i in 0..<x.count { gx[i] += g[i] * mask.base[i] }
        }
        return out
    }
}
