import TinyformerNN
import TinyformerTensor

extension DataParallel where Model == Transformer {
    /// What one data-parallel forward and backward pass over a batch gave.
    public struct BatchLoss: Sendable, Equatable {
        /// The whole batch's mean loss, Σ_p (n_p / n)·L_p.
        public let loss: Float
        /// Decoder positions trained (every target, scored or not).
        public let positions: Int
        /// Slices the batch was split into (one per replica used).
        public let parts: Int
    }

    /// Adds into the model's gradients ∂L/∂θ of the mean training loss L of `batch`, computed
    /// over the replicas: the pairs are cut into `min(replicas.count, B)` consecutive slices of
    /// near-equal size, slice p's mean loss L_p weighs n_p / n (its share of the scored positions,
    /// `TransformerInputs.scoredPositions`), so L = Σ_p (n_p / n)·L_p is the batch's mean loss
    /// and the summed gradients are its gradients. Dropout (in training mode, when configured)
    /// draws from each replica's own `Dropout` modules.
    /// - Throws: `TransformerError` for invalid pairs; the loss may be non-finite (the caller
    ///   decides what divergence means).
    public func accumulateGradients(of batch: PairBatch, architecture: TransformerConfig.Architecture) throws -> BatchLoss {
        let parts = min(replicas.count, batch.count)
        let slices = try (0..<parts).map { p in
            let rows = (p * batch.count / parts)..<((p + 1) * batch.count / parts)
            return try TransformerInputs(architecture: architecture, sources: Array(batch.sources[rows]),
                                         targets: Array(batch.targets[rows]), vocabulary: model.vocabulary)
        }
        let scored = Float(slices.reduce(0) { $0 + $1.scoredPositions })
        let weighted = try run(parts: parts) { replica, p in
            let share = Float(slices[p].scoredPositions) / scored
            let loss = try replica.loss(slices[p])  // L_p: ()
            try loss.backward(gradient: Tensor(share))
            return Double(try loss.item()) * Double(share)
        }
        return BatchLoss(loss: Float(weighted.reduce(0, +)), positions: slices.reduce(0) { $0 + $1.targets.count }, parts: parts)
    }
}
