// Permutation of the dimensions as a contiguous copy, e.g. attention's (B, T, H, D) → (B, H, T, D).
// Shape letters: the output's dimension k is the input's dimension order[k]; after merging the
// output dimensions that stay adjacent in the input, R is the number of runs (every output index
// but the last merged one) and L the length of a run.

extension Tensor {
    /// The tensor with its dimensions reordered, output dimension k = input dimension `order[k]`,
    /// as a contiguous copy (`x.permute(*order).contiguous()`). Negative entries count from the
    /// end. The gradient is the output gradient permuted back (the inverse permutation). Output
    /// dimensions that stay adjacent in the input are copied as one, and when the last one stays
    /// last the copy moves contiguous runs.
    /// - Throws: `TensorError.invalidArgument` when `order` does not name every axis exactly once,
    ///   `TensorError.indexOutOfRange` for an axis outside −rank..<rank.
    public func permuted(_ order: [Int]) throws -> Tensor {
        let op = "permuted"
        guard order.count == rank else {
            throw TensorError.invalidArgument(op: op, message: "order \(order) names \(order.count) axes but the tensor \(shape) has \(rank)")
        }
        var axes: [Int] = []
        for axis in order {
            let a = try Tensor.normalizedAxis(axis, rank: rank, op: op)
            guard !axes.contains(a) else {
                throw TensorError.invalidArgument(op: op, message: "order \(order) names axis \(a) of \(shape) twice")
            }
            axes.append(a)
        }
        let forward = PermutationCopy(shape: shape, order: axes)
        let out = Tensor(uninitializedShape: axes.map { shape[$0] })  // (shape[order[0]], …)
        forward.run(data, into: out.data, accumulate: false)
        var inverse = axes
        for (k, a) in axes.enumerated() { inverse[a] = k }
        let backward = PermutationCopy(shape: out.shape, order: inverse)
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let (gx, overwrite) = x.gradientDestination()  // every element is written exactly once
            backward.run(g, into: gx, accumulate: !overwrite)
        }
        return out
    }
}

/// A planned copy dst = src.permute(order) for a contiguous src: the output's dimensions with
/// their strides in the source, size-1 dimensions dropped and dimensions that stay adjacent in
/// the source merged, so the last one is a run of `runLength` elements `runStride` apart.
private struct PermutationCopy {
    /// Sizes and source strides of the merged output dimensions before the last (the runs).
    let sizes: [Int]
    let strides: [Int]
    let runLength: Int
    let runStride: Int
    let count: Int

    init(shape: [Int], order: [Int]) {
        var sourceStrides = [Int](repeating: 1, count: shape.count)
        for d in stride(from: shape.count - 2, through: 0, by: -1) { sourceStrides[d] = sourceStrides[d + 1] * shape[d + 1] }
        var sizes: [Int] = [], strides: [Int] = []
        for a in order where shape[a] != 1 {
            if let lastStride = strides.last, lastStride == sourceStrides[a] * shape[a] {
                sizes[sizes.count - 1] *= shape[a]  // adjacent in the source too: one dimension
                strides[strides.count - 1] = sourceStrides[a]
            } else {
                sizes.append(shape[a])
                strides.append(sourceStrides[a])
            }
        }
        count = shape.reduce(1, *)
        runLength = sizes.popLast() ?? 1
        runStride = strides.popLast() ?? 1
        self.sizes = sizes
        self.strides = strides
    }

    /// dst = permuted src, or dst += it when `accumulate`; runs split over threads.
    func run(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, accumulate: Bool) {
        guard count > 0 else { return }
        let length = runLength, step = runStride
        Parallel.elementwise(count / length, elementsPerItem: length) { runs in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(sizes.count, 1)) { index in
                // The multi-index of the first run and its source offset; then an odometer.
                var rest = runs.lowerBound, offset = 0
                for d in stride(from: sizes.count - 1, through: 0, by: -1) {
                    index[d] = rest % sizes[d]
                    rest /= sizes[d]
                    offset += index[d] * strides[d]
                }
                for r in runs {
                    let s = src + offset, d = dst + r * length
                    switch (step == 1, accumulate) {
                    case (true, false): for j in 0..<length { d[j] = s[j] }
                    case (true, true): for j in 0..<length { d[j] += s[j] }
                    case (false, false): for j in 0..<length { d[j] = s[j * step] }
                    case (false, true): for j in 0..<length { d[j] += s[j * step] }
                    }
                    var axis = sizes.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        offset += strides[axis]
                        if index[axis] < sizes[axis] { break }
                        offset -= sizes[axis] * strides[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
    }
}
