// The getting-started article (Sources/Tinyformer/Tinyformer.docc/GettingStarted.md) shows the
// function between the markers below; these tests compile it, run it, and keep the article's
// copy equal to it.
import Foundation
import Testing
import Tinyformer
import TinyformerTestSupport

// article:begin
/// Trains a transformer to reverse strings of digits; returns its translation of "12345".
func trainDigitReverser() throws -> String {
    // Data: "source target" pairs; the vocabulary is built from their characters.
    var random = SeededGenerator(seed: 0)
    let pairs = (0..<600).map { _ in
        let digits = String((0..<5).map { _ in Character(String(random.next() % 10)) })
        return TranslationPair(source: digits, target: String(digits.reversed()))
    }
    let data = try PairDataset(pairs: pairs, vocabulary: nil)
    let (train, validation) = try data.split(seed: 0)

    // Model: an encoder–decoder with two pre-LN blocks per stack, and Adam.
    let config = TransformerConfig(vocabularySize: data.vocabulary.size, hiddenSize: 32, layers: 2, heads: 2, preLayerNorm: true)
    let model = try Transformer(config: config, vocabulary: data.vocabulary)
    let optimizer = try Adam(parameters: model.parameters, learningRate: 3e-3)

    // Training: the library's loop over batches of equal lengths, validation loss each epoch.
    func inputs(_ sources: [[Int]], _ targets: [[Int]]) throws -> TransformerInputs {
        try TransformerInputs(architecture: .encoderDecoder, sources: sources, targets: targets, vocabulary: data.vocabulary)
    }
    let batcher = try LengthBatcher(dataset: train, batchSize: 32, order: .shuffled(seed: 0))
    let loop = TrainingLoop<Transformer, PairBatch>(model: model, optimizer: optimizer, length: .epochs(20),
                                                    metrics: [MetricColumn("val_loss")])
    loop.batches = { epoch in batcher.batches(epoch: epoch) }
    loop.step = { batch in
        let loss = try model.loss(try inputs(batch.sources, batch.targets))
        try loss.backward()
        return StepResult(loss: try loss.item(), tokens: batch.count * (batch.targetLength + 1))
    }
    loop.evaluate = { _ in
        let loss = try model.loss(try inputs(validation.encoded.map(\.source), validation.encoded.map(\.target)))
        return ["val_loss": Double(try loss.item())]
    }
    try loop.run()
    return try model.translate("12345").output
}
// article:end

@Suite struct GettingStartedTests {
    @Test func theArticlesThirtyLineProgramLearnsToReverseDigits() throws {
        #expect(try trainDigitReverser() == "54321")
    }

    @Test func theArticleShowsExactlyTheTestedCode() throws {
        let test = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let article = try String(contentsOf: packageRoot.appendingPathComponent("Sources/Tinyformer/Tinyformer.docc/GettingStarted.md"),
                                 encoding: .utf8)
        let tested = try #require(test.components(separatedBy: "// article:begin\n").dropFirst().first?
            .components(separatedBy: "// article:end").first)
        let shown = try #require(article.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(shown == "import Tinyformer\n\n" + tested, "the article's code block differs from the tested function")
        #expect(tested.split(separator: "\n").count <= 40)
    }
}
