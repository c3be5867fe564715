import COpenBLAS

// Shape letters: N rows (all leading dimensions flattened), I input features, O output
// features, K inner size of a plain matmul, M result columns.

/// Row-major GEMM through the shim, C = alpha·op(A)·op(B) + beta·C: small shapes take the AVX2
/// kernels, others single-threaded cblas_sgemm; above the parallel threshold the rows of C are
/// split over the library's worker pool (OpenBLAS's own threads stay off: see `Parallel`).
func gemm(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
          _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
          _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    Parallel.run([gemmWork(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)])
}

/// `gemm` as a piece of parallel work over the rows of C (one part per thread above the
/// threshold: each part re-packs B inside OpenBLAS, so fewer, larger parts are faster).
/// With `bias` (n floats), C = alpha·op(A)·op(B) + bias instead (beta is ignored).
func gemmWork(_ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
              _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
              _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
              bias: UnsafePointer<Float>? = nil) -> Parallel.Work {
    // The kernel is chosen from the whole product, so splitting never changes the arithmetic.
    let smallKernel = tf_use_small_kernel(transA ? 1 : 0, transB ? 1 : 0, Int32(m), Int32(n), Int32(k))
    let ta: Int32 = transA ? 1 : 0, tb: Int32 = transB ? 1 : 0
    return Parallel.Work(count: m, flops: 2 * Double(m) * Double(n) * Double(k)) { rows in
        let aRows = transA ? a + rows.lowerBound : a + rows.lowerBound * lda  // rows of op(A)
        let cRows = c + rows.lowerBound * ldc
        if let bias {
            tf_gemm_bias(smallKernel, ta, tb, Int32(rows.count), Int32(n), Int32(k), alpha, aRows, Int32(lda), b, Int32(ldb),
                         bias, cRows, Int32(ldc))
        } else {
            tf_gemm_with_kernel(smallKernel, ta, tb, Int32(rows.count), Int32(n), Int32(k), alpha, aRows, Int32(lda), b, Int32(ldb),
                                beta, cRows, Int32(ldc))
        }
    }
}

// Shape letters of `weightGradientWork`: O output features, I input features, N rows.

/// dW = beta·dW + dYᵀ·X (O, I) summed over N rows, as parallel work plus a step to run after the
/// region. OpenBLAS-sized products with many rows split the rows (the inner dimension): each
/// thread packs only its share of dY and X (split by output rows instead, every thread packs all
/// of X). Part 0 writes dW, the others partial sums that `finish` adds in part order — so the
/// result depends on the thread count but is exactly reproducible for a given one. Otherwise the
/// output rows are split as in `gemmWork`, and `finish` is nil.
func weightGradientWork(_ o: Int, _ i: Int, _ n: Int, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                        beta: Float, _ dw: UnsafeMutablePointer<Float>) -> (Parallel.Work, (() -> Void)?) {
    let kernel = tf_use_small_kernel(1, 0, Int32(o), Int32(i), Int32(n))
    let parts = min(Parallel.threads, n / 256)
    guard kernel == 0, parts > 1, 2 * Double(o) * Double(i) * Double(n) >= Parallel.minimumFlops else {
        return (gemmWork(true, false, o, i, n, 1, dy, o, x, i, beta, dw, i), nil)
    }
    let partials = TensorStorage(count: (parts - 1) * o * i, zeroed: false)  // (parts − 1, O, I)
    let work = Parallel.Work(count: parts, parts: parts) { range in
        for part in range {
            let first = part * n / parts, count = (part + 1) * n / parts - first  // rows of this part
            let target = part == 0 ? dw : partials.base + (part - 1) * o * i
            tf_gemm_with_kernel(0, 1, 0, Int32(o), Int32(i), Int32(count), 1, dy + first * o, Int32(o), x + first * i, Int32(i),
                                part == 0 ? beta : 0, target, Int32(i))
        }
    }
    return (work, {
        for part in 1..<parts { tf_axpy(o * i, 1, partials.base + (part - 1) * o * i, dw) }
    })
}

