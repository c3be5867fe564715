import Foundation
import TinyformerCLIP

/// Section 4: CLIP caption → image scoring (`clip`), on a CLIP trained here on synthetic shapes
/// (no CLIP weights can be downloaded on these machines).
public struct CLIPSection: SectionPlan {
    public let id = "clip"
    public let title = "4 CLIP: choosing images for captions"
    public let questions: [(number: String, title: String)] = [
        ("4.1", "Scoring images for a caption"),
        ("4.2", "Finding a caption that selects a given image"),
    ]
    /// The caption ranked in 4.1: a held-out shape–colour combination, never in a training caption.
    static let caption = "a red circle"
    /// The image 4.2 searches a caption for.
    static let target = "heldout-00003.png"

    public init() {}

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        let quick = mode == .quick
        let model = "{out}/model", images = "{out}/images"
        return [
            ReproductionStep(name: "train", executable: "clip",
                             arguments: ["train", "--data", "synthetic", "--out", model, "--overwrite"] + (quick ? ["--quick"] : []),
                             estimatedSeconds: quick ? 60 : 680),
            ReproductionStep(name: "images", executable: "clip",
                             arguments: ["make-images", "--out", images, "--split", "heldout", "--count", quick ? "40" : "100",
                                         "--side", quick ? "32" : "64", "--seed", "1", "--overwrite"], estimatedSeconds: 2),
            ReproductionStep(name: "rank", executable: "clip",
                             arguments: ["rank", "--model", model, "--images", images, Self.caption, "--top", "8",
                                         "--html", "{out}/rank.html", "--svg", "{out}/rank.svg", "--json", "{out}/rank.json"],
                             estimatedSeconds: 3),
            ReproductionStep(name: "find-caption-greedy", executable: "clip",
                             arguments: ["find-caption", "--model", model, "--images", images, "--target", Self.target,
                                         "--beam", "1", "--json", "{out}/find_greedy.json"], estimatedSeconds: 3),
            ReproductionStep(name: "find-caption-beam", executable: "clip",
                             arguments: ["find-caption", "--model", model, "--images", images, "--target", Self.target,
                                         "--beam", "4", "--json", "{out}/find_beam.json"], estimatedSeconds: 5),
        ]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        let results = try context.read(ClipTrainingResults.self, folder.appendingPathComponent("model/results.json"))
        let records = try context.read([SyntheticImageRecord].self, folder.appendingPathComponent("images/captions.json"))
        let rank = try context.read(RankResult.self, folder.appendingPathComponent("rank.json"))
        let greedy = try context.read(CaptionSearch.Outcome.self, folder.appendingPathComponent("find_greedy.json"))
        let beam = try context.read(CaptionSearch.Outcome.self, folder.appendingPathComponent("find_beam.json"))
        return [try scoring(results, records, rank, folder: folder, context: context),
                searching(greedy: greedy, beam: beam, records: records, context: context)]
    }

    // MARK: - 4.1

    func scoring(_ results: ClipTrainingResults, _ records: [SyntheticImageRecord], _ rank: RankResult, folder: URL,
                 context: ReportContext) throws -> ReportQuestion {
        let e = results.evaluation
        let wanted = rank.caption.hasPrefix("a ") ? String(rank.caption.dropFirst(2)) : rank.caption
        let byName = Dictionary(records.map { ($0.file, $0) }, uniquingKeysWith: { a, _ in a })
        func matches(_ name: String) -> Bool { byName[name]?.scene.combinations.contains { $0.description == wanted } ?? false }
        let top = Array(rank.scores.prefix(8))
        let relevant = rank.scores.filter { matches($0.name) }.count
        let hits = top.filter { matches($0.name) }.count
        let shown = min(top.count, max(relevant, 1))
        let hitsAtRelevant = rank.scores.prefix(shown).filter { matches($0.name) }.count
        let p1 = Double(top.first?.probability ?? 0), p2 = Double(top.dropFirst().first?.probability ?? 0)
        let gap = Double((top.first?.cosine ?? 0) - (top.dropFirst().first?.cosine ?? 0))
        let accuracyRatio = e.heldoutZeroShotAccuracy / max(e.chanceAccuracy, 1e-9)

        var blocks: [ReportBlock] = [
            .paragraph("A CLIP scores an image for a caption by the cosine of their embeddings (each tower's output projected and L2-normalised). The course's selection rule turns the cosines of all candidate images into a distribution, **p(image i | caption) = softmax_i(s · cos(image_i, caption))** with s = exp(logit_scale), learned during training (here s = \(number(Double(rank.logitScale)))). The chosen image is the arg-max; the softmax only calibrates how sure the choice is."),
            context.quote("Sources/TinyformerCLIP/Scoring/ClipScorer.swift", "public func rankImages("),
            .paragraph("No CLIP weights can be downloaded on this machine, so the model is a CLIP trained here (\(results.parameters) parameters, \(results.steps) steps, \(number(results.seconds)) s) on procedural images of coloured shapes, with six shape–colour combinations (a diagonal of the 6 × 6 table, red circle included) held out of every training caption and image."),
            .table(header: ["measure (held-out combinations)", "result", "chance"], rows: [
                ["zero-shot shape × colour accuracy (\"a {}\" over 36 labels)", percent(e.heldoutZeroShotAccuracy), percent(e.chanceAccuracy)],
                ["same, combinations seen in training", percent(e.seenZeroShotAccuracy), percent(e.chanceAccuracy)],
                ["caption → image recall@1 over 100 candidates", percent(e.heldoutRecallAt1), percent(e.chanceRecall)],
                ["caption → image recall@5 over 100 candidates", percent(e.heldoutRecallAt5), percent(min(1, 5 * e.chanceRecall))],
            ]),
            .paragraph(accuracyRatio >= 5
                ? "The zero-shot accuracy on combinations the model never saw is \(number(accuracyRatio)) × chance: it composes colour and shape, each learned from other combinations, rather than memorising pairs."
                : "The zero-shot accuracy on unseen combinations is only \(number(accuracyRatio)) × chance: this model has not learned to compose colour and shape beyond the combinations it saw."),
            .paragraph(errorSentence(e)),
        ]
        blocks.append(try context.figure(folder.appendingPathComponent("rank.svg"),
                                         caption: "The \(top.count) best of \(rank.scores.count) held-out images for “\(rank.caption)”, with p and cos"))
        blocks.append(.table(header: ["rank", "image", "p", "cos", "its caption", "shows a \(wanted)"], rows: top.enumerated().map { i, s in
            [String(i + 1), s.name, String(format: "%.3f", s.probability), String(format: "%.3f", s.cosine),
             byName[s.name]?.caption ?? "?", matches(s.name) ? "yes" : "no"]
        }))
        let wantedParts = Set(wanted.split(separator: " ").map(String.init))
        let misses = rank.scores.prefix(shown).filter { !matches($0.name) }
        let related = misses.filter { s in
            byName[s.name]?.scene.combinations.contains { wantedParts.contains($0.color.rawValue) || wantedParts.contains($0.shape.rawValue) } ?? false
        }.count
        blocks.append(.paragraph("\(relevant) of the \(rank.scores.count) candidates show a \(wanted); \(hitsAtRelevant) of the first \(shown) ranked do (\(hits) of the top \(top.count)). "
            + (misses.isEmpty ? "Every image that shows one is ranked above every image that does not."
               : "\(related) of the \(misses.count) wrong image\(misses.count == 1 ? "" : "s") among the first \(shown) share\(misses.count == 1 ? "s" : "") the colour or the shape with the caption.")))
        blocks.append(.paragraph(p1 >= 0.5
            ? "The top image gets p = \(number(p1)) against \(number(p2)) for the second: with s = \(number(Double(rank.logitScale))), a cosine gap of \(number(gap)) is a factor exp(s·Δ) = \(number(exp(Double(rank.logitScale) * gap))) in probability, so the softmax is confident even when several images fit the caption."
            : "The top image gets only p = \(number(p1)) (second \(number(p2))): several images fit the caption about equally (cosine gap \(number(gap))), so the probability mass is shared among them — the softmax says how unambiguous the caption is, not only which image is best."))
        return ReportQuestion(number: "4.1", title: questions[0].title, blocks: blocks)
    }

    /// What the model gets wrong on the held-out zero-shot task, chosen by the counts.
    func errorSentence(_ e: ClipEvaluation) -> String {
        let wrong = e.wrongColourOnly + e.wrongShapeOnly + e.wrongBoth
        guard wrong > 0 else { return "It classified every held-out test image correctly." }
        let main = e.wrongShapeOnly > e.wrongColourOnly ? "the shape (colour right)" : e.wrongColourOnly > e.wrongShapeOnly ? "the colour (shape right)" : "colour and shape equally often"
        let confusions = e.topConfusions.prefix(3).joined(separator: "; ")
        return "Of its \(wrong) zero-shot mistakes, \(e.wrongShapeOnly) get only the shape wrong, \(e.wrongColourOnly) only the colour and \(e.wrongBoth) both: it mostly misreads \(main)." + (confusions.isEmpty ? "" : " Most frequent confusions: \(confusions).")
    }

    // MARK: - 4.2

    func searching(greedy: CaptionSearch.Outcome, beam: CaptionSearch.Outcome, records: [SyntheticImageRecord],
                   context: ReportContext) -> ReportQuestion {
        let truth = records.first { $0.file == Self.target }?.caption ?? "?"
        let words = SyntheticShapes.words.count
        func row(_ name: String, _ o: CaptionSearch.Outcome) -> [String] {
            let length = o.caption.split(separator: " ").count
            return [name, String(o.tries), o.selectsTarget ? "yes" : "no", "“\(o.caption)”", String(format: "%.3f", o.targetProbability), String(length)]
        }
        var blocks: [ReportBlock] = [
            .paragraph("The question asks for a caption that makes the model pick a given image. That is a search over word sequences, each scored by the selection rule of 4.1: `clip find-caption` starts from \"a\", appends every word of the captions' \(words)-word vocabulary to each caption on its beam, scores all of them at once, keeps the `beam` best by p(target | caption), and stops at the first round where a caption ranks the target first. Every caption scored is a try."),
            context.quote("Sources/TinyformerCLIP/Search/CaptionSearch.swift", "public func run("),
            .paragraph("Target \(Self.target) (its generating caption: “\(truth)”), among \(records.count) held-out images:"),
            .table(header: ["search", "tries", "selects the target", "caption", "p(target)", "words"],
                   rows: [row("greedy (beam 1)", greedy), row("beam 4", beam)]),
        ]
        let found = [greedy, beam].filter(\.selectsTarget)
        if let first = found.min(by: { $0.tries < $1.tries }) {
            let length = first.caption.split(separator: " ").count - 1
            let exhaustive = pow(Double(words), Double(length))
            blocks.append(.paragraph("The search found “\(first.caption)” after \(first.tries) tries; trying every caption of \(length) added word\(length == 1 ? "" : "s") would take \(number(exhaustive)). The found caption names the attributes that tell this image apart from the others, in the model's own terms, not necessarily the full description a person would write."))
        } else {
            blocks.append(.paragraph("Neither search found a caption that puts the target first within \(greedy.trace.count) and \(beam.trace.count) tries: the target is hard to single out among these candidates (another image shares its attributes), and the best caption reached p = \(number(Double(max(greedy.targetProbability, beam.targetProbability))))."))
        }
        if greedy.selectsTarget != beam.selectsTarget || greedy.tries != beam.tries {
            blocks.append(.paragraph(beam.selectsTarget && !greedy.selectsTarget
                ? "Greedy search committed to a word early and never recovered; the beam kept alternatives and succeeded, at \(number(Double(beam.tries) / Double(max(greedy.tries, 1)))) × the tries."
                : greedy.selectsTarget && beam.tries > greedy.tries
                ? "Greedy search was enough here; the beam paid \(number(Double(beam.tries) / Double(max(greedy.tries, 1)))) × the tries for the same outcome."
                : "The two searches differ in cost: \(greedy.tries) against \(beam.tries) tries."))
        }
        blocks.append(.paragraph("Answer: finding such a caption is a discrete optimisation of p(target | caption) over word sequences. The number of tries grows with the vocabulary size times the beam width per added word, instead of exponentially as exhaustive search would; it succeeds when some short combination of words is more specific to the target than to every other candidate."))
        return ReportQuestion(number: "4.2", title: questions[1].title, blocks: blocks)
    }

    private func percent(_ value: Double) -> String { String(format: "%.1f %%", 100 * value) }
}
