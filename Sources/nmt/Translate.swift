import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerNMT

/// Translates sentences given as arguments or, without any, each line of standard input as it
/// arrives (memory stays bounded however long the input is). A word that cannot be translated
/// is an error naming its line (or argument) — or, with --skip-invalid, a warning, and the rest
/// of the input is still translated. Output lines match input lines one to one.
struct Translate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Translate English words or sentences (arguments, or lines from standard input).")

    @Option(help: "A run folder written by `nmt train`.") var checkpoint: String
    @Option(help: "Draw the attention maps of the translated words into this SVG file (checked before translating).")
    var attention: String?
    @Option(name: .customLong("max-length"), help: "Longest output per word, in characters (default 20, the course's).")
    var maxLength = Transformer.defaultMaxOutputLength
    @Flag(name: .customLong("skip-invalid"),
          help: "Leave out words that cannot be translated (characters outside the vocabulary, too long), with a warning naming their line, and go on.")
    var skipInvalid = false
    @Argument(help: "Sentences to translate; none: read lines from standard input.") var sentences: [String] = []

    func run() throws {
        let folder = try PathFlag.inputFolder(checkpoint, flag: "--checkpoint")
        let attentionURL = try attention.map { try PathFlag.outputFile($0, flag: "--attention") }
        let model = try Transformer.load(runDirectory: folder)
        guard (1...model.config.maxLength).contains(maxLength) else {
            throw CLIError.usage("--max-length \(maxLength): expected 1…\(model.config.maxLength) (this model's maxLength)")
        }
        let translator = SentenceTranslator(model: model, maxOutputLength: maxLength)
        var translations: [Translation] = []
        var number = 0
        let label = sentences.isEmpty ? "line" : "argument"
        var arguments = sentences.makeIterator()
        while let sentence = sentences.isEmpty ? readLine() : arguments.next() {
            number += 1
            let result: (text: String, words: [Translation], skipped: [SentenceTranslator.SkippedWord])
            do {
                result = try translator.translate(sentence, skippingInvalidWords: skipInvalid)
            } catch {
                throw CLIError.failure("\(label) \(number): \(error) (pass --skip-invalid to leave such words out and go on)")
            }
            for skipped in result.skipped { Console.warning("\(label) \(number): skipped '\(skipped.word)': \(skipped.reason)") }
            if attentionURL != nil { translations += result.words }
            Console.output(result.text)
            for word in result.words where !word.endedWithEndOfSequence {
                Console.warning("\(label) \(number): '\(word.source)' was cut at --max-length \(maxLength) characters")
            }
        }
        if let attentionURL {
            try AttentionChart.write(translations, architecture: model.config.architecture, vocabulary: model.vocabulary, to: attentionURL)
            Console.progress("wrote \(attentionURL.path)")
        }
    }
}
