// A masked-LM training step split over the data-parallel replicas.
import TinyformerNN
import TinyformerTensor

extension DataParallel where Model == BertForMaskedLM {
    /// Adds ∂L/∂θ of the batch's mean masked-LM loss L into the model's gradients: rows cut into
    /// `min(replicas, B)` consecutive slices, slice p's mean L_p weighted by its share of the
    /// scored positions N_p / N, so L = Σ_p (N_p / N)·L_p. Returns (L, N); (0, 0) without a scored
    /// position (nothing is accumulated then).
    public func accumulateGradients(of batch: MaskedBatch) throws -> (loss: Float, scored: Int) {
        let b = batch.inputs.batch, t = batch.inputs.length
        let parts = min(replicas.count, b)
        let slices = try (0..<parts).map { p in (p * b / parts)..<((p + 1) * b / parts) }.map { rows in
            let inputs = try batch.inputs.rows(rows)
            // Labels of the kept columns only (a slice is cut to its own longest row).
            let labels = rows.flatMap { r in batch.labels[(r * t)..<(r * t + inputs.length)] }
            return (inputs, labels)
        }
        let total = slices.reduce(0) { $0 + $1.1.filter { $0 != -100 }.count }
        guard total > 0 else { return (0, 0) }
        let losses = try run(parts: parts) { replica, p in
            let (loss, scored) = try replica.loss(slices[p].0, labels: slices[p].1)
            guard scored > 0 else { return 0.0 }
            let share = Float(scored) / Float(total)
            try loss.backward(gradient: Tensor(share))
            return Double(try loss.item()) * Double(share)
        }
        return (Float(losses.reduce(0, +)), total)
    }
}