extension Tensor {
    /// Affine map y = x·Wᵀ + b over the last dimension (`torch.nn.functional.linear`).
    /// - Parameters:
    ///   - weight: (O, I), stored [out, in] as in PyTorch.
    ///   - bias: (O) or nil.
    /// - Returns: (…, O) for self (…, I).
    public func linear(weight: Tensor, bias: Tensor? = nil) throws -> Tensor {
        try affine(weight: weight, bias: bias, relu: false)
    }

    /// relu(x·Wᵀ + b) as one op (`F.relu(F.linear(x, W, b))`, a one-layer MLP): the ReLU runs
    /// on each chunk of rows right after its GEMM, while it is in cache, and no graph node keeps
    /// the pre-activation. Same numbers as `linear(...).relu()`, bit for bit (tested).
    /// - Parameter residual: (…, O) or nil. When given, returns residual + relu(x·Wᵀ + b), a
    ///   transformer block's residual connection fused into the op: the same numbers as
    ///   `residual + linearReLU(...)`, bit for bit, without a separate add and graph node.
    /// - Returns: (…, O) for self (…, I).
    public func linearReLU(weight: Tensor, bias: Tensor? = nil, residual: Tensor? = nil) throws -> Tensor {
        try affine(weight: weight, bias: bias, relu: true, residual: residual)
    }

