import COpenBLAS
import TinyformerTensor

/// The global L2 norm of the parameters' gradients, N = √(Σ‖g‖²), as `clip_grad_norm_` computes
/// it (parameters without a gradient count as zero).
///
/// The squares are summed in double precision over fixed blocks of `gradientNormBlock` elements
/// (`tf_sum_of_squares`, vectorised) and the blocks' sums are added in parameter order, so N is
/// the same for any thread count; the blocks run in parallel.
public func gradientNorm(_ parameters: [Tensor]) -> Float {
    var blocks: [(pointer: UnsafeMutablePointer<Float>, count: Int)] = []
    for p in parameters {
        guard let gradient = p.gradientData else { continue }
        for start in stride(from: 0, to: p.count, by: gradientNormBlock) {
            blocks.append((gradient + start, min(gradientNormBlock, p.count - start)))
        }
    }
    var sums = [Double](repeating: 0, count: blocks.count)
    sums.withUnsafeMutableBufferPointer { sums in
        Parallel.elementwise(blocks.count, elementsPerItem: gradientNormBlock) { range in
            for b in range { sums[b] = tf_sum_of_squares(blocks[b].count, blocks[b].pointer) }
        }
    }
    return Float(sums.reduce(0, +).squareRoot())
}

/// Elements per partial sum of `gradientNorm`: large enough that a block streams at memory speed,
/// small enough that a model's blocks spread over the threads.
let gradientNormBlock = 1 << 16

/// The factor `clip_grad_norm_` multiplies every gradient by: maxNorm / (N + 1e-6) when that is
/// below 1, else 1.
public func gradientClipFactor(norm: Float, maxNorm: Float) -> Float {
    let factor = maxNorm / (norm + 1e-6)
    return factor < 1 ? factor : 1
}

/// Rescales gradients so that their global L2 norm is at most `maxNorm`
/// (`torch.nn.utils.clip_grad_norm_`): with N = √(Σ‖g‖²), every gradient is multiplied by
/// maxNorm / (N + 1e-6) when that factor is below 1. Returns N (before clipping).
///
/// A training step that clips and then updates can instead pass `gradientClipFactor` to
/// `Optimizer.step(scalingGradientsBy:)`, which Adam applies while it reads the gradients
/// (one pass over them fewer, the same numbers).
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    let norm = gradientNorm(parameters)
    let factor = gradientClipFactor(norm: norm, maxNorm: maxNorm)
    if factor < 1 { scaleGradients(parameters, by: factor) }
    return norm
}

/// g ← factor · g for every parameter's gradient, in place.
func scaleGradients(_ parameters: [Tensor], by factor: Float) {
    for p in parameters {
        guard let g = p.gradientData else { continue }
        Parallel.elementwise(p.count) { range in tf_scale_inplace(range.count, factor, g + range.lowerBound) }
    }
}
