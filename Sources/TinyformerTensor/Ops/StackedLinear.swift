import COpenBLAS

// Shape letters: N rows (all leading dimensions flattened), I input features, O_j output features
// of projection j, O = Σ_j O_j.

extension Tensor {
    /// Several linear maps of the same input in one GEMM: y = x·[W_1; …; W_n]ᵀ + [b_1; …; b_n],
    /// the outputs side by side (`torch.cat([F.linear(x, W_j, b_j) for j], -1)`, or `F.linear`
    /// with `torch.cat` of the weights — what fused Q/K/V projections compute).
    ///
    /// The stacked weight and bias are packed into scratch memory, not built as a `concat` op of
    /// the graph: one op instead of three, and its backward hands each W_j and b_j its rows of the
    /// stacked gradients directly. The arithmetic is that of `concat` + `linear` (tested bit for
    /// bit).
    /// - Parameters:
    ///   - weights: (O_j, I) each, stored [out, in] as in PyTorch.
    ///   - biases: (O_j) each, one per weight.
    /// - Returns: (…, O) for self (…, I).
    public func linear(stackedWeights weights: [Tensor], biases: [Tensor]) throws -> Tensor {
        let op = "linear(stackedWeights:biases:)"
        guard !weights.isEmpty, biases.count == weights.count else {
            throw TensorError.invalidArgument(op: op, message: "needs one bias per weight and at least one weight, got \(weights.count) weights and \(biases.count) biases")
        }
        guard rank >= 1 else { throw TensorError.invalidShape(op: op, shape: shape, expected: "input (…, I)") }
        let inFeatures = shape[rank - 1]
        for (w, b) in zip(weights, biases) {
            guard w.rank == 2, w.shape[1] == inFeatures else {
                throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: w.shape, expected: "input (…, I) and weights (O_j, I)")
            }
            guard b.shape == [w.shape[0]] else {
                throw TensorError.shapeMismatch(op: op, lhs: w.shape, rhs: b.shape, expected: "bias (O_j) = [\(w.shape[0])]")
            }
        }
        let outFeatures = weights.reduce(0) { $0 + $1.shape[0] }, rows = count / Swift.max(inFeatures, 1)
        let stacked = TensorStorage(count: outFeatures * inFeatures, zeroed: false)  // (O, I), sized like the weights
        let stackedBias = TensorStorage(count: outFeatures, zeroed: false)  // (O)
        var row = 0
        for (w, b) in zip(weights, biases) {
            (stacked.base + row * inFeatures).update(from: w.data, count: w.count)
            (stackedBias.base + row).update(from: b.data, count: b.count)
            row += w.shape[0]
        }
        let out = try Tensor(outputShape: Array(shape.dropLast()) + [outFeatures], op: op)  // (N, O)
        Parallel.run([gemmWork(false, true, rows, outFeatures, inFeatures, 1, data, inFeatures, stacked.base, inFeatures,
                               0, out.data, outFeatures, bias: UnsafePointer(stackedBias.base))])
        let x = self
        out.record([x] + weights + biases) { out in
            guard let dy = out.gradStorage?.base else { return }  // (N, O)
            var works: [Parallel.Work] = []
            if x.requiresGrad {  // dx += dy·W
                let dx = x.gradientDestination()
                works.append(gemmWork(false, false, rows, inFeatures, outFeatures, 1, dy, outFeatures, stacked.base, inFeatures,
                                      dx.overwrite ? 0 : 1, dx.pointer, inFeatures))
            }
            // The stacked gradients, then each parameter's rows of them (as `concat`'s backward).
            var weightGradient: TensorStorage?, biasGradient: TensorStorage?
            var finish: (() -> Void)?
            if weights.contains(where: \.requiresGrad) {  // dW = dyᵀ·x
                let storage = TensorStorage(count: outFeatures * inFeatures, zeroed: false)  // (O, I)
                let (work, after) = weightGradientWork(outFeatures, inFeatures, rows, dy, x.data, beta: 0, storage.base)
                works.append(work)
                (weightGradient, finish) = (storage, after)
            }
            if biases.contains(where: \.requiresGrad) {  // db = Σ_rows dy
                let storage = TensorStorage(count: outFeatures, zeroed: true)  // (O)
                works.append(columnSumsWork(rows: rows, columns: outFeatures, dy, into: storage.base))
                biasGradient = storage
            }
            Parallel.run(works)
            finish?()
            var row = 0
            for (w, b) in zip(weights, biases) {
                if let weightGradient { w.receiveGradient(weightGradient.base + row * inFeatures) }
                if let biasGradient { b.receiveGradient(biasGradient.base + row) }
                row += w.shape[0]
            }
        }
        return out
    }
}
