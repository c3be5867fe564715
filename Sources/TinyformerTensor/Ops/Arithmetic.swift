import COpenBLAS

// Elementwise add, subtract, multiply, divide with broadcasting over leading dimensions, and scaling.
// Broadcasting rule (the one the models need): the shapes are equal, or one is a suffix of the
// other (e.g. x (B, T, C) + positions (T, C), or + bias (C), or + scalar ()).

/// How two operand shapes line up: `big` repeats, `small` is tiled `repeats` times over it.
private struct Broadcast {
    let shape: [Int]
    let lhsIsBig: Bool
    let smallCount: Int
    let repeats: Int

    init(_ op: String, _ lhs: [Int], _ rhs: [Int]) throws {
        let lhsBig = lhs.count >= rhs.count
        let big = lhsBig ? lhs : rhs, small = lhsBig ? rhs : lhs
        guard Array(big.suffix(small.count)) == small else {
            throw TensorError.shapeMismatch(op: op, lhs: lhs, rhs: rhs, expected: "equal shapes, or one a suffix of the other")
        }
        shape = big
        lhsIsBig = lhsBig
        smallCount = small.reduce(1, *)
        repeats = smallCount == 0 ? 0 : big.reduce(1, *) / smallCount
    }
}

/// dst[i] += Σ_r scale·src[r, i] (`other` nil) or Σ_r src[r, i]·other[r, i] over the rows of
/// (rows, columns) matrices, as parallel work: threads take disjoint columns, each summed in row
/// order, so the result is bit-identical for any thread count. Bias gradients, broadcast
/// gradients.
func columnSumsWork(rows: Int, columns: Int, scale: Float = 1, _ src: UnsafePointer<Float>,
                    times other: UnsafePointer<Float>? = nil, into dst: UnsafeMutablePointer<Float>) -> Parallel.Work {
    Parallel.Work(count: columns, elementsPerItem: rows) { range in
        tf_column_sums(rows, columns, range.lowerBound, range.upperBound, scale, src, other, dst)
    }
}

/// Adds `scale`·(a gradient of the big shape) into a small one, summing over the repeats.
func accumulateReduced(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>,
                       repeats: Int, smallCount: Int, scale: Float) {
    Parallel.run([columnSumsWork(rows: repeats, columns: smallCount, scale: scale, src, into: dst)])
}

/// dst[i] = scale·src[i] for i in 0..<count, split over threads when large.
func copyScaled(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int, scale: Float = 1) {
    Parallel.elementwise(count) { range in
        tf_scale_copy(range.count, scale, src + range.lowerBound, dst + range.lowerBound)
    }
}

/// dst[i] += scale·src[i] for i in 0..<count, split over threads when large.
func accumulate(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>, count: Int, scale: Float = 1) {
    Parallel.elementwise(count) { range in
        tf_axpy(range.count, scale, src + range.lowerBound, dst + range.lowerBound)
    }
}

extension Tensor {
    private static func binary(_ op: String, _ a: Tensor, _ b: Tensor, sign: Float) throws -> Tensor {
        let bc = try Broadcast(op, a.shape, b.shape)
        let out = Tensor(uninitializedShape: bc.shape)
        let big = bc.lhsIsBig ? a : b, small = bc.lhsIsBig ? b : a
        let bigSign: Float = bc.lhsIsBig ? 1 : sign, smallSign: Float = bc.lhsIsBig ? sign : 1
        let o = out.data, x = big.data, y = small.data, n = bc.smallCount
        Parallel.elementwise(bc.repeats, elementsPerItem: n) { rows in
            let offset = rows.lowerBound * n
            tf_broadcast_add(rows.count, n, bigSign, x + offset, smallSign, y, o + offset)
        }
        out.record([a, b]) { out in
            guard let storage = out.gradStorage else { return }
            let g = storage.base
            // A first gradient of an unscaled, unbroadcast operand is the output's gradient itself:
            // adopt the buffer instead of copying (at most one operand can take it).
            var adopted = false
            if small.requiresGrad {
                if bc.repeats == 1 && smallSign == 1 && small !== big && small.adoptGradient(storage) {
                    adopted = true
                } else {
                    accumulateReduced(g, into: small.gradientBuffer(), repeats: bc.repeats, smallCount: n, scale: smallSign)
                }
            }
            if big.requiresGrad && !(bigSign == 1 && !adopted && big.adoptGradient(storage)) {
                let (gb, overwrite) = big.gradientDestination()
                if overwrite { copyScaled(g, into: gb, count: big.count, scale: bigSign) } else { accumulate(g, into: gb, count: big.count, scale: bigSign) }
            }
        }
        return out
    }

