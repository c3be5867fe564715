import COpenBLAS
// Reshape, transpose of the last two dimensions, concatenation and slicing along an axis.
// Shape letters: O the product of dimensions before the axis, A the axis, I the product after it.

extension Tensor {
    /// The same elements viewed with a new shape (`tensor.reshape`); one entry may be −1 to be
    /// inferred. Shares storage with self; the gradient flows back unchanged.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let resolved = try Tensor.resolvedShape(newShape, for: shape, count: count, op: "reshape")
        let out = Tensor(shape: resolved, storage: storage)
        out.recordIdentityBackward(from: self)
        return out
    }

    /// `newShape` with its one allowed −1 inferred so that it holds `count` elements, like those
    /// of `shape` (`reshape`'s rule, shared with `IntTensor.reshaped`).
    static func resolvedShape(_ newShape: [Int], for shape: [Int], count: Int, op: String) throws -> [Int] {
        var resolved = newShape
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else {
            throw TensorError.invalidShape(op: op, shape: newShape, expected: "at most one −1")
        }
        if let i = inferred.first {
            let known = newShape.enumerated().filter { $0.offset != i }.map(\.element).reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: newShape, expected: "a size that divides \(count)")
            }
            resolved[i] = count / known
        }
        guard (try Tensor.validatedCount(resolved, op: op)) == count else {
            throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: newShape, expected: "the same number of elements")
        }
        return resolved
    }

    /// `axis` as an index into `rank` dimensions, counting from the end when negative (−1 = the
    /// last, as in PyTorch's `dim`).
    /// - Throws: `TensorError.indexOutOfRange` outside −rank..<rank.
    static func normalizedAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0, resolved < rank else {
            throw TensorError.indexOutOfRange(op: op, index: axis, validRange: "axes -\(rank)..<\(rank)")
        }
        return resolved
    }

    /// Swaps the last two dimensions, (…, M, N) → (…, N, M), as a contiguous copy
    /// (`tensor.transpose(-2, -1).contiguous()`).
    public func transposedLastTwo() throws -> Tensor {
        guard rank >= 2 else { throw TensorError.invalidShape(op: "transpose", shape: shape, expected: "rank ≥ 2") }
        let m = shape[rank - 2], n = shape[rank - 1], batch = m * n == 0 ? 0 : count / (m * n)
        let out = Tensor(uninitializedShape: Array(shape.dropLast(2)) + [n, m])
        Tensor.transposeCopy(data, out.data, batch: batch, m: m, n: n, accumulate: false)
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            Tensor.transposeCopy(g, x.gradientBuffer(), batch: batch, m: n, n: m, accumulate: true)
        }
        return out
    }

    private static func transposeCopy(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                      batch: Int, m: Int, n: Int, accumulate: Bool) {
        for b in 0..<batch {
            let s = src + b * m * n, d = dst + b * m * n
            for i in 0..<m {
                for j in 0..<n {
                    if accumulate { d[j * m + i] += s[i * n + j] } else { d[j * m + i] = s[i * n + j] }
                }
            }
        }
    }

    /// (outer, axis size, inner) for `axis` of `shape`: the products of the dimensions before
    /// it (O), its size (A) and the product after it (I).
    static func split(_ shape: [Int], axis: Int) -> (Int, Int, Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// Concatenation along `axis` (`torch.cat(tensors, dim=axis)`); all other sizes must agree.
    /// Negative axes count from the end (−1 = the last). For sequences (B, T, C) use axis 1.
    /// Inputs that do not require grad get no gradient.
    public static func concat(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalidArgument(op: "concat", message: "no tensors given") }
        let axis = try normalizedAxis(axis, rank: first.rank, op: "concat")
        for t in tensors.dropFirst() {
            var a = t.shape, b = first.shape
            guard a.count == b.count else {
                throw TensorError.shapeMismatch(op: "concat", lhs: first.shape, rhs: t.shape, expected: "equal ranks")
            }
            a[axis] = 0; b[axis] = 0
            guard a == b else {
                throw TensorError.shapeMismatch(op: "concat", lhs: first.shape, rhs: t.shape, expected: "equal sizes except along axis \(axis)")
            }
        }
        var outShape = first.shape
        outShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        let out = try Tensor(outputShape: outShape, op: "concat")
        let (outer, total, inner) = split(outShape, axis: axis)
        var offset = 0
        for t in tensors {
            let size = t.shape[axis]
            for o in 0..<outer {
                (out.data + (o * total + offset) * inner).update(from: t.data + o * size * inner, count: size * inner)
            }
            offset += size
        }
        out.record(tensors) { out in
            guard let g = out.gradStorage?.base else { return }
            var offset = 0
            for t in tensors {
                let size = t.shape[axis]
                if t.requiresGrad {
                    let gt = t.gradientBuffer()
                    for o in 0..<outer {
                        tf_axpy(size * inner, 1, g + (o * total + offset) * inner, gt + o * size * inner)
                    }
                }
                offset += size
            }
        }
        return out
    }

    /// Elements `range` along `axis` (`tensor.narrow(axis, start, length)` / `x[:, a:b]`),
    /// as a contiguous copy. Negative axes count from the end.
    public func slice(axis: Int, range: Range<Int>) throws -> Tensor {
        let axis = try Tensor.normalizedAxis(axis, rank: rank, op: "slice")
        guard range.lowerBound >= 0, range.upperBound <= shape[axis] else {
            throw TensorError.indexOutOfRange(op: "slice", index: range.upperBound > shape[axis] ? range.upperBound : range.lowerBound,
                                              validRange: "0...\(shape[axis]) along axis \(axis) of \(shape)")
        }
        var outShape = shape
        outShape[axis] = range.count
        let out = Tensor(uninitializedShape: outShape)
        let (outer, size, inner) = Tensor.split(shape, axis: axis)
        let length = range.count * inner
        for o in 0..<outer {
            (out.data + o * length).update(from: data + (o * size + range.lowerBound) * inner, count: length)
        }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = x.gradientBuffer()
            for o in 0..<outer { tf_axpy(length, 1, g + o * length, gx + (o * size + range.lowerBound) * inner) }
        }
        return out
    }
}
