// ClipScorer, its folder embedding cache and the caption search, on a CLIP folder written by a
// four-step smoke training run (the model's numerics are proven against transformers by
// ClipModelMatchesHuggingFaceTests; these tests check what is built on top).
import Foundation
import Testing
import TinyformerCLIP
import TinyformerIO
import TinyformerTensor

/// A trained-for-4-steps CLIP folder plus 6 held-out images, made once per test.
struct SmokeClip {
    let root: URL
    let model: URL
    let images: URL
    let scorer: ClipScorer

    init() throws {
        root = try temporaryFolder("scorer")
        model = root.appendingPathComponent("model")
        images = root.appendingPathComponent("images")
        let trainer = try ClipTrainer(config: .smoke, folder: model)
        trainer.log = { _ in }
        trainer.showProgress = false
        try trainer.run()
        try SyntheticShapes(side: 32, seed: 3).writeImages(.heldOut, count: 6, to: images)
        scorer = try ClipScorer(directory: model)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

@Suite struct ClipScorerTests {
    @Test func rankingProbabilitiesAreTheSoftmaxOfScaledCosines() throws {
        let clip = try SmokeClip()
        defer { clip.remove() }
        let folder = try clip.scorer.embedFolder(clip.images)
        let scores = try clip.scorer.rankImages(for: "a red circle", imageEmbeddings: folder.embeddings, names: folder.names)
        // The cosines recomputed by hand from the normalised embeddings.
        let text = try clip.scorer.embed(texts: ["a red circle"]).scalars
        let width = text.count, images = folder.embeddings.scalars
        let cosines = (0..<folder.names.count).map { i in (0..<width).reduce(Float(0)) { $0 + images[i * width + $1] * text[$1] } }
        let scale = Double(clip.scorer.logitScale)
        let exps = cosines.map { Foundation.exp(scale * Double($0)) }
        let total = exps.reduce(0, +)
        #expect(scores.count == 6)
        for s in scores {
            let expected = exps[s.index] / total
            let difference = abs(Double(s.probability) - expected)
            #expect(difference <= 1e-5 + 1e-4 * expected, "image \(s.name): p \(s.probability) vs \(expected) (|diff| \(difference))")
            #expect(abs(s.cosine - cosines[s.index]) <= 1e-5, "image \(s.name): cos \(s.cosine) vs \(cosines[s.index])")
        }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0.probability >= $1.probability })
    }

    @Test func zeroShotProbabilitiesSumToOneAndRankTheLabels() throws {
        let clip = try SmokeClip()
        defer { clip.remove() }
        let embeddings = try clip.scorer.embed(imageFiles: [clip.images.appendingPathComponent("heldout-00000.png")])
        let predictions = try clip.scorer.classify(imageEmbeddings: embeddings, labels: ["red circle", "blue square", "green star"], templates: ["a {}"])
        let p = try #require(predictions.first)
        #expect(abs(p.probabilities.reduce(0, +) - 1) <= 1e-5)
        #expect(p.ranking.first == p.best)
        #expect(zip(p.ranking, p.ranking.dropFirst()).allSatisfy { p.probabilities[$0] >= p.probabilities[$1] })
    }

    @Test func aSecondFolderEmbeddingComesFromTheCacheWithTheSameValues() throws {
        let clip = try SmokeClip()
        defer { clip.remove() }
        let cache = clip.root.appendingPathComponent("cache.safetensors")
        let first = try clip.scorer.embedFolder(clip.images, cache: cache)
        let second = try clip.scorer.embedFolder(clip.images, cache: cache)
        #expect(first.cacheHits == 0 && second.cacheHits == 6)
        #expect(first.embeddings.scalars == second.embeddings.scalars)
    }

    @Test func aChangedImageIsEmbeddedAgainAndTheOthersComeFromTheCache() throws {
        let clip = try SmokeClip()
        defer { clip.remove() }
        let cache = clip.root.appendingPathComponent("cache.safetensors")
        _ = try clip.scorer.embedFolder(clip.images, cache: cache)
        let changed = clip.images.appendingPathComponent("heldout-00002.png")
        try FileManager.default.removeItem(at: changed)
        let other = clip.root.appendingPathComponent("other")
        try SyntheticShapes(side: 32, seed: 9).writeImages(.heldOut, count: 1, to: other)
        try FileManager.default.copyItem(at: other.appendingPathComponent("heldout-00000.png"), to: changed)
        let again = try clip.scorer.embedFolder(clip.images, cache: cache)
        #expect(again.cacheHits == 5)
        let fresh = try clip.scorer.embedFolder(clip.images)
        // The changed image was embedded alone, the fresh ones in one batch: equal up to rounding.
        let pairs = zip(again.embeddings.scalars, fresh.embeddings.scalars).enumerated()
        let worst = pairs.max { abs($0.element.0 - $0.element.1) < abs($1.element.0 - $1.element.1) }
        for (i, (a, b)) in pairs where abs(a - b) > 1e-5 + 1e-4 * abs(b) {
            Issue.record("element \(i): cached run \(a), fresh \(b); worst \(String(describing: worst))")
        }
    }

