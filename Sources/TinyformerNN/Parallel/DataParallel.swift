import TinyformerTensor

/// Data parallelism over the CPU's cores (`torch.nn.DataParallel`, with threads for devices):
/// one replica of the model per pool thread, `replicas[0]` being the model itself.
///
/// `run(parts:_:)` calls `body(replicas[p], p)` for p in 0..<parts concurrently — typically a
/// forward and backward pass over one slice of the batch — and then adds every other replica's
/// gradients into the model's, in replica order:
///   grad(θ) ← grad_0(θ) + grad_1(θ) + … + grad_{parts−1}(θ).
/// Each pass runs its ops serially on its thread, so a step's numbers depend on how the batch is
/// split (on `parts`), never on which thread ran which part. For tiny batches this removes the
/// per-op hand-offs and the serial stretches of op-level parallelism: measured on 2 cores, the
/// h32/small Pig Latin epoch took 0.073–0.075 s against 0.083–0.087 s with op-level parallelism
/// alone (alternating runs; docs/PERFORMANCE.md).
///
/// The optimizer updates `model`'s parameters, which the replicas share. Not thread-safe: one
/// `run` at a time.
public final class DataParallel<Model: Replicable> {
    /// The model; its parameters receive the summed gradients.
    public let model: Model
    /// `model` followed by `count − 1` replicas sharing its parameters.
    public let replicas: [Model]
    /// `replicas[r].parameters`, listed once: building a model's dotted names takes longer than
    /// summing a small model's gradients.
    private let replicaParameters: [[Tensor]]

    /// - Parameter count: replicas (and so the most parts a step can use); default one per
    ///   thread of the pool (`BLASThreads.poolSize`, set by `TINYFORMER_NUM_THREADS`).
    /// - Throws: `ModuleError.invalidConfiguration` when `count` < 1.
    public init(_ model: Model, replicas count: Int = BLASThreads.poolSize) throws {
        guard count >= 1 else { throw ModuleError.invalidConfiguration("DataParallel: replicas must be ≥ 1, got \(count)") }
        self.model = model
        replicas = [model] + (1..<count).map { _ in model.replica() }
        replicaParameters = replicas.map(\.parameters)
    }

    /// Runs `body(replica, part)` for part in 0..<parts (1 ≤ parts ≤ `replicas.count`), each part
    /// on its own thread with its own replica, then sums the replicas' gradients into `model`'s
    /// and clears them. Returns the bodies' results in part order. With one part the body runs on
    /// the calling thread with the ops split over the pool, exactly as without `DataParallel`.
    /// - Throws: `ModuleError.invalidConfiguration` for a bad `parts`; otherwise the error of the
    ///   lowest failing part, after all parts have finished (the replicas' gradients are cleared
    ///   and the model's hold whatever part 0 accumulated).
    public func run<R>(parts: Int, _ body: (_ replica: Model, _ part: Int) throws -> R) throws -> [R] {
        guard parts >= 1, parts <= replicas.count else {
            throw ModuleError.invalidConfiguration("DataParallel.run: parts must be in 1...\(replicas.count), got \(parts)")
        }
        let replicas = self.replicas
        let results: [R]
        do {
            results = try Parallel.concurrentParts(parts) { part in try body(replicas[part], part) }
        } catch {
            for replica in replicas.dropFirst() { replica.zeroGrad() }
            throw error
        }
        Tensor.reduceReplicaGradients(into: replicaParameters[0], from: Array(replicaParameters[1..<parts]))
        return results
    }
}
