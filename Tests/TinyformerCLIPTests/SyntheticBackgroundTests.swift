// Coloured backgrounds (`SyntheticShapes.colouredBackgroundFraction`): which scenes get them, what
// they may look like, and that everything else about a scene stays as it was. Also the range
// checks of the three training-data fractions.
import Foundation
import Testing
@testable import TinyformerCLIP

@Suite struct SyntheticBackgroundTests {
    private func isNearGrey(_ c: [Float]) -> Bool { c.max()! - c.min()! <= 28 }  // each channel level ± 14

    @Test func withoutTheOptionEveryBackgroundIsNearGrey() throws {
        let shapes = try SyntheticShapes(side: 32, seed: 0)
        for index in 0..<500 {
            let b = shapes.scene(.train, index: index).background
            #expect(isNearGrey(b.from) && isNearGrey(b.to), "scene \(index): \(b.from) → \(b.to)")
        }
    }

    @Test func colouredBackgroundsChangeOnlyTheBackgroundOfTheAskedFraction() throws {
        let plain = try SyntheticShapes(side: 32, seed: 0), coloured = try SyntheticShapes(side: 32, seed: 0, colouredBackgroundFraction: 0.5)
        var recoloured = 0
        for index in 0..<2_000 {
            let a = plain.scene(.train, index: index), b = coloured.scene(.train, index: index)
            #expect(a.objects == b.objects && a.caption == b.caption && a.relation == b.relation && a.position == b.position)
            #expect(a.background.angle == b.background.angle && a.background.noiseSeed == b.background.noiseSeed)
            if a.background != b.background { recoloured += 1 }
        }
        let fraction = Double(recoloured) / 2_000
        #expect(abs(fraction - 0.5) < 0.04, "\(recoloured) of 2000 backgrounds recoloured")
    }

    @Test func aColouredBackgroundIsSaturatedAndApartFromEveryObject() throws {
        let coloured = try SyntheticShapes(side: 32, seed: 3, colouredBackgroundFraction: 1)
        for index in 0..<500 {
            let scene = coloured.scene(.train, index: index)
            for end in [scene.background.from, scene.background.to] {
                #expect(end.max()! - end.min()! >= 80, "scene \(index): \(end) is not saturated")
                for object in scene.objects {
                    let distance = zip(end, object.rgb).map { abs($0 - Float($1)) }.max()!
                    #expect(distance >= 90, "scene \(index): background \(end) is within \(distance) of the object's \(object.rgb)")
                }
            }
        }
    }

    @Test func heldOutAndEvaluationScenesKeepGreyBackgrounds() throws {
        let plain = try SyntheticShapes(side: 32, seed: 0), coloured = try SyntheticShapes(side: 32, seed: 0, colouredBackgroundFraction: 1)
        for index in 0..<300 {
            #expect(plain.scene(.heldOut, index: index) == coloured.scene(.heldOut, index: index))
            let combination = ShapeCombination.all[index % ShapeCombination.all.count]
            #expect(plain.singleObjectScene(combination, index: index) == coloured.singleObjectScene(combination, index: index))
        }
    }

    @Test func theTrainingTwoObjectFractionSetsTrainingScenesOnlyAndHeldOutScenesStay() throws {
        let plain = try SyntheticShapes(side: 32, seed: 0)
        let lone = try SyntheticShapes(side: 32, seed: 0, trainingTwoObjectFraction: 0)
        let pairs = try SyntheticShapes(side: 32, seed: 0, trainingTwoObjectFraction: 1)
        let quarter = try SyntheticShapes(side: 32, seed: 0, trainingTwoObjectFraction: 0.25)
        #expect((0..<300).allSatisfy { lone.scene(.train, index: $0).objects.count == 1 })
        #expect((0..<300).allSatisfy { pairs.scene(.train, index: $0).objects.count == 2 })
        let twoObjectShare = Double((0..<4000).count { quarter.scene(.train, index: $0).objects.count == 2 }) / 4000
        #expect(abs(twoObjectShare - 0.25) < 0.03, "two-object share \(twoObjectShare)")
        for index in 0..<300 {
            #expect(lone.scene(.heldOut, index: index) == plain.scene(.heldOut, index: index))
            #expect(pairs.scene(.heldOut, index: index) == plain.scene(.heldOut, index: index))
            // A scene that keeps its number of objects is the same scene.
            if plain.scene(.train, index: index).objects.count == 1 { #expect(lone.scene(.train, index: index) == plain.scene(.train, index: index)) }
        }
    }

    @Test func trainingDataFractionsOutsideZeroToOneAreRejected() throws {
        for bad in [-0.1, 1.5, Double.nan] {
            #expect(throws: ClipError.self) { try SyntheticShapes(partialCaptionFraction: bad) }
            #expect(throws: ClipError.self) { try SyntheticShapes(unnamedColourFraction: bad) }
            #expect(throws: ClipError.self) { try SyntheticShapes(colouredBackgroundFraction: bad) }
            #expect(throws: ClipError.self) { try SyntheticShapes(twoObjectFraction: bad) }
            #expect(throws: ClipError.self) { try SyntheticShapes(greyObjectFraction: bad) }
            #expect(throws: ClipError.self) { try SyntheticShapes(trainingTwoObjectFraction: bad) }
            for path in [\ClipTrainingConfig.partialCaptionFraction, \.unnamedColourFraction, \.colouredBackgroundFraction,
                         \.twoObjectFraction, \.greyObjectFraction] {
                var config = ClipTrainingConfig()
                config[keyPath: path] = bad
                #expect(throws: ClipError.self) { try config.validate() }
            }
        }
    }

    @Test func aTrainingFileWithoutTheOptionDescribesARunWithout() throws {
        var config = ClipTrainingConfig()
        config.colouredBackgroundFraction = 0.5
        let data = try JSONEncoder().encode(config)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["colouredBackgroundFraction"] as? Double == 0.5)
        object.removeValue(forKey: "colouredBackgroundFraction")
        let old = try JSONDecoder().decode(ClipTrainingConfig.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.colouredBackgroundFraction == 0 && old == ClipTrainingConfig())
    }
}
