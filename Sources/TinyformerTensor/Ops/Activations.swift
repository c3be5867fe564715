import COpenBLAS
import Foundation

// Pointwise activations: ReLU, GELU (erf and tanh forms), quickGELU. Same shape in and out.

extension Tensor {
    /// Applies f elementwise; backward multiplies by f'(x), computed from the saved input.
    private func pointwise(_ f: (Float) -> Float, derivative: @escaping (Float) -> Float) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let src = data, dst = out.data
        Parallel.elementwise(count) { range in
            for i in range { dst[i] = f(src[i]) }
        }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gx = x.gradientBuffer(), xs = x.data
            Parallel.elementwise(x.count) { range in
                for i in range { gx[i] += g[i] * derivative(xs[i]) }
            }
        }
        return out
    }

    /// An activation whose forward and backward are C kernels over index ranges:
    /// `forward(n, x, y)` and `backward(n, saved, dy, dx, accumulate)`, where `saved` is the output
    /// when `backwardReadsOutput` (ReLU: y > 0 exactly where x > 0) and the input otherwise.
    private func kernelActivation(
        forward: @escaping (Int, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void,
        backward: @escaping (Int, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int32) -> Void,
        backwardReadsOutput: Bool
    ) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        let src = data, dst = out.data
        Parallel.elementwise(count) { range in
            forward(range.count, src + range.lowerBound, dst + range.lowerBound)
        }
        let x = self
        out.record([x]) { out in
            guard let g = out.gradStorage?.base else { return }
            let (gx, overwrite) = x.gradientDestination()
            let saved = backwardReadsOutput ? out.data : x.data
            Parallel.elementwise(x.count) { range in
                let i = range.lowerBound
                backward(range.count, saved + i, g + i, gx + i, overwrite ? 0 : 1)
            }
        }
        return out
    }

    /// max(x, 0) (`torch.relu`); the derivative at 0 is taken as 0, as in PyTorch. Backward reads
    /// the output and accumulates into x's gradient.
    public func relu() -> Tensor {
        kernelActivation(forward: tf_relu_forward, backward: tf_relu_backward, backwardReadsOutput: true)
    }

    /// GELU, exact form: x·Φ(x) = ½x(1 + erf(x/√2)) (`torch.nn.functional.gelu`, the BERT form).
    public func gelu() -> Tensor {
        let invSqrt2: Float = 0.70710678118654752
        let invSqrt2Pi: Float = 0.39894228040143268
        return pointwise({ 0.5 * $0 * (1 + erf($0 * invSqrt2)) },
                         derivative: { x in 0.5 * (1 + erf(x * invSqrt2)) + x * invSqrt2Pi * Foundation.exp(-0.5 * x * x) })
    }

    /// GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))
    /// (`torch.nn.functional.gelu(x, approximate="tanh")`).
    public func geluTanh() -> Tensor {
        let c: Float = 0.79788456080286536  // √(2/π)
        return pointwise({ x in 0.5 * x * (1 + Foundation.tanh(c * (x + 0.044715 * x * x * x))) },
                         derivative: { x in
                             let u = c * (x + 0.044715 * x * x * x)
                             let t = Foundation.tanh(u)
                             return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * 0.044715 * x * x)
                         })
    }

    /// quickGELU, CLIP's activation: x·σ(1.702x) (HF's `quick_gelu`,
    /// `x * torch.sigmoid(1.702 * x)`). Vectorised in the C shim; backward recomputes σ from
    /// the input and accumulates into x's gradient.
    public func quickGELU() -> Tensor {
        kernelActivation(forward: tf_quick_gelu_forward, backward: tf_quick_gelu_backward, backwardReadsOutput: false)
    }
}
