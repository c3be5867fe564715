import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import TinyformerNMT

@Suite struct TranslationToolTests {
    let model: Transformer

    init() throws { model = try Transformer(config: TransformerConfig(hiddenSize: 16, layers: 1, seed: 1)) }

    @Test func sentencesAreLoweredAndTranslatedWordByWord() throws {
        let result = try SentenceTranslator(model: model).translate("The  AIR")
        #expect(result.words.map(\.source) == ["the", "air"])
        #expect(result.text == result.words.map(\.output).joined(separator: " "))
    }

    @Test func charactersOutsideTheVocabularyAreNamed() {
        #expect {
            try SentenceTranslator(model: model).translate("don't panic 2day")
        } throws: { error in
            let text = "\(error)"
            return text.contains("'''") && text.contains("don't")
        }
    }

    @Test func attentionMapsAreWrittenAsOneWellFormedSVG() throws {
        let words = try SentenceTranslator(model: model).translate("the air").words
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("attention-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: url) }
        try AttentionChart.write(words, architecture: .encoderDecoder, to: url)
        let parser = XMLParser(contentsOf: url)!
        #expect(parser.parse())
        let svg = try String(contentsOf: url, encoding: .utf8)
        #expect(svg.contains("the →") && svg.contains("cross-attention"))
    }
}
