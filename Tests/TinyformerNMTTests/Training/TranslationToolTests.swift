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

@Suite struct InvalidWordTests {
    let translator: SentenceTranslator

    init() throws { translator = SentenceTranslator(model: try Transformer(config: TransformerConfig(hiddenSize: 16, layers: 1, seed: 1))) }

    @Test func aWordTooLongForTheModelIsNamedBeforeAnyWork() {
        #expect {
            try translator.translate("hi " + String(repeating: "a", count: 100))
        } throws: { error in
            guard case TransformerError.sequenceTooLong = error else { return false }
            return "\(error)".contains("'aaaa")
        }
    }

    @Test func skippingLeavesOutOnlyTheWordsThatCannotBeTranslated() throws {
        let result = try translator.translate("the wörld air " + String(repeating: "a", count: 100), skippingInvalidWords: true)
        #expect(result.words.map(\.source) == ["the", "air"])
        #expect(result.skipped.map(\.word) == ["wörld", String(repeating: "a", count: 100)])
        #expect(result.skipped[0].reason.contains("'ö'"))
        #expect(result.text == (try translator.translate("the air").text))
    }

    @Test func aSentenceOfOnlyInvalidWordsTranslatesToNothing() throws {
        let result = try translator.translate("wörld 2day", skippingInvalidWords: true)
        #expect(result.text.isEmpty && result.words.isEmpty && result.skipped.count == 2)
    }
}
