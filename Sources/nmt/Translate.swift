import ArgumentParser
import Foundation
import TinyformerNMT

struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translate English words or sentences (arguments, or lines from standard input).")

    @Option(help: "A run folder written by `nmt train`.") var checkpoint: String
    @Option(help: "Draw the attention maps of the translated words into this SVG file.") var attention: String?
    @Option(name: .customLong("max-length"), help: "Longest output per word, in characters (default 20, the course's).")
    var maxLength = Transformer.defaultMaxOutputLength
    @Argument(help: "Sentences to translate; none: read lines from standard input.") var sentences: [String] = []

    func run() throws {
        let model = try Transformer.load(runDirectory: URL(fileURLWithPath: checkpoint))
        var inputs = sentences
        if inputs.isEmpty {
            while let line = readLine() { inputs.append(line) }
        }
        var translations: [Translation] = []
        let translator = SentenceTranslator(model: model, maxOutputLength: maxLength)
        for sentence in inputs {
            let result = try translator.translate(sentence)
            translations += result.words
            print(result.text)
            for word in result.words where !word.endedWithEndOfSequence {
                FileHandle.standardError.write(Data("warning: '\(word.source)' was cut at --max-length \(maxLength) characters\n".utf8))
            }
        }
        if let attention {
            try AttentionChart.write(translations, architecture: model.config.architecture, vocabulary: model.vocabulary,
                                     to: URL(fileURLWithPath: attention))
            print("wrote \(attention)")
        }
    }
}
