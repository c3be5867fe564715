import Testing
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

/// `DataParallel` and `Replicable`: replicas share parameter values, keep their own gradients,
/// and a batch split over them gives the whole batch's gradients.
@Suite struct DataParallelTests {
    // Shape letters: B batch, T positions, V vocabulary (TinyNetwork: V = 11, T ≤ 6).
    static let batch = 4, length = 6
    static let tokens = (0..<24).map { ($0 * 7 + 3) % 11 }  // (B·T)
    static let targets = (0..<24).map { ($0 * 5 + 1) % 11 }  // (B·T)

    /// Mean cross-entropy of rows `rows` of the fixed batch.
    static func loss(_ network: TinyNetwork, rows: Range<Int>) throws -> Tensor {
        let range = (rows.lowerBound * length)..<(rows.upperBound * length)
        let logits = try network(tokens: Array(tokens[range]), batch: rows.count, length: length, keyPadding: nil)  // (b, T, V)
        return try logits.crossEntropy(targets: Array(targets[range]))
    }

    static func gradients(_ network: TinyNetwork) -> [[Float]] {
        network.parameters.map { $0.grad?.scalars ?? [] }
    }

    @Test func replicaSharesParameterValuesButNotGradients() throws {
        let network = try TinyNetwork(seed: 1)
        let replica = network.replica()
        #expect(replica.namedParameters.map(\.name) == network.namedParameters.map(\.name))
        for (original, copy) in zip(network.parameters, replica.parameters) {
            #expect(original !== copy)
            #expect(original.data == copy.data, "a replica parameter must share the original's storage")
            #expect(copy.requiresGrad)
        }
        try Self.loss(replica, rows: 0..<2).backward()
        #expect(network.parameters.allSatisfy { $0.grad == nil }, "the replica's backward reached the original's gradients")
        #expect(replica.parameters.allSatisfy { $0.grad != nil })
    }

    @Test func batchSplitOverReplicasGivesTheWholeBatchGradients() throws {
        let whole = try TinyNetwork(seed: 2)
        let wholeLoss = try Self.loss(whole, rows: 0..<Self.batch)
        try wholeLoss.backward()

        let parallel = try DataParallel(try TinyNetwork(seed: 2), replicas: 2)
        let losses = try parallel.run(parts: 2) { replica, part in
            let loss = try Self.loss(replica, rows: (part * 2)..<(part * 2 + 2))
            try loss.backward(gradient: Tensor(0.5))  // each half holds half the positions
            return try loss.item() * 0.5
        }
        assertClose([losses.reduce(0, +)], [try wholeLoss.item()], atol: 1e-6, rtol: 1e-6, "loss")
        for ((name, parameter), expected) in zip(parallel.model.namedParameters, Self.gradients(whole)) {
            assertClose(parameter.grad?.scalars ?? [], expected, atol: 1e-6, rtol: 1e-5, "gradient of \(name)")
        }
        #expect(parallel.replicas[1].parameters.allSatisfy { $0.grad == nil }, "replica gradients must be cleared after the sum")
    }

    @Test func aStepIsBitReproducible() throws {
        func gradients() throws -> [[Float]] {
            let parallel = try DataParallel(try TinyNetwork(seed: 3), replicas: 2)
            _ = try parallel.run(parts: 2) { replica, part in
                try Self.loss(replica, rows: (part * 2)..<(part * 2 + 2)).backward()
            }
            return Self.gradients(parallel.model)
        }
        let first = try gradients()
        for _ in 0..<3 { #expect(try gradients() == first) }
    }

    @Test func onePartRunsExactlyAsWithoutDataParallel() throws {
        let plain = try TinyNetwork(seed: 4)
        try Self.loss(plain, rows: 0..<Self.batch).backward()
        let parallel = try DataParallel(try TinyNetwork(seed: 4), replicas: 2)
        _ = try parallel.run(parts: 1) { replica, _ in try Self.loss(replica, rows: 0..<Self.batch).backward() }
        #expect(Self.gradients(parallel.model) == Self.gradients(plain))
    }

    @Test func aParameterWithoutGradientTakesTheReplicasGradient() throws {
        let reference = try TinyNetwork(seed: 5)
        try Self.loss(reference, rows: 2..<4).backward()
        let parallel = try DataParallel(try TinyNetwork(seed: 5), replicas: 2)
        _ = try parallel.run(parts: 2) { replica, part in
            if part == 1 { try Self.loss(replica, rows: 2..<4).backward() }  // part 0 leaves the model's gradients empty
        }
        #expect(Self.gradients(parallel.model) == Self.gradients(reference))
    }

    @Test func optimizerUpdatesReachEveryReplica() throws {
        let parallel = try DataParallel(try TinyNetwork(seed: 6), replicas: 3)
        let optimizer = try Adam(parameters: parallel.model.parameters, learningRate: 0.1)
        _ = try parallel.run(parts: 3) { replica, part in
            try Self.loss(replica, rows: part..<(part + 1)).backward()
        }
        optimizer.step()
        let logits = try parallel.replicas.map { try $0(tokens: Self.tokens, batch: Self.batch, length: Self.length, keyPadding: nil).scalars }
        #expect(logits[1] == logits[0] && logits[2] == logits[0])
    }

    @Test func aFailingPartIsRethrownAndReplicaGradientsCleared() throws {
        struct PartFailed: Error, Equatable { let part: Int }
        let parallel = try DataParallel(try TinyNetwork(seed: 7), replicas: 3)
        #expect(throws: PartFailed(part: 1)) {
            _ = try parallel.run(parts: 3) { replica, part in
                try Self.loss(replica, rows: part..<(part + 1)).backward()
                if part >= 1 { throw PartFailed(part: part) }
            }
        }
        #expect(parallel.replicas.dropFirst().allSatisfy { $0.parameters.allSatisfy { $0.grad == nil } })
    }

    @Test func invalidReplicaAndPartCountsThrow() throws {
        #expect(throws: ModuleError.self) { _ = try DataParallel(try TinyNetwork(seed: 8), replicas: 0) }
        let parallel = try DataParallel(try TinyNetwork(seed: 8), replicas: 2)
        #expect(throws: ModuleError.self) { _ = try parallel.run(parts: 3) { _, _ in } }
        #expect(throws: ModuleError.self) { _ = try parallel.run(parts: 0) { _, _ in } }
    }
}
