// How `ClipTrainer` builds a step's image–caption pairs from the synthetic shapes: distinct
// captions (a repeated one would be a false negative of the contrastive loss) and, with shape
// twins, every scene next to its hard negative.
import Foundation
import Testing
@testable import TinyformerCLIP

@Suite struct ClipTrainingBatchTests {
    private let shapes: SyntheticShapes

    init() throws { shapes = try SyntheticShapes(side: 32, seed: 0) }

    private func captions(_ pairs: [ClipTrainer.TrainingPair]) -> [String] {
        pairs.map { ($0.twin ? shapes.shapeTwin(ofTrainingScene: $0.index) : shapes.scene(.train, index: $0.index))?.caption ?? "" }
    }

    @Test(arguments: [false, true])
    func aBatchHasTheAskedSizeAndNoRepeatedCaption(shapeTwins: Bool) {
        for step in 0..<5 {
            let pairs = ClipTrainer.batch(shapes, epoch: 1, step: step, stepsPerEpoch: 1000, size: 64, shapeTwins: shapeTwins)
            #expect(pairs.count == 64)
            #expect(Set(captions(pairs)).count == 64)
            #expect(pairs.contains { $0.twin } == shapeTwins)
        }
    }

    @Test func withShapeTwinsEverySceneIsFollowedByItsTwin() {
        let pairs = ClipTrainer.batch(shapes, epoch: 0, step: 3, stepsPerEpoch: 1000, size: 63, shapeTwins: true)
        #expect(pairs.count == 63)
        for start in stride(from: 0, to: 62, by: 2) {
            #expect(!pairs[start].twin && pairs[start + 1].twin && pairs[start].index == pairs[start + 1].index)
        }
        #expect(!pairs[62].twin)  // an odd size ends with a scene of its own
    }

    @Test func aTrainingConfigWithoutTheKeysTrainsWithoutShapeTwinsPartialCaptionsOrSeveralPositives() throws {
        let old = try JSONDecoder().decode(ClipTrainingConfig.self, from: Data(#"{"steps": 10}"#.utf8))
        #expect(!old.shapeTwins && old.steps == 10)
        #expect(old.partialCaptionFraction == 0 && !old.matchedPositives, "a file from before these options describes a run without them")
        #expect(old.greyObjectFraction == 0 && old.unnamedColourFraction == 0 && old.colouredBackgroundFraction == 0)
        #expect(old.twoObjectFraction == 0.5, "runs from before the option had two objects in half of their scenes")
        var twins = ClipTrainingConfig()
        twins.shapeTwins = true
        let roundTrip = try JSONDecoder().decode(ClipTrainingConfig.self, from: JSONEncoder().encode(twins))
        #expect(roundTrip == twins)
    }
}
