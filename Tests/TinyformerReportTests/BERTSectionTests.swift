// The BERT section's answers, built from a small fake result folder: numbers, tables and the
// sentences the numbers choose.
import Foundation
import Testing
@testable import TinyformerReport
import TinyformerTestSupport

@Suite struct BERTSectionTests {
    /// A result folder as `bert compare`, `bert evaluate` and `bert predict` leave it, with the
    /// given test accuracies (fine-tuned, frozen, random-init, math-, prose-pretrained).
    static func fakeResults(_ accuracies: [Double]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bert-section-\(UUID().uuidString)")
        let compare = folder.appendingPathComponent("compare")
        try FileManager.default.createDirectory(at: compare, withIntermediateDirectories: true)
        let names = [("MiniLM fine-tuned", "minilm-finetune", 22_714_371), ("MiniLM frozen", "minilm-frozen", 1155),
                     ("MiniLM random-init", "minilm-random-init", 22_714_371), ("math-pretrained mini", "math-finetune", 11_000_000),
                     ("prose-pretrained mini", "prose-finetune", 11_000_000)]
        let models = zip(names, accuracies).map { model, accuracy in
            """
            {"name": "\(model.0)", "folder": "\(model.1)", "testAccuracy": \(accuracy), "confusion": [[30, 5, 3], [1, 2, 1], [2, 0, 116]],
             "bestEpoch": 3, "validationAccuracy": [0.5, 0.8, \(accuracy)], "secondsPerEpoch": 1.5, "trainedParameters": \(model.2)}
            """
        }
        let example = #"{"text": "seven minus eight", "label": "negative", "predictions": ["positive", "positive", "zero", "positive", "positive"]}"#
        let results = #"{"models": [\#(models.joined(separator: ","))], "disagreements": [\#(example)], "allWrong": [\#(example)]}"#
        try Data(results.utf8).write(to: compare.appendingPathComponent("results.json"))
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>".utf8).write(to: compare.appendingPathComponent("val_accuracy.svg"))
        try Data(#"{"accuracy": 0.9375, "confusion": [[30, 5, 3], [1, 2, 1], [2, 0, 116]]}"#.utf8)
            .write(to: folder.appendingPathComponent("evaluate.json"))
        try Data(#"[{"text": "eight minus ten", "label": null, "predicted": 0, "probabilities": [0.9, 0.05, 0.05]}]"#.utf8)
            .write(to: folder.appendingPathComponent("predict.json"))
        return folder
    }

    static func text(_ answers: [ReportQuestion], _ number: String) -> String {
        answers.first { $0.number == number }.map { question in
            question.blocks.compactMap { block -> String? in
                switch block {
                case let .paragraph(p): return p
                case let .table(header, rows): return (header + rows.joined()).joined(separator: " | ")
                default: return nil
                }
            }.joined(separator: "\n")
        } ?? ""
    }

    static func answers(_ accuracies: [Double], mode: ReproductionMode = .full) throws -> [ReportQuestion] {
        let folder = try fakeResults(accuracies)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try BERTSection().answers(folder: folder, mode: mode, context: ReportContext(root: packageRoot, out: folder))
    }

    @Test func everyQuestionIsAnsweredFromTheResultFiles() throws {
        let answers = try Self.answers([0.9375, 0.6, 0.35, 0.8, 0.7])
        #expect(answers.map(\.number) == ["3.1", "3.2", "3.3", "3.4", "3.5"])
        #expect(Self.text(answers, "3.2").contains("**0.938**") && Self.text(answers, "3.2").contains("meets the target"))
        #expect(Self.text(answers, "3.2").contains("negative taken for zero (5 of"))
        #expect(Self.text(answers, "3.2").contains("eight minus ten | negative | 0.900"))
        #expect(Self.text(answers, "3.5").contains("seven minus eight | negative | positive"))
    }

    @Test func theCodeAnswerQuotesTheClassifiersForwardPass() throws {
        let answers = try Self.answers([0.9375, 0.6, 0.35, 0.8, 0.7])
        let quotes = answers[0].blocks.compactMap { block -> SourceQuote? in if case let .code(q) = block { q } else { nil } }
        #expect(quotes.count == 2)
        #expect(quotes.first?.text.contains("public func logits(_ inputs: BertInputs)") == true)
    }

    @Test func theFrozenAndRandomSentencesFollowTheGaps() throws {
        let apart = Self.text(try Self.answers([0.9375, 0.8125, 0.76, 0.8, 0.7]), "3.3")
        #expect(apart.contains("12.5 points below fine-tuning") && !apart.contains("no better than"))
        let close = Self.text(try Self.answers([0.9375, 0.93, 0.92, 0.8, 0.7]), "3.3")
        #expect(close.contains("about as accurate as fine-tuning"))
    }

    @Test func aModelAtTheMajorityClassIsCalledThat() throws {
        // The fake test set holds 118 positive expressions of 160: always "positive" scores 0.7375.
        let text = Self.text(try Self.answers([0.9375, 0.7375, 0.7375, 0.7375, 0.7375]), "3.3")
        #expect(text.contains("no better than always answering positive (0.738 of the test set)"))
        let pretraining = Self.text(try Self.answers([0.9375, 0.7375, 0.7375, 0.7375, 0.7375]), "3.4")
        #expect(pretraining.contains("Neither miniature beats always answering positive") && !pretraining.contains("Both stay"))
    }

    @Test func thePretrainingVerdictFollowsWhichMiniatureWins() throws {
        #expect(Self.text(try Self.answers([0.94, 0.6, 0.35, 0.8, 0.7]), "3.4").contains("arithmetic-pretrained miniature is 10 points better"))
        #expect(Self.text(try Self.answers([0.94, 0.6, 0.35, 0.7, 0.8]), "3.4").contains("prose-pretrained miniature is 10 points better"))
        #expect(Self.text(try Self.answers([0.94, 0.6, 0.35, 0.75, 0.76]), "3.4").contains("no measurable difference"))
    }

    @Test func theQuickModeDoesNotClaimTheTarget() throws {
        let text = Self.text(try Self.answers([0.9375, 0.6, 0.35, 0.8, 0.7], mode: .quick), "3.2")
        #expect(text.contains("quick mode") && !text.contains("target"))
    }

    @Test func aMissingResultNamesTheFile() throws {
        let folder = try Self.fakeResults([0.9, 0.6, 0.35, 0.8, 0.7])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("evaluate.json"))
        #expect {
            _ = try BERTSection().answers(folder: folder, mode: .full, context: ReportContext(root: packageRoot, out: folder))
        } throws: { "\($0)".contains("evaluate.json") }
    }
}
