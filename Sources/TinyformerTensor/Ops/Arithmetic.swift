// Elementwise add, subtract, multiply with broadcasting over leading dimensions, and scaling.
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

/// Adds `scale`·(a gradient of the big shape) into a small one, summing over the repeats.
private func accumulateReduced(_ src: UnsafePointer<Float>, into dst: UnsafeMutablePointer<Float>,
                               repeats: Int, smallCount: Int, scale: Float) {
    for r in 0..<repeats {
        let row = src + r * smallCount
        for i in 0..<smallCount { dst[i] += scale * row[i] }
    }
}

extension Tensor {
    private static func binary(_ op: String, _ a: Tensor, _ b: Tensor, sign: Float) throws -> Tensor {
        let bc = try Broadcast(op, a.shape, b.shape)
        let out = Tensor(uninitializedShape: bc.shape)
        let big = bc.lhsIsBig ? a : b, small = bc.lhsIsBig ? b : a
        let bigSign: Float = bc.lhsIsBig ? 1 : sign, smallSign: Float = bc.lhsIsBig ? sign : 1
        let o = out.data, x = big.data, y = small.data, n = bc.smallCount
        for r in 0..<bc.repeats {
            let base = r * n
            for i in 0..<n { o[base + i] = bigSign * x[base + i] + smallSign * y[i] }
        }
        out.record([a, b]) { out in
            guard let g = out.gradStorage?.base else { return }
            if big.requiresGrad {
                let gb = big.gradientBuffer()
                for i in 0..<big.count { gb[i] += bigSign * g[i] }
            }
            if small.requiresGrad {
                accumulateReduced(g, into: small.gradientBuffer(), repeats: bc.repeats, smallCount: n, scale: smallSign)
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
        for r in 0..<bc.repeats {
            let base = r * n
            for i in 0..<n { o[base + i] = x[base + i] * y[i] }
        }
        out.record([lhs, rhs]) { out in
            guard let g = out.gradStorage?.base else { return }
            if big.requiresGrad {  // d big = g ⊙ small (tiled)
                let gb = big.gradientBuffer()
                for r in 0..<bc.repeats {
                    let base = r * n
                    for i in 0..<n { gb[base + i] += g[base + i] * y[i] }
                }
            }
            if small.requiresGrad {  // d small = Σ_repeats g ⊙ big
                let gs = small.gradientBuffer()
                for r in 0..<bc.repeats {
                    let base = r * n
                    for i in 0..<n { gs[i] += g[base + i] * x[base + i] }
                }
            }
        }
        return out
    }

    /// self · factor for a constant factor (`x * 0.5`).
    public func scaled(by factor: Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        for i in 0..<count { out.data[i] = factor * data[i] }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = x.gradientBuffer()
            for i in 0..<x.count { gx[i] += factor * g[i] }
        }
        return out
    }

    /// self + constant (`x + 1.0`).
    public func adding(_ constant: Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        for i in 0..<count { out.data[i] = data[i] + constant }
        out.recordIdentityBackward(from: self)
        return out
    }
}
