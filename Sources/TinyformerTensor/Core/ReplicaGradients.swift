import COpenBLAS

extension Tensor {
    /// Adds the gradients of data-parallel replicas into the parameters' own and clears the
    /// replicas': grad(p_j) ← grad(p_j) + Σ_r grad(replicas[r][j]), r in order, so every element
    /// is summed the same way whatever the thread split. A parameter with no gradient yet takes
    /// the first replica gradient's buffer instead of adding it. `replicas[r]` lists tensors
    /// shaped like `parameters`, in the same order.
    package static func reduceReplicaGradients(into parameters: [Tensor], from replicas: [[Tensor]]) {
        var pending: [(destination: UnsafeMutablePointer<Float>, sources: [TensorStorage], count: Int)] = []
        for (j, parameter) in parameters.enumerated() {
            var sources = replicas.compactMap { $0[j].gradStorage }
            if parameter.gradStorage == nil, let first = sources.first, parameter.adoptGradient(first) {
                sources.removeFirst()
            }
            if let destination = parameter.gradStorage, !sources.isEmpty {
                pending.append((destination.base, sources, parameter.count))
            }
        }
        var starts: [Int] = []  // first element of each pending gradient in the concatenation
        var total = 0
        for item in pending {
            starts.append(total)
            total += item.count
        }
        // One region over the concatenated elements: the small per-parameter sums together.
        Parallel.elementwise(total) { range in
            var j = 0
            while j + 1 < starts.count, starts[j + 1] <= range.lowerBound { j += 1 }
            while j < pending.count, starts[j] < range.upperBound {
                let lower = max(range.lowerBound, starts[j]) - starts[j]
                let upper = min(range.upperBound, starts[j] + pending[j].count) - starts[j]
                for source in pending[j].sources {
                    tf_axpy(upper - lower, 1, source.base + lower, pending[j].destination + lower)
                }
                j += 1
            }
        }
        for replica in replicas {
            for tensor in replica { tensor.zeroGrad() }  // keeps the buffers for the next step
        }
    }
}