    /// Elementwise sum with suffix broadcasting (`a + b` in PyTorch).
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor { try binary("add", lhs, rhs, sign: 1) }

    /// Elementwise difference with suffix broadcasting (`a - b` in PyTorch).
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor { try binary("sub", lhs, rhs, sign: -1) }

    /// Elementwise (Hadamard) product with suffix broadcasting (`a * b` in PyTorch).
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let bc = try Broadcast("mul", lhs.shape, rhs.shape)
        let out = Tensor(uninitializedShape: bc.shape)
        let big = bc.lhsIsBig ? lhs : rhs, small = bc.lhsIsBig ? rhs : lhs
        let o = out.data, x = big.data, y = small.data, n = bc.smallCount
        Parallel.elementwise(bc.repeats, elementsPerItem: n) { rows in
            let offset = rows.lowerBound * n
            tf_broadcast_mul(rows.count, n, x + offset, y, o + offset)
        }
        out.record([lhs, rhs]) { out in
            guard let g = out.gradStorage?.base else { return }
            if big.requiresGrad {  // d big = g ⊙ small (tiled)
                let gb = big.gradientBuffer()
                Parallel.elementwise(bc.repeats, elementsPerItem: n) { rows in
                    let offset = rows.lowerBound * n
                    tf_broadcast_mul_accumulate(rows.count, n, g + offset, y, gb + offset)
                }
            }
            if small.requiresGrad {  // d small = Σ_repeats g ⊙ big, columns split over threads
                let gs = small.gradientBuffer()
                Parallel.run([columnSumsWork(rows: bc.repeats, columns: n, g, times: x, into: gs)])
            }
        }
        return out
    }

    /// Elementwise quotient with suffix broadcasting (`a / b` in PyTorch). Backward, as PyTorch
    /// computes it: da += g / b, db += −g · a / b² (each summed over the broadcast repeats for the
    /// smaller operand, columns in row order, so any thread count gives the same bits). Division
    /// by zero gives ±∞ or NaN, as in PyTorch, rather than an error.
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        let bc = try Broadcast("div", lhs.shape, rhs.shape)
        let out = Tensor(uninitializedShape: bc.shape)  // (R, n): R repeats of the small operand's n
        let big = bc.lhsIsBig ? lhs : rhs, small = bc.lhsIsBig ? rhs : lhs
        let o = out.data, x = big.data, y = small.data, n = bc.smallCount
        let lhsIsBig = bc.lhsIsBig
        Parallel.elementwise(bc.repeats, elementsPerItem: n) { rows in
            for r in rows {
                let xr = x + r * n, orow = o + r * n
                if lhsIsBig {
                    for i in 0..<n { orow[i] = xr[i] / y[i] }
                } else {
                    for i in 0..<n { orow[i] = y[i] / xr[i] }
                }
            }
        }
        out.record([lhs, rhs]) { out in
            guard let g = out.gradStorage?.base else { return }
            if big.requiresGrad {  // the big operand's gradient, elementwise
                let gb = big.gradientBuffer()
                Parallel.elementwise(bc.repeats, elementsPerItem: n) { rows in
                    for r in rows {
                        let gr = g + r * n, xr = x + r * n, d = gb + r * n
                        if lhsIsBig {  // numerator: g / b
                            for i in 0..<n { d[i] += gr[i] / y[i] }
                        } else {  // denominator: −g · a / b²
                            for i in 0..<n { d[i] += -gr[i] * y[i] / (xr[i] * xr[i]) }
                        }
                    }
                }
            }
            if small.requiresGrad {  // Σ over the repeats; threads take disjoint columns
                let gs = small.gradientBuffer()
                Parallel.elementwise(n, elementsPerItem: bc.repeats) { columns in
                    let lo = columns.lowerBound, hi = columns.upperBound
                    for r in 0..<bc.repeats {
                        let gr = g + r * n, xr = x + r * n
                        if lhsIsBig {  // denominator
                            for i in lo..<hi { gs[i] += -gr[i] * xr[i] / (y[i] * y[i]) }
                        } else {  // numerator
                            for i in lo..<hi { gs[i] += gr[i] / xr[i] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// self · factor for a constant factor (`x * 0.5`).
    public func scaled(by factor: Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let src = data, dst = out.data
        Parallel.elementwise(count) { range in
            for i in range { dst[i] = factor * src[i] }
        }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            accumulate(g, into: x.gradientBuffer(), count: x.count, scale: factor)
        }
        return out
    }

    /// self + constant (`x + 1.0`).
    public func adding(_ constant: Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let src = data, dst = out.data
        Parallel.elementwise(count) { range in
            for i in range { dst[i] = src[i] + constant }
        }
        out.recordIdentityBackward(from: self)
        return out
    }
}