    private func affine(weight: Tensor, bias: Tensor?, relu: Bool, residual: Tensor? = nil) throws -> Tensor {
        let op = relu ? "linearReLU" : "linear"
        guard rank >= 1, weight.rank == 2, weight.shape[1] == shape[rank - 1] else {
            throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: weight.shape, expected: "input (…, I) and weight (O, I)")
        }
        let inFeatures = weight.shape[1], outFeatures = weight.shape[0], rows = count / Swift.max(inFeatures, 1)
        if let bias, bias.shape != [outFeatures] {
            throw TensorError.shapeMismatch(op: op, lhs: weight.shape, rhs: bias.shape, expected: "bias (O) = [\(outFeatures)]")
        }
        let outShape = Array(shape.dropLast()) + [outFeatures]
        if let residual, residual.shape != outShape {
            throw TensorError.shapeMismatch(op: "\(op) residual", lhs: residual.shape, rhs: outShape, expected: "residual shaped like the output (…, O)")
        }
        let out = try Tensor(outputShape: outShape, op: op)  // (N, O)
        // With a residual the activation needs its own buffer: the backward's ReLU mask.
        let activation = residual == nil ? out.storage : TensorStorage(count: out.count, zeroed: false)  // (N, O)
        let y = activation.base
        let product = gemmWork(false, true, rows, outFeatures, inFeatures, 1, data, inFeatures, weight.data, inFeatures,
                               0, y, outFeatures, bias: bias.map { UnsafePointer($0.data) })
        if relu {
            let sum = out.data, r = residual?.data
            Parallel.run([Parallel.Work(count: product.count, parts: product.parts) { chunk in
                product.body(chunk)
                let first = chunk.lowerBound * outFeatures, n = chunk.count * outFeatures
                tf_relu_inplace(n, y + first)
                if let r { tf_broadcast_add(1, n, 1, r + first, 1, y + first, sum + first) }  // residual + relu(…)
            }])
        } else {
            Parallel.run([product])
        }
        let x = self
        var inputs = bias.map { [x, weight, $0] } ?? [x, weight]
        if let residual { inputs.append(residual) }
        out.record(inputs) { out in
            guard let g = out.gradStorage?.base else { return }
            guard relu else {
                Tensor.linearBackward(x: x, weight: weight, bias: bias, dy: g, rows: rows)
                return
            }
            // The residual's share first, as the separate add's backward would have run first.
            residual?.receiveGradient(g)
            // dz = g where relu(…) > 0, else 0 (ReLU's backward, from its output), then linear's.
            let dz = TensorStorage(count: out.count, zeroed: false)  // (N, O)
            Parallel.elementwise(out.count) { range in
                let i = range.lowerBound
                tf_relu_backward(range.count, y + i, g + i, dz.base + i, 0)
            }
            withExtendedLifetime(activation) {
                Tensor.linearBackward(x: x, weight: weight, bias: bias, dy: dz.base, rows: rows)
            }
        }
        return out
    }

    /// Backward of `linear` for the output gradient dy (N, O); accumulates dx += dy·W,
    /// dW += dyᵀ·x, db += Σ_rows dy.
    static func linearBackward(x: Tensor, weight: Tensor, bias: Tensor?, dy: UnsafePointer<Float>, rows: Int) {
        let inFeatures = weight.shape[1], outFeatures = weight.shape[0]
        // The three gradients are independent: one parallel region for all of them.
        var works: [Parallel.Work] = []
        // A first gradient is written (beta = 0) instead of added onto zeros.
        if x.requiresGrad {
            let dx = x.gradientDestination()
            works.append(gemmWork(false, false, rows, inFeatures, outFeatures, 1, dy, outFeatures, weight.data, inFeatures,
                                  dx.overwrite ? 0 : 1, dx.pointer, inFeatures))
        }
        var finishWeightGradient: (() -> Void)?
        if weight.requiresGrad && weight !== x {
            let dw = weight.gradientDestination()
            let (work, finish) = weightGradientWork(outFeatures, inFeatures, rows, dy, x.data, beta: dw.overwrite ? 0 : 1, dw.pointer)
            works.append(work)
            finishWeightGradient = finish
        } else if weight.requiresGrad {  // x is the weight: its gradient already has the dx term
            works.append(gemmWork(true, false, outFeatures, inFeatures, rows, 1, dy, outFeatures, x.data, inFeatures,
                                  1, weight.gradientBuffer(), inFeatures))
        }
        if let bias, bias.requiresGrad {  // db += Σ_rows dy
            works.append(columnSumsWork(rows: rows, columns: outFeatures, dy, into: bias.gradientBuffer()))
        }
        if x === weight {  // both gradients land in one buffer: one product at a time
            works.forEach { Parallel.run([$0]) }
        } else {
            Parallel.run(works)
        }
        finishWeightGradient?()
    }

    /// Matrix product self·other (`torch.matmul` for a (…, K) × (K, M) pair): the leading
    /// dimensions of self are flattened into rows. Returns (…, M).
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 2, other.rank == 2, shape[rank - 1] == other.shape[0] else {
            throw TensorError.shapeMismatch(op: "matmul", lhs: shape, rhs: other.shape, expected: "(…, K) × (K, M)")
        }
        let k = other.shape[0], m = other.shape[1], rows = count / Swift.max(k, 1)
        let out = try Tensor(outputShape: Array(shape.dropLast()) + [m], op: "matmul")  // (N, M)
        gemm(false, false, rows, m, k, 1, data, k, other.data, m, 0, out.data, m)
        let a = self
        out.record([a, other]) { out in
            guard let dy = out.gradStorage?.base else { return }
            // dA += dY·Bᵀ ; dB += Aᵀ·dY, in one parallel region
            var works: [Parallel.Work] = []
            if a.requiresGrad {
                let da = a.gradientDestination()
                works.append(gemmWork(false, true, rows, k, m, 1, dy, m, other.data, m, da.overwrite ? 0 : 1, da.pointer, k))
            }
            if other.requiresGrad {  // after dA: when other is a, its gradient already exists
                let db = other.gradientDestination()
                works.append(gemmWork(true, false, k, m, rows, 1, a.data, k, dy, m, db.overwrite ? 0 : 1, db.pointer, m))
            }
            if a === other { works.forEach { Parallel.run([$0]) } } else { Parallel.run(works) }
        }
        return out
    }
}
