import Foundation
import COpenBLAS

// Fused softmax cross-entropy. Shape letters: N positions (leading dimensions flattened), V classes.

extension Tensor {
    /// Mean negative log-likelihood of `targets` under softmax(logits) over the last dimension
    /// (`torch.nn.functional.cross_entropy(logits.view(-1, V), targets, ignore_index=...)`):
    ///   loss = Σ_n w_n · (logsumexp(logits_n) − logits_n[target_n]) / Σ_n w_n,
    /// where w_n = 0 for targets equal to `ignoreIndex`, else `weights[n]` (default 1).
    /// `weights` is the optional position mask (e.g. "count only the target part of the
    /// sequence"). When no position counts, the loss is 0 with zero gradient (PyTorch gives NaN).
    /// Returns a scalar (shape []). Backward adds w_n (softmax_n − onehot_n) / Σw into dlogits.
    public func crossEntropy(targets: [Int], ignoreIndex: Int? = -100, weights: [Float]? = nil) throws -> Tensor {
        let op = "crossEntropy"
        guard rank >= 1, shape[rank - 1] > 0 else {
            throw TensorError.invalidShape(op: op, shape: shape, expected: "logits (…, V) with V > 0")
        }
        let classes = shape[rank - 1], positions = count / classes
        guard targets.count == positions else {
            throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: [targets.count], expected: "one target per position (\(positions))")
        }
        if let weights, weights.count != positions {
            throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: [weights.count], expected: "one weight per position (\(positions))")
        }
        var w = [Float](repeating: 1, count: positions)  // (N)
        for (n, target) in targets.enumerated() {
            if let ignoreIndex, target == ignoreIndex { w[n] = 0; continue }
            guard target >= 0, target < classes else {
                throw TensorError.indexOutOfRange(op: op, index: target, validRange: "0..<\(classes) (target at position \(n))")
            }
            if let weights { w[n] = weights[n] }
        }
        let totalWeight = w.reduce(0, +)
        let (probabilities, logSumExp) = softmaxRows(positions: positions, classes: classes)  // (N, V), (N)
        let x = data
        var loss: Double = 0
        for n in 0..<positions where w[n] != 0 {
            loss += Double(w[n]) * Double(logSumExp[n] - x[n * classes + targets[n]])  // logsumexp − logit of the target
        }
        let out = Tensor(totalWeight > 0 ? Float(loss / Double(totalWeight)) : 0)
        let logits = self
        out.record([logits]) { out in
            guard let g = out.gradStorage?.base, totalWeight > 0 else { return }
            let (gl, overwrite) = logits.gradientDestination()
            let upstream = g[0] / totalWeight
            Parallel.elementwise(positions, elementsPerItem: classes) { rows in
                for n in rows {
                    let pr = probabilities.base + n * classes, d = gl + n * classes
                    if w[n] == 0 {
                        if overwrite { d.update(repeating: 0, count: classes) }
                        continue
                    }
                    let factor = upstream * w[n]
                    if overwrite {
                        for v in 0..<classes { d[v] = factor * pr[v] }
                    } else {
                        for v in 0..<classes { d[v] += factor * pr[v] }
                    }
                    d[targets[n]] -= factor
                }
            }
        }
        return out
    }

    /// `crossEntropy(targets:ignoreIndex:weights:)` with the targets as an `IntTensor` shaped like
    /// the logits without their last dimension (…), or flat (N).
    /// - Throws: `TensorError.shapeMismatch` for another shape, then as the `[Int]` form.
    public func crossEntropy(targets: IntTensor, ignoreIndex: Int? = -100, weights: [Float]? = nil) throws -> Tensor {
        let positions = Array(shape.dropLast())
        guard targets.shape == positions || (targets.rank == 1 && targets.count == positions.reduce(1, *)) else {
            throw TensorError.shapeMismatch(op: "crossEntropy", lhs: shape, rhs: targets.shape,
                                            expected: "targets shaped like the logits without V, \(positions), or flat")
        }
        return try crossEntropy(targets: targets.values, ignoreIndex: ignoreIndex, weights: weights)
    }

    /// Mean cross-entropy against class probabilities over the last dimension
    /// (`torch.nn.functional.cross_entropy(logits.view(-1, V), probabilities.view(-1, V))`):
    ///   loss = (1/N) Σ_n Σ_v −t_nv · log softmax(logits_n)_v = (1/N) Σ_n (Σ_v t_nv · logsumexp(logits_n) − Σ_v t_nv · logits_nv).
    /// `probabilities` (…, V) is shaped like the logits, non-negative (rows usually sum to 1; a
    /// zero row counts nothing but still divides). A constant: no gradient flows into it.
    /// Returns a scalar (shape []). Backward adds (softmax_n · Σ_v t_nv − t_n) / N into dlogits.
    /// - Throws: `TensorError.shapeMismatch` for other shapes, `invalidArgument` for a negative or
    ///   non-finite probability.
    public func crossEntropy(probabilities targets: Tensor) throws -> Tensor {
        let op = "crossEntropy(probabilities:)"
        guard rank >= 1, shape[rank - 1] > 0 else {
            throw TensorError.invalidShape(op: op, shape: shape, expected: "logits (…, V) with V > 0")
        }
        guard targets.shape == shape else {
            throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: targets.shape, expected: "probabilities shaped like the logits")
        }
        let classes = shape[rank - 1], positions = count / classes
        let t = targets.data
        if let bad = (0..<count).first(where: { !(t[$0] >= 0 && t[$0].isFinite) }) {
            throw TensorError.invalidArgument(op: op, message: "probability \(t[bad]) at flat index \(bad) (expected finite and ≥ 0)")
        }
        let (probabilities, logSumExp) = softmaxRows(positions: positions, classes: classes)  // (N, V), (N)
        let x = data
        var rowMass = [Float](repeating: 0, count: positions)  // (N) Σ_v t_nv
        var loss: Double = 0
        for n in 0..<positions {
            var mass: Double = 0, dot: Double = 0
            for v in 0..<classes where t[n * classes + v] != 0 {
                mass += Double(t[n * classes + v])
                dot += Double(t[n * classes + v]) * Double(x[n * classes + v])
            }
            rowMass[n] = Float(mass)
            loss += mass * Double(logSumExp[n]) - dot
        }
        let out = Tensor(Float(loss / Double(positions)))
        let logits = self, savedTargets = TensorStorage(count: count, zeroed: false)  // (N, V) a copy: the caller may reuse its tensor
        savedTargets.base.update(from: t, count: count)
        out.record([logits]) { out in
            guard let g = out.gradStorage?.base else { return }
            let (gl, overwrite) = logits.gradientDestination()
            let upstream = g[0] / Float(positions)
            Parallel.elementwise(positions, elementsPerItem: classes) { rows in
                for n in rows {
                    let pr = probabilities.base + n * classes, tr = savedTargets.base + n * classes, d = gl + n * classes
                    let mass = rowMass[n]
                    for v in 0..<classes {
                        let value = upstream * (pr[v] * mass - tr[v])
                        d[v] = overwrite ? value : d[v] + value
                    }
                }
            }
        }
        return out
    }

    /// Softmax of every row of the logits viewed as (N, V), saved for backward, and each row's
    /// logsumexp. Rows are independent, so they are split over threads; callers sum the loss in
    /// row order.
    private func softmaxRows(positions: Int, classes: Int) -> (probabilities: TensorStorage, logSumExp: [Float]) {
        let probabilities = TensorStorage(count: count, zeroed: false)  // (N, V)
        var logSumExp = [Float](repeating: 0, count: positions)  // (N)
        let x = data, p = probabilities.base
        logSumExp.withUnsafeMutableBufferPointer { lse in
            Parallel.elementwise(positions, elementsPerItem: classes) { rows in
                let first = rows.lowerBound * classes
                tf_softmax_rows(rows.count, Int32(classes), x + first, p + first, lse.baseAddress! + rows.lowerBound)
            }
        }
        return (probabilities, logSumExp)
    }
}
