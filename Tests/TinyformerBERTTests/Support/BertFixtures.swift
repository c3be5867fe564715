// Shared by the BERT tests: the tiny transformers fixture, the MiniLM folder, small models.
import Foundation
import TinyformerBERT
import TinyformerIO
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport
import Testing

/// The tiny random BertForSequenceClassification of Scripts/make_bert_fixtures.py.
enum TinyBert {
    static let folder = packageRoot.appendingPathComponent("Fixtures/bert/tiny")

    static func expected() throws -> Fixture { try Fixture("bert/tiny_expected") }

    /// The fixture batch as model inputs, and its labels.
    static func batch(_ fixture: Fixture) throws -> (inputs: BertInputs, labels: [Int]) {
        let shape = try fixture.shape("input.input_ids")
        let inputs = try BertInputs(inputIDs: IntTensor(shape: shape, values: fixture.ints("input.input_ids")),
                                    tokenTypeIDs: IntTensor(shape: shape, values: fixture.ints("input.token_type_ids")),
                                    attentionMask: IntTensor(shape: shape, values: fixture.ints("input.attention_mask")))
        return (inputs, try fixture.ints("input.labels"))
    }

    /// The fixture's classifier with every weight loaded from its folder.
    static func classifier() throws -> BertClassifier {
        let folder = try BertFolder(Self.folder)
        let model = try folder.loadModel().model
        let classifier = try BertClassifier(bert: model, labels: folder.config.labels ?? [], pooling: .pooler)
        try classifier.loadHuggingFace(SafeTensorsFile(contentsOf: folder.weightsURL))
        return classifier
    }
}

/// all-MiniLM-L6-v2 in models/ (Scripts/fetch-minilm); tests that need it skip without it.
enum MiniLM {
    static let folder = packageRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
    static var isPresent: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) }
    static let skipMessage: Comment = "models/all-MiniLM-L6-v2 is missing: run Scripts/fetch-minilm (Scripts/test does)"
}

/// The error of type `E` that `body` throws, nil when it throws nothing or another type (an
/// Issue names what happened instead).
func caught<E: Error>(_ type: E.Type, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> E? {
    do {
        try body()
        Issue.record("expected a \(E.self), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as E {
        return error
    } catch {
        Issue.record("expected a \(E.self), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
