// Central-difference gradient checking and small input builders shared by the op tests.
import Testing
import TinyformerRandom
import TinyformerTensor

/// Compares the analytic gradients of `function` with central differences.
///
/// With a fixed random `upstream` u shaped like the output, the checked scalar is
/// L(inputs) = Σ u ⊙ function(inputs). The analytic gradient comes from
/// `output.backward(gradient: u)`; the numeric one perturbs each input element by ±eps (in
/// Float32, the ops' precision) and accumulates L in Float64:
///   ∂L/∂x_i ≈ (L(x_i + eps) − L(x_i − eps)) / (2·eps).
/// An Issue names the input and its worst element when |analytic − numeric| > atol + rtol·|numeric|.
///
/// Float32 forward passes make L noisy at ~1e-6, so eps = 1e-2 keeps the rounding error of the
/// quotient near 1e-4 while the truncation error (eps²/6·L‴) stays ~1e-5 for these smooth ops.
///
/// - Parameters:
///   - inputs: leaves to differentiate; `requiresGrad` is set and their gradients are cleared.
///   - function: the computation; it may capture non-differentiable arguments (targets, masks).
public func gradientCheck(_ what: String, inputs: [Tensor], eps: Float = 1e-2, atol: Float = 2e-3, rtol: Float = 2e-2,
                   seed: UInt64 = 7, sourceLocation: SourceLocation = #_sourceLocation,
                   function: ([Tensor]) throws -> Tensor) throws {
    for x in inputs {
        x.requiresGrad = true
        x.zeroGrad()
    }
    var generator = SeededGenerator(seed: seed)
    let output = try function(inputs)
    let upstream = try Tensor.normal(output.shape, using: &generator)
    try output.backward(gradient: upstream)
    let u = upstream.scalars

    func loss() throws -> Double {
        try withNoGrad {
            let y = try function(inputs)
            var total: Double = 0
            for i in 0..<y.count { total += Double(y.data[i]) * Double(u[i]) }
            return total
        }
    }

    for (n, x) in inputs.enumerated() {
        let analytic = x.grad?.scalars ?? [Float](repeating: 0, count: x.count)
        var numeric = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let saved = x.data[i]
            let plus = saved + eps, minus = saved - eps
            x.data[i] = plus
            let lossPlus = try loss()
            x.data[i] = minus
            let lossMinus = try loss()
            x.data[i] = saved
            numeric[i] = Float((lossPlus - lossMinus) / (Double(plus) - Double(minus)))
        }
        assertClose(analytic, numeric, atol: atol, rtol: rtol,
                    "\(what): analytic vs central-difference gradient of input \(n) \(x.shape)",
                    sourceLocation: sourceLocation)
    }
}

/// A leaf tensor of N(0, std²) samples drawn from a generator seeded with `seed`.
public func randomTensor(_ shape: [Int], seed: UInt64, std: Float = 1, mean: Float = 0) throws -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return try Tensor.normal(shape, mean: mean, std: std, requiresGrad: true, using: &generator)
}

/// Like `randomTensor`, but every element is at least `margin` away from 0 (for kinks such as
/// ReLU's, which central differences must not straddle).
public func randomTensorAwayFromZero(_ shape: [Int], seed: UInt64, margin: Float = 0.1) throws -> Tensor {
    let t = try randomTensor(shape, seed: seed)
    for i in 0..<t.count {
        let v = t.data[i]
        t.data[i] = v < 0 ? v - margin : v + margin
    }
    return t
}
