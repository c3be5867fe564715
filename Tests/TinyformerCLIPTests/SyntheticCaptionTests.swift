// What the synthetic captions say and which images they are true of: partial captions (colour
// or shape left out) and `SyntheticScene.describes`, which gives the contrastive loss its
// several positives.
import Foundation
import Testing
import TinyformerTensor
@testable import TinyformerCLIP

@Suite struct SyntheticCaptionTests {
    private let background = SceneBackground(from: [90, 90, 90], to: [120, 120, 120], angle: 0, noise: 3, noiseSeed: 1)

    private func object(_ color: ShapeColor, _ shape: ShapeKind, _ size: ShapeSize = .small, x: Float = 20) -> SceneObject {
        SceneObject(combination: ShapeCombination(color: color, shape: shape), size: size, centerX: x, centerY: 30, radius: 6,
                    rgb: [200, 30, 30])
    }

    private func lone(_ o: SceneObject, position: ScenePosition? = nil, size: Bool = false,
                      colour: Bool = true, shape: Bool = true) -> SyntheticScene {
        SyntheticScene(objects: [o], position: position, relation: nil, background: background, mentionsSize: size,
                       mentionsPosition: position != nil, mentionsColor: colour, mentionsShape: shape)
    }

    @Test func partialCaptionsLeaveOutTheColourOrTheShape() {
        #expect(lone(object(.red, .circle), position: .left, size: true, colour: false).caption == "a small circle on the left")
        #expect(lone(object(.red, .circle), shape: false).caption == "a red shape")
        #expect(lone(object(.red, .circle), colour: false).fullCaption == "a small red circle")
    }

    @Test func aCaptionIsTrueOfImagesThatAgreeOnWhatItNames() {
        let redCircle = lone(object(.red, .circle))  // "a red circle"
        #expect(redCircle.describes(redCircle))
        #expect(redCircle.describes(lone(object(.red, .circle, .large, x: 40), position: .right, size: true)))
        #expect(!redCircle.describes(lone(object(.blue, .circle))))
        #expect(!redCircle.describes(lone(object(.red, .square))))
        let small = lone(object(.red, .circle), size: true)  // "a small red circle"
        #expect(!small.describes(lone(object(.red, .circle, .large))))
    }

    @Test func aPartialCaptionIsTrueOfEveryColourOrEveryShape() {
        let circle = lone(object(.red, .circle), colour: false)  // "a circle"
        #expect(circle.describes(lone(object(.blue, .circle))) && !circle.describes(lone(object(.blue, .star))))
        let redThing = lone(object(.red, .circle), shape: false)  // "a red shape"
        #expect(redThing.describes(lone(object(.red, .star))) && !redThing.describes(lone(object(.green, .circle))))
    }

    @Test func aNamedPositionMustBeWhereTheOtherObjectWasPlaced() {
        let left = lone(object(.red, .circle), position: .left)
        #expect(left.describes(lone(object(.red, .circle), position: .left)))
        #expect(!left.describes(lone(object(.red, .circle), position: .top)))
        #expect(!left.describes(lone(object(.red, .circle))))  // placed anywhere: not known to be on the left
    }

    @Test func twoObjectCaptionsMatchInEitherOrderWithTheInverseRelation() {
        let starAboveSquare = SyntheticScene(objects: [object(.red, .star), object(.blue, .square)], position: nil, relation: .above,
                                             background: background, mentionsSize: false, mentionsPosition: false)
        let squareBelowStar = SyntheticScene(objects: [object(.blue, .square), object(.red, .star)], position: nil, relation: .below,
                                             background: background, mentionsSize: false, mentionsPosition: false)
        let squareAboveStar = SyntheticScene(objects: [object(.blue, .square), object(.red, .star)], position: nil, relation: .above,
                                             background: background, mentionsSize: false, mentionsPosition: false)
        #expect(starAboveSquare.describes(squareBelowStar) && squareBelowStar.describes(starAboveSquare))
        #expect(!starAboveSquare.describes(squareAboveStar))
        #expect(!starAboveSquare.describes(lone(object(.red, .star))))
    }

    @Test func partialCaptionsChangeCaptionsButNeverImages() throws {
        let whole = try SyntheticShapes(side: 32, seed: 0), partial = try SyntheticShapes(side: 32, seed: 0, partialCaptionFraction: 0.3)
        var changed = 0, lone = 0
        for index in 0..<2_000 {
            let a = whole.scene(.train, index: index), b = partial.scene(.train, index: index)
            #expect(a.objects == b.objects && a.background == b.background && a.position == b.position)
            #expect(a.mentionsColor && a.mentionsShape)
            if b.objects.count == 1 { lone += 1 }
            if a.caption != b.caption { changed += 1 }
            #expect(b.objects.count == 1 || b.caption == a.caption, "two-object captions stay whole")
            #expect(b.fullCaption == a.fullCaption)
        }
        let fraction = Double(changed) / Double(lone)
        #expect(abs(fraction - 0.3) < 0.05, "\(changed) of \(lone) lone-object captions are partial")
    }

