import Foundation
import TinyformerIO
import TinyformerTensor

/// How well a CLIP trained on the synthetic shapes does on scenes it never saw:
///
/// - zero-shot shape × colour classification of lone objects (labels: every combination, prompt
///   "a {}"), on the held-out combinations and, for comparison, on seen ones;
/// - zero-shot shape classification of the same held-out images over the six shape words alone
///   ("a triangle"): whether the image tower represents a shape apart from the colour it was
///   trained with (a tower that learned colour-specific shapes scores below chance here);
/// - caption → image retrieval among pools of 100 held-out scenes with distinct full captions:
///   recall@1 is the fraction of captions whose own image ranks first (recall@5: among the first
///   five; a tie with another image counts against).
public struct ClipEvaluation: Codable, Sendable, Equatable {
    public var heldoutZeroShotAccuracy: Double
    public var seenZeroShotAccuracy: Double
    public var heldoutRecallAt1: Double
    public var heldoutRecallAt5: Double
    /// 1 / the number of zero-shot labels.
    public var chanceAccuracy: Double
    /// 1 / the pool size.
    public var chanceRecall: Double
    /// Zero-shot accuracy over the six shape words ("a {}") on the held-out images (nil in results
    /// written before it was measured).
    public var heldoutShapeOnlyAccuracy: Double?
    /// Held-out zero-shot mistakes: colour wrong (shape right), shape wrong (colour right), both.
    public var wrongColourOnly: Int
    public var wrongShapeOnly: Int
    public var wrongBoth: Int
    /// The most frequent held-out zero-shot confusions, "true → predicted: count".
    public var topConfusions: [String]
    /// Held-out retrieval captions whose image lost (the first few), with the caption of the
    /// image chosen instead.
    public var retrievalMisses: [String]

    /// Images per retrieval pool.
    public static let poolSize = 100
    /// The zero-shot prompt template for the synthetic model.
    public static let template = "a {}"

    /// Retrieval pool `number`: 100 held-out scenes with distinct full captions (a caption shared
    /// by two images could not single one out).
    public static func pool(_ shapes: SyntheticShapes, number: Int) -> [SyntheticScene] {
        var scenes: [SyntheticScene] = [], captions = Set<String>()
        var index = 2_000_000 + number * 10 * poolSize
        while scenes.count < poolSize {
            let scene = shapes.scene(.heldOut, index: index, fullCaption: true)
            if captions.insert(scene.fullCaption).inserted { scenes.append(scene) }
            index += 1
        }
        return scenes
    }

    /// Evaluates `scorer` on `shapes` (evaluation scenes use indices far from anything trained on;
    /// held-out scenes are never trained on at all).
    public static func run(_ scorer: ClipScorer, shapes: SyntheticShapes, imagesPerCombination: Int, pools: Int) throws -> ClipEvaluation {
        let labels = ShapeCombination.all
        let labelEmbeddings = try scorer.embed(labels: labels.map(\.description), templates: [template])  // (36, P)
        let shapeEmbeddings = try scorer.embed(labels: ShapeKind.allCases.map(\.rawValue), templates: [template])  // (6, P)
        typealias ZeroShot = (accuracy: Double, mistakes: [(ShapeCombination, ShapeCombination)], shapeOnlyAccuracy: Double)
        func zeroShot(_ combinations: [ShapeCombination], offset: Int) throws -> ZeroShot {
            let scenes = combinations.flatMap { c in (0..<imagesPerCombination).map { (c, shapes.singleObjectScene(c, index: offset + $0)) } }
            let images = try scorer.embed(images: try parallelMap(scenes) { try shapes.image($0.1) })  // (n, P)
            let guesses = try scorer.cosines(images: images, texts: labelEmbeddings).argmax(axis: 1)  // (n) of 36
            let shapeGuesses = try scorer.cosines(images: images, texts: shapeEmbeddings).argmax(axis: 1)  // (n) of 6
            let mistakes = zip(scenes, guesses).filter { labels[$1] != $0.0 }.map { ($0.0.0, labels[$0.1]) }
            let shapeHits = zip(scenes, shapeGuesses).filter { ShapeKind.allCases[$1] == $0.0.shape }.count
            let count = Double(max(scenes.count, 1))
            return (1 - Double(mistakes.count) / count, mistakes, Double(shapeHits) / count)
        }
        let heldOut = try zeroShot(SyntheticShapes.combinations(.heldOut), offset: 0)
        let seen = try zeroShot(SyntheticShapes.combinations(.train), offset: 1_000_000)

        var hits1 = 0, hits5 = 0, total = 0
        var misses: [String] = []
        for pool in 0..<pools {
            let scenes = Self.pool(shapes, number: pool)
            let captions = scenes.map(\.fullCaption)
            let images = try scorer.embed(images: try parallelMap(scenes) { try shapes.image($0) })  // (100, P)
            let texts = try scorer.embed(texts: captions)  // (100, P)
            let cos = try scorer.cosines(images: texts, texts: images)  // (100 captions, 100 images)
            for c in 0..<poolSize {
                let row = Array(cos.scalars[(c * poolSize)..<((c + 1) * poolSize)])
                let better = row.indices.filter { $0 != c && row[$0] > row[c] }.count
                if better == 0 { hits1 += 1 } else if misses.count < 12 {
                    let winner = row.indices.max { row[$0] < row[$1] } ?? c
                    misses.append("\"\(captions[c])\" → chose \"\(captions[winner])\"")
                }
                if better < 5 { hits5 += 1 }
                total += 1
            }
        }
        var confusionCounts: [String: Int] = [:]
        for (truth, guess) in heldOut.mistakes { confusionCounts["\(truth) → \(guess)", default: 0] += 1 }
        return ClipEvaluation(
            heldoutZeroShotAccuracy: heldOut.accuracy, seenZeroShotAccuracy: seen.accuracy,
            heldoutRecallAt1: Double(hits1) / Double(max(total, 1)), heldoutRecallAt5: Double(hits5) / Double(max(total, 1)),
            chanceAccuracy: 1 / Double(labels.count), chanceRecall: 1 / Double(poolSize), heldoutShapeOnlyAccuracy: heldOut.shapeOnlyAccuracy,
            wrongColourOnly: heldOut.mistakes.filter { $0.0.shape == $0.1.shape }.count,
            wrongShapeOnly: heldOut.mistakes.filter { $0.0.color == $0.1.color }.count,
            wrongBoth: heldOut.mistakes.filter { $0.0.shape != $0.1.shape && $0.0.color != $0.1.color }.count,
            topConfusions: confusionCounts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .prefix(8).map { "\($0.key): \($0.value)" },
            retrievalMisses: misses)
    }
}
