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
/// per-op hand-offs and the serial stretches of op-level parallelism (docs/PERFORMANCE.md).
///
/// The optimizer updates `model`'s parameters, which the replicas share. Before every `run` the
/// replicas take the model's training mode and frozen parameters, so `model.eval()` or
/// `model.freeze()` applies to all of them. Not thread-safe: one `run` at a time.
public final class DataParallel<Model: Module> {
    /// The model; its parameters receive the summed gradients.
    public let model: Model
    /// `model` followed by `count − 1` replicas sharing its parameters.
    public let replicas: [Model]
    /// `replicas[r].parameters`, listed once: building a model's dotted names takes longer than
    /// summing a small model's gradients.
    private let replicaParameters: [[Tensor]]

    /// - Parameter count: replicas (and so the most parts a step can use); default one per
    ///   thread of the pool (`WorkerPool.threadCount`, set by `TINYFORMER_NUM_THREADS`).
    /// - Throws: `ModuleError.invalidConfiguration` when `count` < 1; `.inconsistentMembers`
    ///   when a replica would share a parameter tensor (and so a gradient buffer) with the model.
    public init(_ model: Model, replicas count: Int = WorkerPool.threadCount) throws {
        guard count >= 1 else { throw ModuleError.invalidConfiguration("DataParallel: replicas must be ≥ 1, got \(count)") }
        self.model = model
        replicas = [model] + (1..<count).map { _ in model.replica() }
        replicaParameters = replicas.map(\.parameters)
        let modelTensors = Set(replicaParameters[0].map(ObjectIdentifier.init))
        for parameters in replicaParameters.dropFirst() {
            guard parameters.count == replicaParameters[0].count,
                  !parameters.contains(where: { modelTensors.contains(ObjectIdentifier($0)) }) else {
                throw ModuleError.inconsistentMembers("DataParallel: a replica of \(Model.self) shares a parameter tensor with the model")
            }
        }
        replicaModules = replicas.map { $0.namedModules.map(\.module) }
    }

    /// `replicas[r].namedModules`, listed once (their modes follow the model's).
    private let replicaModules: [[any Module]]

    /// Gives every replica the model's training modes and frozen parameters.
    private func synchronizeReplicas() {
        for r in 1..<replicas.count {
            for (module, original) in zip(replicaModules[r], replicaModules[0]) { module.isTraining = original.isTraining }
            for (parameter, original) in zip(replicaParameters[r], replicaParameters[0]) { parameter.requiresGrad = original.requiresGrad }
        }
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
        synchronizeReplicas()
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
