import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

/// A Pig Latin batch split over `Transformer` replicas gives the whole batch's loss and
/// gradients (`DataParallel.accumulateGradients(of:architecture:)`, what `Trainer` runs).
@Suite struct DataParallelTrainingTests {
    /// Five pairs of one (source, target) length: one batch, cut 3 + 2 or 2 + 2 + 1 over replicas.
    static func batch() throws -> PairBatch {
        let words = ["sense", "there", "which", "could", "would"]
        let pairs = try words.map { EncodedPair(source: try Vocabulary.pigLatin.encode($0), target: try Vocabulary.pigLatin.encode(PigLatin.translateWord($0))) }
        let batches = try LengthBatcher(pairs: pairs, batchSize: 8, order: .fixed).batches(epoch: 0)
        try #require(batches.count == 1 && batches[0].count == 5)
        return batches[0]
    }

    static func model(_ architecture: TransformerConfig.Architecture) throws -> Transformer {
        try Transformer(config: TransformerConfig(architecture: architecture, hiddenSize: 16, layers: 2, seed: 9))
    }

    @Test(arguments: TransformerConfig.Architecture.allCases, [2, 3])
    func splitBatchGivesTheWholeBatchLossAndGradients(_ architecture: TransformerConfig.Architecture, replicas: Int) throws {
        let batch = try Self.batch()
        let whole = try Self.model(architecture)
        let inputs = try TransformerInputs(architecture: architecture, sources: batch.sources, targets: batch.targets)
        let wholeLoss = try whole.loss(inputs)
        try wholeLoss.backward()

        let parallel = try DataParallel(try Self.model(architecture), replicas: replicas)
        let step = try parallel.accumulateGradients(of: batch, architecture: architecture)
        #expect(step.parts == replicas)
        #expect(step.positions == inputs.targets.count)
        assertClose([step.loss], [try wholeLoss.item()], atol: 1e-6, rtol: 1e-5, "\(architecture) loss")
        for ((name, parameter), expected) in zip(parallel.model.namedParameters, whole.parameters) {
            assertClose(parameter.grad?.scalars ?? [], expected.grad?.scalars ?? [], atol: 1e-6, rtol: 1e-4,
                        "\(architecture) gradient of \(name)")
        }
    }

    @Test func aBatchSmallerThanTheReplicasUsesOnePartPerPair() throws {
        let pairs = [EncodedPair(source: try Vocabulary.pigLatin.encode("it"), target: try Vocabulary.pigLatin.encode("itway"))]
        let batch = try LengthBatcher(pairs: pairs, batchSize: 4, order: .fixed).batches(epoch: 0)[0]
        let parallel = try DataParallel(try Self.model(.encoderDecoder), replicas: 2)
        #expect(try parallel.accumulateGradients(of: batch, architecture: .encoderDecoder).parts == 1)
    }

    @Test func aTransformerReplicaSharesParametersAndComputesTheSameLogits() throws {
        let model = try Self.model(.encoderDecoder)
        let replica = model.replica()
        #expect(replica.namedParameters.map(\.name) == model.namedParameters.map(\.name))
        #expect(zip(model.parameters, replica.parameters).allSatisfy { $0.data == $1.data && $0 !== $1 })
        let batch = try Self.batch()
        let inputs = try TransformerInputs(architecture: .encoderDecoder, sources: batch.sources, targets: batch.targets)
        #expect(try replica.forward(inputs).scalars == model.forward(inputs).scalars)
    }

    @Test func decoderOnlyScoresOnlyTheTargetAndItsEOS() throws {
        let batch = try Self.batch()  // 5 pairs, source 5, target 7 characters
        let inputs = try TransformerInputs(architecture: .decoderOnly, sources: batch.sources, targets: batch.targets)
        #expect(inputs.scoredPositions == 5 * (7 + 1))
        let encdec = try TransformerInputs(architecture: .encoderDecoder, sources: batch.sources, targets: batch.targets)
        #expect(encdec.scoredPositions == 5 * (7 + 1))
    }
}
