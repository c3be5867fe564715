// A classifier's training step and inference split over the data-parallel replicas.
import Foundation
import TinyformerNN
import TinyformerTensor

// Shape letters: B batch rows, K classes.

extension DataParallel where Model == BertClassifier {
    /// Adds ∂L/∂θ of the batch's mean cross-entropy L into the model's gradients: the rows are cut
    /// into `min(replicas, B)` consecutive slices (each padded only to its own longest row), slice
    /// p's mean loss L_p weighs n_p / B, so L = Σ_p (n_p / B)·L_p. Dropout draws from each
    /// replica's own generators. Returns L.
    /// - Throws: `BertError.invalidInput` for bad ids or labels.
    public func accumulateGradients(of batch: LabelledBatch) throws -> Float {
        try timedAccumulateGradients(of: batch).loss
    }

    /// `accumulateGradients(of:)`, also returning the wall time of the forward pass (replica 0's,
    /// the replicas run side by side on equal slices) for `StepResult.forwardSeconds`.
    public func timedAccumulateGradients(of batch: LabelledBatch) throws -> (loss: Float, forwardSeconds: Double) {
        let b = batch.count
        let parts = min(replicas.count, b)
        let slices = try (0..<parts).map { p in (p * b / parts)..<((p + 1) * b / parts) }
            .map { rows in (rows, try batch.inputs.rows(rows)) }
        let results = try run(parts: parts) { replica, p in
            let (rows, inputs) = slices[p]
            let share = Float(rows.count) / Float(b)
            let start = DispatchTime.now().uptimeNanoseconds
            let loss = try replica.loss(inputs, labels: Array(batch.labels[rows]))  // L_p: ()
            let forward = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            try loss.backward(gradient: Tensor(share))
            return (loss: Double(try loss.item()) * Double(share), forward: forward)
        }
        return (Float(results.map(\.loss).reduce(0, +)), results.first?.forward ?? 0)
    }

    /// The logits of `inputs` without recording a graph, rows split over the replicas:
    /// (B, K) as row-major scalars, one array per row. Runs in whatever mode the model is in
    /// (call `model.eval()` first for inference).
    public func logits(_ inputs: BertInputs) throws -> [[Float]] {
        let b = inputs.batch
        let parts = min(replicas.count, b)
        let ranges = (0..<parts).map { p in (p * b / parts)..<((p + 1) * b / parts) }
        let pieces = try run(parts: parts) { replica, p in
            try withNoGrad { try replica.logits(try inputs.rows(ranges[p])).scalars }  // (n_p·K)
        }
        let k = model.labels.count
        return pieces.flatMap { scalars in stride(from: 0, to: scalars.count, by: k).map { Array(scalars[$0..<($0 + k)]) } }
    }
}
