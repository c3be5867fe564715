// Reductions: to a scalar (sum, mean) and along one axis (sum, mean, max, argmax). Shape letters
// for the axis reductions: O the product of the dimensions before the axis, A the axis, I the
// product after it; the input is (O, A, I) and the output (O, I), or (O, 1, I) when keeping the
// dimension. Every output element is reduced in axis order, by whichever thread, so results are
// the same bits for any thread count.

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

    /// Σ along `axis` (`tensor.sum(dim=axis, keepdim=keepingDimension)`): (O, A, I) → (O, I), or
    /// (O, 1, I) when keeping the dimension. Negative axes count from the end (−1 = the last).
    /// Summed in axis order in Float. Backward: dx[o, a, i] += dy[o, i].
    /// - Throws: `TensorError.indexOutOfRange` for an axis outside −rank..<rank.
    public func sum(axis: Int, keepingDimension: Bool = false) throws -> Tensor {
        try axisSum(axis, keepingDimension: keepingDimension, op: "sum", mean: false)
    }

    /// Mean along `axis` (`tensor.mean(dim=axis, keepdim=keepingDimension)`): the axis sum divided
    /// by A. Backward: dx[o, a, i] += dy[o, i] / A.
    /// - Throws: `TensorError.indexOutOfRange` for a bad axis, `TensorError.invalidShape` when
    ///   the axis is empty (PyTorch would give NaN).
    public func mean(axis: Int, keepingDimension: Bool = false) throws -> Tensor {
        try axisSum(axis, keepingDimension: keepingDimension, op: "mean", mean: true)
    }

    /// Maximum along `axis`, the values of `torch.max(x, dim=axis, keepdim=keepingDimension)`:
    /// (O, A, I) → (O, I). The gradient flows only to the first maximal element along the axis
    /// (the index `argmax` returns), as in PyTorch; a NaN counts as the maximum.
    /// - Throws: `TensorError.indexOutOfRange` for a bad axis, `TensorError.invalidShape` when
    ///   the axis is empty.
    public func max(axis: Int, keepingDimension: Bool = false) throws -> Tensor {
        let (axis, outer, size, inner) = try reductionAxis(axis, op: "max", nonEmpty: true)
        let out = Tensor(uninitializedShape: reducedShape(axis, keepingDimension: keepingDimension))  // (O, I)
        var indices = [Int](repeating: 0, count: outer * inner)  // (O, I) argmax, saved for backward
        indices.withUnsafeMutableBufferPointer { ix in
            guard let ix = ix.baseAddress else { return }  // an empty output
            Tensor.axisMax(data, outer: outer, size: size, inner: inner, values: out.data, indices: ix)
        }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = x.gradientBuffer()  // (O, A, I); each (o, i) adds into one distinct element
            indices.withUnsafeBufferPointer { ix in
                Parallel.elementwise(outer * inner) { positions in
                    for k in positions {
                        let o = k / inner, i = k - o * inner
                        gx[(o * size + ix[k]) * inner + i] += g[k]
                    }
                }
            }
        }
        return out
    }

    /// Index of the first maximum along `axis` for every other position, row-major over the
    /// output shape (O, I) (`torch.argmax(x, dim=axis)` flattened); a NaN counts as the maximum.
    /// - Throws: `TensorError.indexOutOfRange` for a bad axis, `TensorError.invalidShape` when
    ///   the axis is empty.
    public func argmax(axis: Int) throws -> [Int] {
        let (_, outer, size, inner) = try reductionAxis(axis, op: "argmax", nonEmpty: true)
        let values = TensorStorage(count: outer * inner, zeroed: false)  // (O, I)
        var indices = [Int](repeating: 0, count: outer * inner)  // (O, I)
        indices.withUnsafeMutableBufferPointer { ix in
            guard let ix = ix.baseAddress else { return }  // an empty output
            Tensor.axisMax(data, outer: outer, size: size, inner: inner, values: values.base, indices: ix)
        }
        return indices
    }

    /// The normalised axis and (O, A, I) of a reduction over it.
    private func reductionAxis(_ axis: Int, op: String, nonEmpty: Bool) throws -> (axis: Int, outer: Int, size: Int, inner: Int) {
        let axis = try Tensor.normalizedAxis(axis, rank: rank, op: op)
        let (outer, size, inner) = Tensor.split(shape, axis: axis)
        if nonEmpty && size == 0 {
            throw TensorError.invalidShape(op: op, shape: shape, expected: "a non-empty axis \(axis)")
        }
        return (axis, outer, size, inner)
    }

    private func reducedShape(_ axis: Int, keepingDimension: Bool) -> [Int] {
        var reduced = shape
        if keepingDimension { reduced[axis] = 1 } else { reduced.remove(at: axis) }
        return reduced
    }

    /// Calls `body(o, columns)` once per outer index o for the output positions k = o·I + i in
    /// `positions` (columns: the i of that o), so a thread's share of (O, I) is walked in runs.
    @inline(__always)
    static func forEachRun(_ positions: Range<Int>, inner: Int, _ body: (Int, Range<Int>) -> Void) {
        var k = positions.lowerBound
        while k < positions.upperBound {
            let o = k / inner, i = k - o * inner
            let end = Swift.min(inner, i + positions.upperBound - k)
            body(o, i..<end)
            k += end - i
        }
    }

    /// `sum(axis:)` (mean false) or `mean(axis:)`.
    private func axisSum(_ axis: Int, keepingDimension: Bool, op: String, mean: Bool) throws -> Tensor {
        let (axis, outer, size, inner) = try reductionAxis(axis, op: op, nonEmpty: mean)
        let out = Tensor(uninitializedShape: reducedShape(axis, keepingDimension: keepingDimension))  // (O, I)
        let divisor = Float(size), x = data, y = out.data
        Parallel.elementwise(outer * inner, elementsPerItem: size) { positions in
            Tensor.forEachRun(positions, inner: inner) { o, columns in
                let src = x + o * size * inner, dst = y + o * inner
                if inner == 1 {  // a contiguous row: sum in a register
                    var total: Float = 0
                    for a in 0..<size { total += src[a] }
                    dst[0] = mean ? total / divisor : total
                    return
                }
                for i in columns { dst[i] = 0 }
                for a in 0..<size {
                    let row = src + a * inner
                    for i in columns { dst[i] += row[i] }
                }
                if mean { for i in columns { dst[i] /= divisor } }
            }
        }
        let x0 = self
        out.record([x0]) { out in
            guard let g = out.gradStorage?.base else { return }
            let (gx, overwrite) = x0.gradientDestination()  // (O, A, I)
            Parallel.elementwise(outer * size, elementsPerItem: inner) { rows in
                for r in rows {  // r = o·A + a
                    let gr = g + (r / size) * inner, d = gx + r * inner
                    if mean {
                        storeGradient(d, count: inner, overwrite: overwrite) { gr[$0] / divisor }
                    } else {
                        storeGradient(d, count: inner, overwrite: overwrite) { gr[$0] }
                    }
                }
            }
        }
        return out
    }

    /// values[o, i] = max_a x[o, a, i] and indices[o, i] its first index (NaN wins), for A ≥ 1.
    private static func axisMax(_ x: UnsafePointer<Float>, outer: Int, size: Int, inner: Int,
                                values: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int>) {
        Parallel.elementwise(outer * inner, elementsPerItem: size) { positions in
            forEachRun(positions, inner: inner) { o, columns in
                let src = x + o * size * inner, v = values + o * inner, ix = indices + o * inner
                for i in columns {
                    v[i] = src[i]
                    ix[i] = 0
                }
                for a in 1..<size {
                    let row = src + a * inner
                    for i in columns {
                        let e = row[i], best = v[i]
                        if e > best || (e.isNaN && !best.isNaN) {
                            v[i] = e
                            ix[i] = a
                        }
                    }
                }
            }
        }
    }
}
