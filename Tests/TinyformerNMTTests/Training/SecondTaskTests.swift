// Sequence-to-sequence on data other than Pig Latin: reversing hexadecimal strings (digits and
// capitals, outside the course's vocabulary), trained the way `nmt train --data FILE` does.
import Foundation
import Testing
import TinyformerNMT
import TinyformerNN
import TinyformerRandom

@Suite struct SecondTaskTests {
    /// `count` lines "A3F9 9F3A" of 3–6 random hexadecimal characters and their reversal.
    static func reversalFile(count: Int, seed: UInt64) throws -> URL {
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("0123456789ABCDEF")
        var lines: [String] = []
        for _ in 0..<count {
            let length = 3 + Int(generator.next() % 4)
            let word = String((0..<length).map { _ in alphabet[Int(generator.next() % 16)] })
            lines.append("\(word) \(String(word.reversed()))")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reverse-\(UUID().uuidString).txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    @Test func theVocabularyIsBuiltFromTheDataAndStoredWithTheRun() throws {
        let data = try Self.reversalFile(count: 40, seed: 1)
        let directory = temporaryRunDirectory()
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: directory)
        }
        let model = TransformerConfig(hiddenSize: 16, layers: 1, seed: 1)
        try quietTrainer(TrainingConfig(model: model, data: data.path, batchSize: 16, epochs: 1), directory).run()
        let loaded = try Transformer.load(runDirectory: directory)
        #expect(loaded.vocabulary.characters == Array("0123456789ABCDEF"))
        #expect(!loaded.vocabulary.lowercasesInput)
        #expect(loaded.config.vocabularySize == 19)
        #expect(try TrainingConfig.load(runDirectory: directory).model.vocabularySize == 19)
        #expect(throws: VocabularyError.self) { try loaded.translate("abc") }  // lowercase is not in this vocabulary
    }

    @Test func aSmallModelLearnsToReverseStrings() throws {
        let data = try Self.reversalFile(count: 500, seed: 2)
        let directory = temporaryRunDirectory()
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: directory)
        }
        let model = TransformerConfig(hiddenSize: 32, layers: 2, heads: 2, preLayerNorm: true, seed: 2)
        let config = TrainingConfig(model: model, data: data.path, batchSize: 32, epochs: 24, learningRate: 3e-3,
                                    learningRateDecay: 1, seed: 2, gradientClipNorm: 1)
        let summary = try quietTrainer(config, directory).run()
        // Chance is 16^-4 or less per string; the kept model gets most held-out strings exactly right.
        #expect(summary.bestValidationWordAccuracy >= 0.5, "held-out exact reversals: \(summary.bestValidationWordAccuracy)")
        let trained = try Transformer.load(runDirectory: directory)
        let translated = try SentenceTranslator(model: trained).translate("C0FFEE 1234")
        #expect(translated.words.count == 2)
        #expect(translated.words.allSatisfy { $0.endedWithEndOfSequence })
    }

    @Test func aVocabularyFileFixesTheTokenIds() throws {
        let data = try Self.reversalFile(count: 40, seed: 3)
        let vocabularyURL = FileManager.default.temporaryDirectory.appendingPathComponent("vocabulary-\(UUID().uuidString).json")
        let directory = temporaryRunDirectory()
        defer {
            for url in [data, vocabularyURL, directory] { try? FileManager.default.removeItem(at: url) }
        }
        let vocabulary = try Vocabulary(characters: Array("FEDCBA9876543210xyz"))
        try JSONEncoder().encode(vocabulary).write(to: vocabularyURL)
        let config = TrainingConfig(model: TransformerConfig(hiddenSize: 16, layers: 1), data: data.path, batchSize: 16,
                                    epochs: 1, vocabularyFile: vocabularyURL.path)
        try quietTrainer(config, directory).run()
        #expect(try Transformer.load(runDirectory: directory).vocabulary == vocabulary)
    }

    @Test func dataThatLeavesNoValidationPairIsRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("one-\(UUID().uuidString).txt")
        try Data("abc cba\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let config = TrainingConfig(model: TransformerConfig(hiddenSize: 8, layers: 1), data: url.path, epochs: 1)
        #expect(throws: DataError.self) { try quietTrainer(config, temporaryRunDirectory()).run() }
    }
}
