// The CLIP section's answers, built from a small fake result folder laid out as its steps write it.
import Foundation
import Testing
@testable import TinyformerCLIP
import TinyformerIO
@testable import TinyformerReport
import TinyformerTestSupport

@Suite struct CLIPSectionTests {
    /// A result folder: model/results.json, images/ (6 held-out images and captions.json),
    /// rank.json, rank.svg, find_greedy.json, find_beam.json.
    static func folder(accuracy: Double, wrong: (colour: Int, shape: Int), beamFinds: Bool) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("clip-section-\(UUID().uuidString)")
        let records = try SyntheticShapes(side: 32, seed: 1).writeImages(.heldOut, count: 6, to: root.appendingPathComponent("images"))
        let evaluation = ClipEvaluation(heldoutZeroShotAccuracy: accuracy, seenZeroShotAccuracy: 0.97, heldoutRecallAt1: 0.62,
                                        heldoutRecallAt5: 0.9, chanceAccuracy: 1.0 / 36, chanceRecall: 0.01, wrongColourOnly: wrong.colour,
                                        wrongShapeOnly: wrong.shape, wrongBoth: 1, topConfusions: ["red circle → red diamond (4)"],
                                        retrievalMisses: [])
        let results = ClipTrainingResults(heldoutZeroShotAccuracy: accuracy, heldoutRecallAt1: 0.62, chanceAccuracy: 1.0 / 36, seconds: 61,
                                          evaluation: evaluation, steps: 400, parameters: 123_456, finalTrainLoss: 0.4, logitScale: 3.2,
                                          config: .quick)
        try JSONFile.write(results, to: root.appendingPathComponent("model/results.json"))
        let scores = records.enumerated().map { i, r in
            ImageScore(index: i, name: r.file, cosine: 0.5 - 0.05 * Float(i), logit: 12 - Float(i), probability: i == 0 ? 0.7 : 0.06)
        }
        try JSONFile.write(RankResult(caption: "a red circle", logitScale: 24.5, scores: scores), to: root.appendingPathComponent("rank.json"))
        try AtomicFile.write("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", to: root.appendingPathComponent("rank.svg"))
        let attempt = CaptionSearch.Attempt(caption: "a red", targetProbability: 0.2, targetRank: 2, topImage: records[0].file)
        let greedy = CaptionSearch.Outcome(caption: "a red", selectsTarget: false, targetProbability: 0.2, tries: 60, trace: Array(repeating: attempt, count: 60))
        let beam = CaptionSearch.Outcome(caption: beamFinds ? "a large red star" : "a red", selectsTarget: beamFinds, targetProbability: beamFinds ? 0.8 : 0.3,
                                         tries: 180, trace: Array(repeating: attempt, count: 180))
        try JSONFile.write(greedy, to: root.appendingPathComponent("find_greedy.json"))
        try JSONFile.write(beam, to: root.appendingPathComponent("find_beam.json"))
        return root
    }

    static func text(_ answers: [ReportQuestion]) -> String {
        answers.flatMap(\.blocks).compactMap { block -> String? in
            switch block {
            case let .paragraph(p): return p
            case let .table(header, rows): return ([header] + rows).map { $0.joined(separator: " | ") }.joined(separator: "\n")
            case let .list(items): return items.joined(separator: "\n")
            default: return nil
            }
        }.joined(separator: "\n")
    }

    static func answers(_ folder: URL) throws -> [ReportQuestion] {
        try CLIPSection().answers(folder: folder, mode: .quick, context: ReportContext(root: packageRoot, out: folder))
    }

    @Test func theAnswersReportAccuracyAndRecallAgainstChance() throws {
        let folder = try Self.folder(accuracy: 0.95, wrong: (1, 3), beamFinds: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let answers = try Self.answers(folder)
        #expect(answers.map(\.number) == ["4.1", "4.2"])
        let text = Self.text(answers)
        #expect(text.contains("95.0 %") && text.contains("2.8 %") && text.contains("62.0 %") && text.contains("1.0 %"))
        #expect(text.contains("34.2 × chance: it composes colour and shape"))
    }

    @Test func aLowAccuracyIsNotCalledComposition() throws {
        let folder = try Self.folder(accuracy: 0.05, wrong: (1, 3), beamFinds: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = Self.text(try Self.answers(folder))
        #expect(text.contains("has not learned to compose"))
        #expect(!text.contains("it composes"))
    }

    @Test func theMainErrorKindFollowsTheCounts() throws {
        let shape = CLIPSection().errorSentence(ClipEvaluation(heldoutZeroShotAccuracy: 0.9, seenZeroShotAccuracy: 1, heldoutRecallAt1: 1,
                                                               heldoutRecallAt5: 1, chanceAccuracy: 0.03, chanceRecall: 0.01, wrongColourOnly: 1,
                                                               wrongShapeOnly: 5, wrongBoth: 0, topConfusions: [], retrievalMisses: []))
        #expect(shape.contains("misreads the shape"))
        let colour = CLIPSection().errorSentence(ClipEvaluation(heldoutZeroShotAccuracy: 0.9, seenZeroShotAccuracy: 1, heldoutRecallAt1: 1,
                                                                heldoutRecallAt5: 1, chanceAccuracy: 0.03, chanceRecall: 0.01, wrongColourOnly: 5,
                                                                wrongShapeOnly: 1, wrongBoth: 0, topConfusions: [], retrievalMisses: []))
        #expect(colour.contains("misreads the colour"))
    }

    @Test func theSearchAnswerSaysWhichSearchFoundTheCaption() throws {
        let found = try Self.folder(accuracy: 0.95, wrong: (1, 3), beamFinds: true)
        defer { try? FileManager.default.removeItem(at: found) }
        let text = Self.text(try Self.answers(found))
        #expect(text.contains("found “a large red star” after 180 tries"))
        #expect(text.contains("the beam kept alternatives and succeeded, at 3 × the tries"))
        let none = try Self.folder(accuracy: 0.95, wrong: (1, 3), beamFinds: false)
        defer { try? FileManager.default.removeItem(at: none) }
        #expect(Self.text(try Self.answers(none)).contains("Neither search found a caption"))
    }

    @Test func theRankTableMarksWhichImagesShowTheCaption() throws {
        let folder = try Self.folder(accuracy: 0.95, wrong: (1, 3), beamFinds: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let records = try JSONFile.read([SyntheticImageRecord].self, from: folder.appendingPathComponent("images/captions.json"))
        let expected = records.filter { $0.scene.combinations.contains(ShapeCombination(color: .red, shape: .circle)) }.count
        #expect(Self.text(try Self.answers(folder)).contains("\(expected) of the 6 candidates show a red circle"))
    }

    @Test func quickTrainsTheQuickConfigurationAndFullTheIssues() {
        let quick = CLIPSection().steps(mode: .quick), full = CLIPSection().steps(mode: .full)
        #expect(quick.map(\.name) == ["train", "images", "rank", "find-caption-greedy", "find-caption-beam"])
        #expect(quick[0].arguments.contains("--quick") && !full[0].arguments.contains("--quick"))
        #expect(quick.allSatisfy { $0.executable == "clip" })
    }
}