    @Test func severalPositivesWithTheIdentityAreClipsLoss() throws {
        let logits = try Tensor(shape: [3, 3], scalars: [2, 0.5, -1, 0.3, 1.5, 0.2, -0.7, 0.1, 3])
        let identity = (0..<3).map { i in (0..<3).map { $0 == i } }
        let several = try ClipModel.contrastiveLoss(logits, matches: identity).item()
        let single = try ClipModel.contrastiveLoss(logits).item()
        #expect(abs(several - single) <= 1e-6 * abs(single), "\(several) vs \(single)")
    }

    @Test func severalPositivesSpreadEachTargetOverItsMatches() throws {
        // Caption 0 describes images 0 and 1: its target is ½, ½, 0; image 1's is ½ over captions 0 and 1.
        let logits = try Tensor(shape: [2, 2], scalars: [1, 1, 0, 2])
        let loss = try ClipModel.contrastiveLoss(logits, matches: [[true, true], [false, true]]).item()
        func lse(_ a: Double, _ b: Double) -> Double { Foundation.log(Foundation.exp(a) + Foundation.exp(b)) }
        let captions = (lse(1, 1) - 1) + (lse(0, 2) - 2)  // rows: targets (½, ½) and (0, 1)
        let images = (lse(1, 0) - 1) + (lse(1, 2) - 0.5 * (1 + 2))  // columns: targets (1, 0) and (½, ½)
        #expect(abs(Double(loss) - 0.5 * (captions / 2 + images / 2)) < 1e-5)
    }

    @Test func severalPositivesNeedAMatchForEveryCaptionAndImage() throws {
        let logits = try Tensor.zeros([2, 2])
        #expect(throws: ClipError.self) { try ClipModel.contrastiveLoss(logits, matches: [[false, false], [true, true]]) }
        #expect(throws: ClipError.self) { try ClipModel.contrastiveLoss(logits, matches: [[true, false], [true, false]]) }
        #expect(throws: ClipError.self) { try ClipModel.contrastiveLoss(logits, matches: [[true]]) }
    }

