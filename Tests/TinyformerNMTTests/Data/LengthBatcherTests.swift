import Testing
import TinyformerNMT

/// Length-grouped batches and their token arrays.
@Suite struct LengthBatcherTests {
    func small() throws -> PairDataset {
        try PairDataset.load("small", fixturesDirectory: SharedData.fixtures)
    }

    @Test("batches never mix lengths and hold at most batchSize pairs")
    func batchesNeverMixLengths() throws {
        let data = try small()
        let batcher = try LengthBatcher(dataset: data, batchSize: 64, order: .shuffled(seed: 1))
        for batch in batcher.batches(epoch: 0) {
            #expect(batch.count >= 1 && batch.count <= 64)
            #expect(batch.sources.allSatisfy { $0.count == batch.sourceLength })
            #expect(batch.targets.allSatisfy { $0.count == batch.targetLength })
            #expect(batch.indices.map { data.encoded[$0].source } == batch.sources)
        }
    }

    @Test("every epoch covers every pair exactly once", arguments: [LengthBatcher.Order.fixed, .shuffled(seed: 5)])
    func coversEveryPairOnce(order: LengthBatcher.Order) throws {
        let data = try small()
        let batcher = try LengthBatcher(dataset: data, batchSize: 64, order: order)
        for epoch in 0..<3 {
            let batches = batcher.batches(epoch: epoch)
            #expect(batches.count == batcher.batchCount)
            #expect(batches.flatMap(\.indices).sorted() == Array(0..<data.count))
        }
    }

    @Test("shuffling is reproducible: same seed and epoch, same batches; other epoch, other order")
    func shufflingIsReproducible() throws {
        let data = try small()
        let a = try LengthBatcher(dataset: data, batchSize: 32, order: .shuffled(seed: 9))
        let b = try LengthBatcher(dataset: data, batchSize: 32, order: .shuffled(seed: 9))
        #expect(a.batches(epoch: 3) == b.batches(epoch: 3))
        #expect(a.batches(epoch: 3) != a.batches(epoch: 4))
        let other = try LengthBatcher(dataset: data, batchSize: 32, order: .shuffled(seed: 10))
        #expect(a.batches(epoch: 3) != other.batches(epoch: 3))
    }

    @Test("the fixed order is the same every epoch: groups by first appearance, chunks in order")
    func fixedOrder() throws {
        let words = ["ab", "ed", "abc", "if", "od", "ump"]  // lengths (2,5) (2,5) (3,6) (2,5) (2,5) (3,6)
        let data = try PairDataset(pairs: words.map { TranslationPair(source: $0, target: PigLatin.translateWord($0)) })
        let batcher = try LengthBatcher(dataset: data, batchSize: 3, order: .fixed)
        let batches = batcher.batches(epoch: 0)
        #expect(batches.map(\.indices) == [[0, 1, 3], [4], [2, 5]])
        #expect(batcher.groups.map { [$0.sourceLength, $0.targetLength] } == [[2, 5], [3, 6]])
        #expect(batcher.batches(epoch: 7) == batches)
        #expect(throws: DataError.self) { try LengthBatcher(dataset: data, batchSize: 0, order: .fixed) }
    }

    /// One batch of "ab abway" and "ed edway" (S = 2, T = 5).
    func twoPairBatch() throws -> PairBatch {
        let data = try PairDataset(pairs: [
            TranslationPair(source: "ab", target: "abway"), TranslationPair(source: "ed", target: "edway"),
        ])
        let batches = try LengthBatcher(dataset: data, batchSize: 8, order: .fixed).batches(epoch: 0)
        #expect(batches.count == 1)
        return try #require(batches.first)
    }

    @Test("a batch's pairs laid out for the encoder–decoder are source+EOS, SOS+target and target+EOS, row-major")
    func encoderDecoderArrays() throws {
        let (sos, eos) = (Vocabulary.pigLatin.startOfSequence, Vocabulary.pigLatin.endOfSequence)
        let batch = try twoPairBatch()
        let e = try TransformerInputs(architecture: .encoderDecoder, sources: batch.sources, targets: batch.targets)
        #expect(e.batch == 2 && e.encoderLength == 3 && e.decoderLength == 6)
        #expect(e.encoderTokens == [1, 2, eos, 5, 4, eos])
        #expect(e.decoderTokens == [sos, 1, 2, 23, 1, 25, sos, 5, 4, 23, 1, 25])
        #expect(e.targets == [1, 2, 23, 1, 25, eos, 5, 4, 23, 1, 25, eos])
        #expect(e.lossWeights == nil)
    }

    @Test("decoder-only layout is SOS+source+EOP+target → source+EOP+target+EOS; the loss counts positions from EOP on")
    func decoderOnlyArrays() throws {
        let (sos, eos, eop) = (Vocabulary.pigLatin.startOfSequence, Vocabulary.pigLatin.endOfSequence, Vocabulary.pigLatin.endOfPrompt)
        let batch = try twoPairBatch()
        let d = try TransformerInputs(architecture: .decoderOnly, sources: batch.sources, targets: batch.targets)
        #expect(d.batch == 2 && d.decoderLength == 9 && d.encoderTokens.isEmpty)
        #expect(d.decoderTokens == [sos, 1, 2, eop, 1, 2, 23, 1, 25, sos, 5, 4, eop, 5, 4, 23, 1, 25])
        #expect(d.targets == [1, 2, eop, 1, 2, 23, 1, 25, eos, 5, 4, eop, 5, 4, 23, 1, 25, eos])
        let row: [Float] = [0, 0, 0, 1, 1, 1, 1, 1, 1]  // counted: input EOP or a target character
        #expect(d.lossWeights == row + row)
        #expect(d.scoredPositions == 12)
    }
}