    @Test func theCaptionSearchCountsEveryCaptionItScores() throws {
        let clip = try SmokeClip()
        defer { clip.remove() }
        let folder = try clip.scorer.embedFolder(clip.images)
        let words = ["red", "circle", "blue", "square"]
        let search = try CaptionSearch(words: words, beamWidth: 2, maxWords: 3, prefix: "a")
        let outcome = try search.run(clip.scorer, imageEmbeddings: folder.embeddings, names: folder.names, target: 1)
        #expect(outcome.tries == outcome.trace.count)
        // Round 1 scores |words| captions, later rounds beam × |words|.
        #expect([4, 12, 20].contains(outcome.tries), "\(outcome.tries) tries")
        if !outcome.selectsTarget { #expect(outcome.tries == 20) }
        if outcome.selectsTarget {
            let ranked = try clip.scorer.rankImages(for: outcome.caption, imageEmbeddings: folder.embeddings, names: folder.names)
            #expect(ranked.first?.index == 1, "“\(outcome.caption)” selects \(ranked.first?.name ?? "") instead of \(folder.names[1])")
        }
    }

    @Test func embeddingsJSONLogitsAreTheScaledCosines() throws {
        let clip = try SmokeClip()
        defer { clip.remove() }
        let files = [clip.images.appendingPathComponent("heldout-00000.png"), clip.images.appendingPathComponent("heldout-00001.png")]
        let output = try EmbeddingsJSON(scorer: clip.scorer, imageFiles: files, texts: ["a red circle", "a blue square", "a star"])
        #expect(output.imageEmbeds.count == 2 && output.textEmbeds.count == 3 && output.logitsPerImage.count == 2)
        for i in 0..<2 {
            for j in 0..<3 {
                let cos = zip(output.imageEmbeds[i], output.textEmbeds[j]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                let expected = clip.scorer.logitScale * cos
                #expect(abs(output.logitsPerImage[i][j] - expected) <= 1e-4 + 1e-4 * abs(expected),
                        "logits_per_image[\(i)][\(j)] \(output.logitsPerImage[i][j]) vs \(expected)")
            }
        }
    }
}

@Suite struct SyntheticShapesTests {
    @Test func trainingScenesNeverShowAHeldOutCombination() throws {
        let shapes = try SyntheticShapes(side: 32, seed: 0)
        let leaked = (0..<3000).map { shapes.scene(.train, index: $0) }.filter { $0.combinations.contains(where: ShapeCombination.heldOut.contains) }
        #expect(leaked.isEmpty, "first leak: \(leaked.first?.caption ?? "")")
    }

    @Test func everyHeldOutSceneShowsAHeldOutCombination() throws {
        let shapes = try SyntheticShapes(side: 32, seed: 0)
        #expect((0..<500).allSatisfy { ShapeCombination.heldOut.contains(shapes.scene(.heldOut, index: $0).objects[0].combination) })
    }

    @Test func theSameSeedGivesTheSameSceneAndImage() throws {
        let a = try SyntheticShapes(side: 32, seed: 5), b = try SyntheticShapes(side: 32, seed: 5), c = try SyntheticShapes(side: 32, seed: 6)
        #expect(a.scene(.train, index: 17) == b.scene(.train, index: 17))
        #expect(try a.image(a.scene(.train, index: 17)).bytes == b.image(b.scene(.train, index: 17)).bytes)
        #expect((0..<10).contains { a.scene(.train, index: $0) != c.scene(.train, index: $0) })
    }

    @Test func aShapeTwinChangesOnlyTheFirstObjectsShapeAndStaysTrainable() throws {
        let shapes = try SyntheticShapes(side: 32, seed: 0)
        for index in 0..<2000 {
            let scene = shapes.scene(.train, index: index)
            let twin = try #require(shapes.shapeTwin(ofTrainingScene: index))
            #expect(twin.objects[0].combination.color == scene.objects[0].combination.color)
            #expect(twin.objects[0].combination.shape != scene.objects[0].combination.shape)
            #expect(Array(twin.objects.dropFirst()) == Array(scene.objects.dropFirst()) && twin.background == scene.background)
            #expect(!twin.combinations.contains(where: ShapeCombination.heldOut.contains), "\(twin.caption)")
            #expect(Set(twin.combinations).count == twin.combinations.count, "\(twin.caption)")
            let changed = zip(scene.caption.split(separator: " "), twin.caption.split(separator: " ")).filter { $0.0 != $0.1 }
            #expect(changed.count == 1, "\(scene.caption) → \(twin.caption)")
        }
    }

    @Test func aShapeTwinIsDrawnTheSameWayEveryTime() throws {
        let a = try SyntheticShapes(side: 32, seed: 4), b = try SyntheticShapes(side: 32, seed: 4)
        #expect((0..<50).allSatisfy { a.shapeTwin(ofTrainingScene: $0) == b.shapeTwin(ofTrainingScene: $0) })
        let image = try a.image(try #require(a.shapeTwin(ofTrainingScene: 7)))
        #expect(try image.bytes != a.image(a.scene(.train, index: 7)).bytes)
    }

    @Test func theHeldOutSetHoldsEachColourAndEachShapeOnce() {
        #expect(ShapeCombination.heldOut.count == 6)
        #expect(Set(ShapeCombination.heldOut.map(\.color)).count == 6 && Set(ShapeCombination.heldOut.map(\.shape)).count == 6)
    }
}