    @Test func unnamedColoursAreFarFromThePaletteAndLeftOutOfTheCaption() throws {
        let plain = try SyntheticShapes(side: 32, seed: 0), unnamed = try SyntheticShapes(side: 32, seed: 0, unnamedColourFraction: 0.25)
        var recoloured = 0, lone = 0
        for index in 0..<2_000 {
            let a = plain.scene(.train, index: index), b = unnamed.scene(.train, index: index)
            #expect(a.objects.map(\.centerX) == b.objects.map(\.centerX) && a.background == b.background)
            guard b.objects.count == 1 else { continue }
            lone += 1
            guard !b.objects[0].paletteColour else { #expect(b.objects == a.objects); continue }
            recoloured += 1
            #expect(!ShapeColor.allCases.contains { b.caption.contains($0.rawValue) }, "\(b.caption) names a colour")
            #expect(b.caption.contains(b.objects[0].combination.shape.rawValue))
            let rgb = b.objects[0].rgb.map(Float.init)
            for colour in ShapeColor.allCases {
                let base = [colour.rgb.0, colour.rgb.1, colour.rgb.2]
                #expect(zip(rgb, base).map { abs($0 - $1) }.max()! >= 70, "\(rgb) is close to \(colour)")
                #expect(SyntheticShapes.hueDistance(rgb, base) >= 20, "\(rgb) has nearly the hue of \(colour)")
            }
        }
        let fraction = Double(recoloured) / Double(lone)
        #expect(abs(fraction - 0.25) < 0.05, "\(recoloured) of \(lone) lone objects recoloured")
    }

    @Test func greyObjectsAreGreyApartFromTheBackgroundAndLeftOutOfTheCaption() throws {
        let plain = try SyntheticShapes(side: 32, seed: 0), grey = try SyntheticShapes(side: 32, seed: 0, greyObjectFraction: 0.25)
        var greyed = 0, lone = 0
        for index in 0..<2_000 {
            let a = plain.scene(.train, index: index), b = grey.scene(.train, index: index)
            #expect(a.objects.map(\.centerX) == b.objects.map(\.centerX) && a.background == b.background)
            guard b.objects.count == 1 else { #expect(a == b); continue }
            lone += 1
            guard !b.objects[0].paletteColour else { #expect(b.objects == a.objects); continue }
            greyed += 1
            let rgb = b.objects[0].rgb
            #expect(rgb[0] == rgb[1] && rgb[1] == rgb[2], "\(rgb) is not grey")
            let level = (b.background.from + b.background.to).reduce(0, +) / 6
            #expect(abs(Float(rgb[0]) - level) >= 39.5, "grey \(rgb[0]) against a background at \(level)")
            #expect(!ShapeColor.allCases.contains { b.caption.contains($0.rawValue) }, "\(b.caption) names a colour")
            #expect(b.caption.contains(b.objects[0].combination.shape.rawValue))
        }
        #expect(abs(Double(greyed) / Double(lone) - 0.25) < 0.05, "\(greyed) of \(lone) lone objects grey")
        let heldOut = try SyntheticShapes(side: 32, seed: 0, greyObjectFraction: 1)
        #expect((0..<500).allSatisfy { heldOut.scene(.heldOut, index: $0) == plain.scene(.heldOut, index: $0) })
    }

    @Test func aGreyObjectKeepsItsColoursLuminanceUnlessTheBackgroundIsNear() {
        let dark = SceneBackground(from: [40, 40, 40], to: [40, 40, 40], angle: 0, noise: 3, noiseSeed: 1)
        let middle = SceneBackground(from: [100, 100, 100], to: [120, 120, 120], angle: 0, noise: 3, noiseSeed: 1)
        let light = SceneBackground(from: [220, 220, 220], to: [220, 220, 220], angle: 0, noise: 3, noiseSeed: 1)
        #expect(SyntheticShapes.grey(of: [240, 220, 40], against: dark) == [205, 205, 205])  // yellow's luminance, far from 40
        #expect(SyntheticShapes.grey(of: [40, 70, 225], against: middle) == [70, 70, 70])  // blue's 79 moved down to 110 − 40
        #expect(SyntheticShapes.grey(of: [220, 30, 35], against: SceneBackground(from: [30, 30, 30], to: [30, 30, 30], angle: 0, noise: 3,
                                                                                  noiseSeed: 1)) == [87, 87, 87])
        #expect(SyntheticShapes.grey(of: [40, 70, 225], against: SceneBackground(from: [20, 20, 20], to: [20, 20, 20], angle: 0, noise: 3,
                                                                                 noiseSeed: 1)) == [79, 79, 79])
        #expect(SyntheticShapes.grey(of: [240, 220, 40], against: light) == [180, 180, 180])  // 205, darker than 220: 40 below
        #expect(SyntheticShapes.grey(of: [240, 240, 240], against: light) == [180, 180, 180])  // no room above 220: below
        #expect(SyntheticShapes.grey(of: [10, 20, 30], against: SceneBackground(from: [30, 30, 30], to: [30, 30, 30], angle: 0, noise: 3,
                                                                                 noiseSeed: 1)) == [70, 70, 70])  // no room below: above
    }

    @Test func hueIsMeasuredInDegreesAroundTheWheel() {
        #expect(SyntheticShapes.hue([255, 0, 0]) == 0 && SyntheticShapes.hue([0, 255, 0]) == 120 && SyntheticShapes.hue([0, 0, 255]) == 240)
        #expect(SyntheticShapes.hue([255, 0, 128]) > 300)
        #expect(abs(SyntheticShapes.hueDistance([255, 0, 20], [255, 20, 0]) - 9.4) < 0.1, "across 0°: 4.7° + 4.7°")
        // A dark blue is a blue: excluded although far from the palette's blue in a channel.
        #expect(SyntheticShapes.hueDistance([0, 0, 150], [40, 70, 225]) < 20)
    }

    @Test func heldOutScenesNeverHaveUnnamedColours() throws {
        let unnamed = try SyntheticShapes(side: 32, seed: 0, unnamedColourFraction: 1)
        #expect((0..<500).allSatisfy { unnamed.scene(.heldOut, index: $0).objects.allSatisfy(\.paletteColour) })
    }

    @Test func aNamedColourIsNotTrueOfAnObjectOutsideThePalette() {
        var offPalette = object(.red, .circle)
        offPalette.paletteColour = false
        offPalette.rgb = [20, 200, 200]
        #expect(!lone(object(.red, .circle)).describes(lone(offPalette, colour: false)))
        #expect(lone(object(.red, .circle), colour: false).describes(lone(offPalette, colour: false)))
    }
}
