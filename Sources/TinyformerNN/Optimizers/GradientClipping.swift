import COpenBLAS
import TinyformerTensor

/// Rescales gradients so that their global L2 norm is at most `maxNorm`
/// (`torch.nn.utils.clip_grad_norm_`): with N = √(Σ‖g‖²), every gradient is multiplied by
/// maxNorm / (N + 1e-6) when that factor is below 1. Returns N (before clipping).
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var total: Double = 0
    for p in parameters {
        guard let g = p.grad else { continue }
        for i in 0..<g.count { total += Double(g.data[i]) * Double(g.data[i]) }
    }
    let norm = Float(total.squareRoot())
    let factor = maxNorm / (norm + 1e-6)
    if factor < 1 {
        for p in parameters {
            guard let g = p.gradientData else { continue }
            Parallel.elementwise(p.count) { range in tf_scale_inplace(range.count, factor, g + range.lowerBound) }
        }
    }
    return norm
}
