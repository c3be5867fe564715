import Foundation

// Elementwise tanh, exp, log and square root. Same shape in and out, (N) with N any shape
// flattened. Inside `extension Tensor` the methods `exp`, `tanh`, `log` shadow the free functions,
// so the scalar ones are called as `Foundation.exp` etc.

/// gx[i] = term(i) when `overwrite` (a first gradient), else gx[i] += term(i), for i in 0..<n:
/// one tight loop either way once inlined with its closure literal.
@inline(__always)
func storeGradient(_ gx: UnsafeMutablePointer<Float>, count n: Int, overwrite: Bool, _ term: (Int) -> Float) {
    if overwrite {
        for i in 0..<n { gx[i] = term(i) }
    } else {
        for i in 0..<n { gx[i] += term(i) }
    }
}

extension Tensor {
    /// The backward of an elementwise op on one chunk: (x, y, g, gx, count, overwrite) with the
    /// pointers already offset to the chunk; it must write or add ∂y/∂x · g into gx.
    typealias ElementwiseBackward = (_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ g: UnsafePointer<Float>,
                                     _ gx: UnsafeMutablePointer<Float>, _ count: Int, _ overwrite: Bool) -> Void

    /// y = f(x) elementwise: `forward(x, y, count)` runs on disjoint chunks (split over threads
    /// from `Parallel.minimumElements`), and the recorded backward calls `backward` on chunks
    /// of the saved input x, the output y and the output gradient g.
    private func elementwiseMap(_ forward: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
                                backward: @escaping ElementwiseBackward) -> Tensor {
        let out = Tensor(uninitializedShape: shape)  // (N)
        let src = data, dst = out.data
        Parallel.elementwise(count) { range in forward(src + range.lowerBound, dst + range.lowerBound, range.count) }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let (gx, overwrite) = x.gradientDestination()  // (N)
            let xs = x.data, ys = out.data
            Parallel.elementwise(x.count) { range in
                let i = range.lowerBound
                backward(xs + i, ys + i, g + i, gx + i, range.count, overwrite)
            }
        }
        return out
    }

    /// y = tanh(x) (`torch.tanh`); backward dx += dy · (1 − y²).
    public func tanh() -> Tensor {
        elementwiseMap({ x, y, n in for i in 0..<n { y[i] = Foundation.tanh(x[i]) } },
                       backward: { _, y, g, gx, n, overwrite in
                           storeGradient(gx, count: n, overwrite: overwrite) { g[$0] * (1 - y[$0] * y[$0]) }
                       })
    }

    /// y = eˣ (`torch.exp`); backward dx += dy · y.
    public func exp() -> Tensor {
        elementwiseMap({ x, y, n in for i in 0..<n { y[i] = Foundation.exp(x[i]) } },
                       backward: { _, y, g, gx, n, overwrite in
                           storeGradient(gx, count: n, overwrite: overwrite) { g[$0] * y[$0] }
                       })
    }

    /// y = ln x (`torch.log`); backward dx += dy / x. As in PyTorch nothing is thrown: ln 0 = −∞
    /// (gradient ±∞) and ln of a negative number is NaN.
    public func log() -> Tensor {
        elementwiseMap({ x, y, n in for i in 0..<n { y[i] = Foundation.log(x[i]) } },
                       backward: { x, _, g, gx, n, overwrite in
                           storeGradient(gx, count: n, overwrite: overwrite) { g[$0] / x[$0] }
                       })
    }

    /// y = √x (`torch.sqrt`); backward dx += dy / (2y), as PyTorch computes it (∞ at 0). √ of a
    /// negative number is NaN.
    public func sqrt() -> Tensor {
        elementwiseMap({ x, y, n in for i in 0..<n { y[i] = x[i].squareRoot() } },
                       backward: { _, y, g, gx, n, overwrite in
                           storeGradient(gx, count: n, overwrite: overwrite) { g[$0] / (2 * y[$0]) }
                       })
    }
}
