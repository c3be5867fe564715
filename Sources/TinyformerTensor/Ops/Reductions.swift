// Reductions to a scalar.

extension Tensor {
    /// Σ of all elements (`tensor.sum()`), shape [].
    public func sum() -> Tensor {
        var total: Double = 0
        for i in 0..<count { total += Double(data[i]) }
        let out = Tensor(Float(total))
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = x.gradientBuffer(), v = g[0]
            for i in 0..<x.count { gx[i] += v }
        }
        return out
    }

    /// Mean of all elements (`tensor.mean()`), shape []. Throws for an empty tensor.
    public func mean() throws -> Tensor {
        guard count > 0 else { throw TensorError.invalidShape(op: "mean", shape: shape, expected: "at least one element") }
        return sum().scaled(by: 1 / Float(count))
    }
}
