import COpenBLAS

extension Tensor {
    /// Adds the gradients of data-parallel replicas into the parameters' own and clears the
    /// replicas': grad(p_j) ← grad(p_j) + Σ_r grad(replicas[r][j]), r in order, so every element
    /// is summed the same way whatever the thread split. A parameter with no gradient yet takes
    /// the first replica gradient's buffer instead of adding it. `replicas[r]` lists tensors
    /// shaped like `parameters`, in the same order.
    package static func reduceReplicaGradients(into parameters: [Tensor], from replicas: [[Tensor]]) {
        // Flat lists, one entry per (parameter, replica gradient) sum, in parameter then replica
        // order: a step runs this for every parameter, so no per-parameter arrays.
        var destinations: [UnsafeMutablePointer<Float>] = [], sources: [UnsafePointer<Float>] = []
        var starts: [Int] = [], counts: [Int] = []  // each sum's first element in the concatenation, and length
        destinations.reserveCapacity(parameters.count * replicas.count)
        sources.reserveCapacity(parameters.count * replicas.count)
        starts.reserveCapacity(parameters.count * replicas.count)
        counts.reserveCapacity(parameters.count * replicas.count)
        var total = 0
        for (j, parameter) in parameters.enumerated() {
            var first = true
            for replica in replicas {
                guard let source = replica[j].gradStorage else { continue }
                defer { first = false }
                if first, parameter.gradStorage == nil, parameter.adoptGradient(source) {
                    replica[j].gradStorage = nil  // the parameter owns that buffer now
                    continue
                }
                guard let destination = parameter.gradStorage else { continue }
                // A parameter's sums share its span of the concatenation, in replica order.
                destinations.append(destination.base)
                sources.append(UnsafePointer(source.base))
                starts.append(total)
                counts.append(parameter.count)
            }
            if starts.last == total { total += parameter.count }
        }
        // One region over the concatenated parameters' elements.
        Parallel.elementwise(total) { range in
            var s = 0
            while s < starts.count, starts[s] + counts[s] <= range.lowerBound { s += 1 }
            while s < starts.count, starts[s] < range.upperBound {
                let lower = Swift.max(range.lowerBound, starts[s]) - starts[s]
                let upper = min(range.upperBound, starts[s] + counts[s]) - starts[s]
                tf_axpy(upper - lower, 1, sources[s] + lower, destinations[s] + lower)
                s += 1
            }
        }
        for replica in replicas {
            for tensor in replica { tensor.zeroGrad() }  // keeps the buffers for the next step
        }
    }
}
