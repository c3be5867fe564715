import Foundation
import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerTensor

@Suite struct TransformerInputValidationTests {
    let encoderDecoder: Transformer
    let decoderOnly: Transformer

    init() throws {
        encoderDecoder = try Transformer(config: TransformerConfig(hiddenSize: 8, layers: 1, maxLength: 24))
        decoderOnly = try Transformer(config: TransformerConfig(architecture: .decoderOnly, hiddenSize: 8, layers: 1, maxLength: 24))
    }

    @Test func charactersOutsideTheVocabularyAreNamed() throws {
        #expect(throws: VocabularyError.unknownCharacters(word: "naïve!", characters: ["ï", "!"],
                                                         vocabulary: "'-' and a–z; uppercase is lowered before encoding")) {
            try encoderDecoder.translate("naïve!")
        }
    }

    @Test func emptyWordsAndSourcesAreRejected() throws {
        #expect(throws: TransformerError.emptyInput("translate: empty word")) { try encoderDecoder.translate("") }
        #expect(throws: TransformerError.self) { try decoderOnly.greedyDecode(sources: [[]]) }
        #expect(throws: TransformerError.self) { try encoderDecoder.translate("sense", maxOutputLength: 0) }
    }

    @Test func wordsTooLongForThePositionalTableAreRejected() throws {
        // Encoder–decoder: 24 letters + EOS > 24; decoder-only: SOS + 4 + EOP + 19 fed > 24.
        #expect(throws: TransformerError.self) { try encoderDecoder.translate(String(repeating: "a", count: 24)) }
        #expect(try encoderDecoder.translate(String(repeating: "a", count: 23)).outputTokens.count <= 20)
        #expect(throws: TransformerError.self) { try decoderOnly.translate("abcd") }
        #expect(try decoderOnly.translate("abcd", maxOutputLength: 19).outputTokens.count <= 19)
    }

    @Test func callingTheOtherArchitecturesForwardThrows() throws {
        #expect(throws: TransformerError.wrongArchitecture(operation: "forward(tokens:…)", model: .encoderDecoder)) {
            try encoderDecoder.forward(tokens: [27, 1, 29], batch: 1, length: 3)
        }
        #expect(throws: TransformerError.self) {
            try decoderOnly.forward(encoderTokens: [1, 28], decoderTokens: [27, 1], batch: 1)
        }
        let inputs = try TransformerInputs(architecture: .decoderOnly, sources: [[1]], targets: [[1, 23, 1, 25]])
        #expect(throws: TransformerError.self) { try encoderDecoder.loss(inputs) }
    }

    @Test func tokenIdsOutsideTheVocabularyAreNamed() throws {
        #expect(throws: TransformerError.tokenOutOfRange(input: "decoderTokens", index: 1, token: 30, validUpperBound: 30)) {
            try encoderDecoder.forward(encoderTokens: [1, 28], decoderTokens: [27, 30], batch: 1)
        }
        #expect(throws: TransformerError.tokenOutOfRange(input: "targets", index: 0, token: -1, validUpperBound: 30)) {
            try encoderDecoder.loss(encoderTokens: [1, 28], decoderTokens: [27, 1], targets: [-1, 28], batch: 1)
        }
        #expect(throws: TransformerError.tokenOutOfRange(input: "sources[0]", index: 1, token: 27, validUpperBound: 27)) {
            try TransformerInputs(architecture: .encoderDecoder, sources: [[1, 27]], targets: [[1]])
        }
    }

    @Test func tokenCountsThatDoNotFitTheBatchAreRejected() throws {
        #expect(throws: TransformerError.self) { try encoderDecoder.forward(encoderTokens: [1, 2, 28], decoderTokens: [27, 1], batch: 2) }
        #expect(throws: TransformerError.self) { try encoderDecoder.forward(encoderTokens: [1, 28], decoderTokens: [27, 1], batch: 0) }
        #expect(throws: TransformerError.self) { try encoderDecoder.forward(encoderTokens: [], decoderTokens: [27, 1], batch: 1) }
        #expect(throws: TransformerError.self) { try decoderOnly.forward(tokens: [27, 1, 29, 1], batch: 1, length: 3) }
        #expect(throws: TransformerError.self) {
            try encoderDecoder.loss(encoderTokens: [1, 28], decoderTokens: [27, 1], targets: [1], batch: 1)
        }
        #expect(throws: TransformerError.self) {
            try decoderOnly.loss(tokens: [27, 1, 29, 1], targets: [1, 29, 1, 28], batch: 1, length: 4, lossWeights: [1])
        }
    }

    @Test func sequencesLongerThanMaxLengthAreRejected() throws {
        let tokens = [Int](repeating: 1, count: 25)
        #expect(throws: TransformerError.sequenceTooLong(input: "tokens", length: 25, maxLength: 24)) {
            try decoderOnly.forward(tokens: tokens, batch: 1, length: 25)
        }
    }

    @Test func raggedOrEmptyBatchesAreRejected() throws {
        #expect(throws: TransformerError.raggedBatch(input: "sources", lengths: [1, 2])) {
            try TransformerInputs(architecture: .encoderDecoder, sources: [[1], [1, 2]], targets: [[1], [2]])
        }
        #expect(throws: TransformerError.self) { try TransformerInputs(architecture: .decoderOnly, sources: [], targets: []) }
        #expect(throws: TransformerError.self) { try TransformerInputs(architecture: .decoderOnly, sources: [[1]], targets: []) }
    }

    @Test func decoderOnlyRowsWithoutEOPCannotBeMasked() throws {
        #expect(throws: TransformerError.self) { try Transformer.decoderOnlyLossWeights(tokens: [27, 1, 2, 3], batch: 1) }
        #expect(try Transformer.decoderOnlyLossWeights(tokens: [27, 1, 29, 3, 27, 2, 29, 4], batch: 2) == [0, 0, 1, 1, 0, 0, 1, 1])
    }

    @Test func weightsOfTheOtherArchitectureDoNotLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("encdec-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try encoderDecoder.save(to: url)
        #expect(throws: ModuleError.self) { try decoderOnly.load(contentsOf: url) }
        let wider = try Transformer(config: TransformerConfig(hiddenSize: 16, layers: 1))
        #expect(throws: ModuleError.self) { try wider.load(contentsOf: url) }
    }
}
