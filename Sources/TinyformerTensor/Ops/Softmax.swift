import COpenBLAS

// Softmax over the last dimension. Shape letters: R rows (leading dimensions flattened), C the
// softmax dimension.

extension Tensor {
    /// softmax(x)_j = exp(x_j − max x) / Σ_k exp(x_k − max x) over the last dimension
    /// (`torch.softmax(x, dim=-1)`). Same shape in and out.
    public func softmax() throws -> Tensor {
        guard rank >= 1 else { throw TensorError.invalidShape(op: "softmax", shape: shape, expected: "at least one dimension") }
        let columns = shape[rank - 1], rows = columns == 0 ? 0 : count / columns
        let out = Tensor(uninitializedShape: shape)  // (R, C)
        tf_masked_softmax_forward(1, Int32(rows), Int32(columns), 1, 0, nil, data, out.data)
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            tf_masked_softmax_backward(1, Int32(rows), Int32(columns), 1, out.data, g, x.gradientBuffer())
        }
        return out
    }
}
