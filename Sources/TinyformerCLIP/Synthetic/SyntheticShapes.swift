import Foundation
import TinyformerIO
import TinyformerRandom

// Shape letters: S the image side in pixels.

/// The procedural image–caption set the library trains its own CLIP on: S×S images (64 by
/// default) of one or two shapes (`ShapeKind`) in colours (`ShapeColor`) and sizes
/// (`ShapeSize`), placed left / right / top / bottom or in a relation, on gradient backgrounds with
/// noise, captioned from those attributes ("a small red circle to the left of a blue square").
///
/// Every scene is a pure function of (seed, split, index). The `heldOut` split's scenes contain at
/// least one of `ShapeCombination.heldOut`, which the `train` split never shows (each shape and
/// each colour still appears there with the five others).
public struct SyntheticShapes: Sendable {
    /// Which scenes: training ones (no held-out combination) or held-out ones (the first object's
    /// combination is held out).
    public enum Split: String, Sendable, Codable, CaseIterable {
        case train, heldOut = "heldout"
    }

    public let side: Int
    public let seed: UInt64
    /// Fraction of held-out scenes with two objects (the retrieval evaluation's scenes).
    public let twoObjectFraction: Double
    /// Fraction of training scenes with two objects (by default `twoObjectFraction`). Held-out
    /// scenes keep `twoObjectFraction`, so evaluations of runs with different training fractions
    /// compare.
    public let trainingTwoObjectFraction: Double
    /// Fraction of lone-object captions that leave out the colour ("a small circle") or, as
    /// often, the shape ("a red shape on the left"): captions that name one of the two make the
    /// towers represent colour and shape apart, which is what a combination never seen in
    /// training needs. The images stay the same; 0 keeps every caption whole.
    public let partialCaptionFraction: Double
    /// Fraction of lone objects in training scenes drawn in a saturated colour far from every
    /// palette colour and captioned without one ("a small triangle"): shape seen apart from the
    /// six named colours, so that a shape detector cannot be one colour's. Held-out scenes never
    /// have them, and the palette's held-out combinations stay unseen.
    public let unnamedColourFraction: Double
    /// Fraction of lone objects in training scenes drawn in grey at their colour's luminance (moved
    /// at least 40 levels from the background's) and captioned without a colour ("a triangle"):
    /// shape told apart from luminance alone, so that a shape's detector need not go through its
    /// colour. Held-out scenes never have them.
    public let greyObjectFraction: Double
    /// Fraction of training scenes on a saturated background gradient instead of a near-grey one.
    /// A shape's edges are where the object's colour meets the background's, so a shape seen in
    /// five colours against many background hues shows its edges in every colour direction,
    /// including a missing colour's: a shape detector then has no reason to be one colour's.
    /// Captions and objects stay the same; held-out and evaluation scenes keep grey backgrounds.
    public let colouredBackgroundFraction: Double

    public init(side: Int = 64, seed: UInt64 = 0, twoObjectFraction: Double = 0.5, trainingTwoObjectFraction: Double? = nil,
                partialCaptionFraction: Double = 0, unnamedColourFraction: Double = 0, greyObjectFraction: Double = 0,
                colouredBackgroundFraction: Double = 0) throws(ClipError) {
        guard (32...1024).contains(side) else { throw .invalidArgument("synthetic image side must be in 32…1024, got \(side)") }
        for (name, value) in [("two-object", twoObjectFraction), ("training two-object", trainingTwoObjectFraction ?? twoObjectFraction),
                              ("partial caption", partialCaptionFraction), ("unnamed colour", unnamedColourFraction),
                              ("grey object", greyObjectFraction), ("coloured background", colouredBackgroundFraction)] where !(0...1).contains(value) {
            throw .invalidArgument("\(name) fraction must be in 0…1, got \(value)")
        }
        self.unnamedColourFraction = unnamedColourFraction
        self.greyObjectFraction = greyObjectFraction
        self.colouredBackgroundFraction = colouredBackgroundFraction
        self.side = side
        self.seed = seed
        self.twoObjectFraction = twoObjectFraction
        self.trainingTwoObjectFraction = trainingTwoObjectFraction ?? twoObjectFraction
        self.partialCaptionFraction = partialCaptionFraction
    }

    /// The combinations a split draws its first object from.
    public static func combinations(_ split: Split) -> [ShapeCombination] {
        split == .train ? trainCombinations : heldOutCombinations
    }

    // Computed once: every scene draws from them, and filtering through the set's hashing per
    // scene was a visible share of rendering a batch.
    private static let trainCombinations = ShapeCombination.all.filter { !ShapeCombination.heldOut.contains($0) }
    private static let heldOutCombinations = ShapeCombination.all.filter { ShapeCombination.heldOut.contains($0) }

    /// Scene `index` of `split`. With `fullCaption`, the caption names every attribute (sizes and
    /// the lone object's position); otherwise each is named with probability ½.
    public func scene(_ split: Split, index: Int, fullCaption: Bool = false) -> SyntheticScene {
        var g = generator(split, index)
        let first = Self.combinations(split)
        let trainable = Self.combinations(.train)
        let a = first[Int(g.next() % UInt64(first.count))]
        let twoObjects = g.nextDouble() < (split == .train ? trainingTwoObjectFraction : twoObjectFraction)
        let mentionsSize = fullCaption || g.next() % 2 == 0
        if twoObjects {
            // The second object never repeats the first's combination, and in training never is held out.
            let others = (split == .train ? trainable : ShapeCombination.all).filter { $0 != a }
            let b = others[Int(g.next() % UInt64(others.count))]
            let relation = SceneRelation.allCases[Int(g.next() % 4)]
            let objects = placePair(a, b, relation, &g)
            var background = background(&g)
            recolourBackground(&background, around: objects, split, &g)
            return SyntheticScene(objects: objects, position: nil, relation: relation, background: background,
                                  mentionsSize: mentionsSize, mentionsPosition: false)
        }
        let mentionsPosition = fullCaption || g.next() % 2 == 0
        let position: ScenePosition? = mentionsPosition ? ScenePosition.allCases[Int(g.next() % 4)] : nil
        var object = placeAlone(a, position, &g)
        var background = background(&g)
        // Drawn last, and only when asked for, so the scenes without them stay as they were.
        var (mentionsColor, mentionsShape) = (true, true)
        if partialCaptionFraction > 0, !fullCaption {
            let u = g.nextDouble()
            if u < partialCaptionFraction / 2 { mentionsColor = false } else if u < partialCaptionFraction { mentionsShape = false }
        }
        if unnamedColourFraction > 0, split == .train, !fullCaption, g.nextDouble() < unnamedColourFraction {
            object.rgb = Self.unnamedColour(&g)
            object.paletteColour = false
            (mentionsColor, mentionsShape) = (false, true)
        }
        if greyObjectFraction > 0, split == .train, !fullCaption, object.paletteColour, g.nextDouble() < greyObjectFraction {
            object.rgb = Self.grey(of: object.rgb, against: background)
            object.paletteColour = false
            (mentionsColor, mentionsShape) = (false, true)
        }
        recolourBackground(&background, around: [object], split, &g)
        return SyntheticScene(objects: [object], position: position, relation: nil, background: background,
                              mentionsSize: mentionsSize, mentionsPosition: position != nil,
                              mentionsColor: mentionsColor, mentionsShape: mentionsShape)
    }

    /// The hard negative of training scene `index`: the scene with its first object's shape
    /// replaced by another (drawn from the seed and index) that keeps the combination trainable
    /// and differs from the second object's, or nil when no shape qualifies.
    public func shapeTwin(ofTrainingScene index: Int) -> SyntheticScene? {
        let scene = self.scene(.train, index: index)
        guard let first = scene.objects.first else { return nil }
        let candidates = ShapeKind.allCases.filter { shape in
            let combination = ShapeCombination(color: first.combination.color, shape: shape)
            return shape != first.combination.shape && !ShapeCombination.heldOut.contains(combination)
                && !scene.combinations.dropFirst().contains(combination)
        }
        guard !candidates.isEmpty else { return nil }
        var g = SeededGenerator(seed: seed ^ 0x7477_696E ^ UInt64(truncatingIfNeeded: index).multipliedFullWidth(by: 0xD1B5_4A32_D192_ED03).low)
        return scene.replacingFirstShape(with: candidates[Int(g.next() % UInt64(candidates.count))])
    }

    /// A lone object of a given combination (zero-shot evaluation), anywhere, caption "a red circle".
    public func singleObjectScene(_ combination: ShapeCombination, index: Int) -> SyntheticScene {
        var g = generator(.heldOut, index ^ 0x5A5A_0000)
        let object = placeAlone(combination, nil, &g)
        return SyntheticScene(objects: [object], position: nil, relation: nil, background: background(&g),
                              mentionsSize: false, mentionsPosition: false)
    }

    /// The S×S image of a scene.
    public func image(_ scene: SyntheticScene) throws -> RGBImage {
        try SceneRenderer.render(scene, side: side)
    }

    /// Every word of whole captions (partial ones add "shape"), e.g. for a caption search.
    public static var words: [String] {
        var words = ["a"] + ShapeSize.allCases.map(\.rawValue) + ShapeColor.allCases.map(\.rawValue) + ShapeKind.allCases.map(\.rawValue)
        for phrase in ScenePosition.allCases.map(\.phrase) + SceneRelation.allCases.map(\.phrase) {
            words += phrase.split(separator: " ").map(String.init)
        }
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }
    }

    // MARK: - Drawing the attributes

    private func generator(_ split: Split, _ index: Int) -> SeededGenerator {
        var mix = SeededGenerator(seed: seed ^ (split == .train ? 0x7472_6169_6E00 : 0x6865_6C64_6F75))
        for _ in 0..<(index & 3) { _ = mix.next() }
        return SeededGenerator(seed: mix.next() ^ UInt64(truncatingIfNeeded: index).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15).low)
    }

    private func object(_ combination: ShapeCombination, size: ShapeSize, x: Float, y: Float, radius: Float,
                        _ g: inout SeededGenerator) -> SceneObject {
        let base = combination.color.rgb
        let rgb = [base.0, base.1, base.2].map { UInt8(min(max($0 + g.uniform(-18, 18), 0), 255)) }
        return SceneObject(combination: combination, size: size, centerX: x, centerY: y, radius: radius, rgb: rgb)
    }

    private func radius(_ size: ShapeSize, _ g: inout SeededGenerator) -> Float {
        Float(side) * g.uniform(size.radiusRange.lowerBound, size.radiusRange.upperBound)
    }

    private func placeAlone(_ c: ShapeCombination, _ position: ScenePosition?, _ g: inout SeededGenerator) -> SceneObject {
        let size = ShapeSize.allCases[Int(g.next() % 2)]
        let r = radius(size, &g), s = Float(side), m = r * 1.2 + 1
        let near = (m, max(m, 0.36 * s)), far = (min(s - m, 0.64 * s), s - m), middle = (max(m, 0.3 * s), min(s - m, 0.7 * s))
        let anywhere = (m, s - m)
        let (xr, yr): ((Float, Float), (Float, Float)) = switch position {
        case .left: (near, middle)
        case .right: (far, middle)
        case .top: (middle, near)
        case .bottom: (middle, far)
        case nil: (anywhere, anywhere)
        }
        return object(c, size: size, x: g.uniform(xr.0, max(xr.0, xr.1)), y: g.uniform(yr.0, max(yr.0, yr.1)), radius: r, &g)
    }

    /// Two objects, the first `relation` the second: each in its half of the image, apart.
    private func placePair(_ a: ShapeCombination, _ b: ShapeCombination, _ relation: SceneRelation,
                           _ g: inout SeededGenerator) -> [SceneObject] {
        let sizeA = ShapeSize.allCases[Int(g.next() % 2)], sizeB = ShapeSize.allCases[Int(g.next() % 2)]
        let ra = radius(sizeA, &g), rb = radius(sizeB, &g), s = Float(side)
        func span(_ r: Float, low: Bool) -> (Float, Float) {  // a half along the relation's axis
            let m = r * 1.15 + 1
            return low ? (m, max(m, s / 2 - r * 1.2)) : (min(s - m, s / 2 + r * 1.2), s - m)
        }
        func across(_ r: Float) -> (Float, Float) { (r * 1.15 + 1, s - r * 1.15 - 1) }
        let firstLow = relation == .leftOf || relation == .above
        let alongA = span(ra, low: firstLow), alongB = span(rb, low: !firstLow)
        let pa = g.uniform(alongA.0, max(alongA.0, alongA.1)), pb = g.uniform(alongB.0, max(alongB.0, alongB.1))
        let qa = g.uniform(across(ra).0, across(ra).1), qb = g.uniform(across(rb).0, across(rb).1)
        let horizontal = relation == .leftOf || relation == .rightOf
        return [object(a, size: sizeA, x: horizontal ? pa : qa, y: horizontal ? qa : pa, radius: ra, &g),
                object(b, size: sizeB, x: horizontal ? pb : qb, y: horizontal ? qb : pb, radius: rb, &g)]
    }

    /// A saturated colour (max − min channel ≥ 100) whose hue is at least 20° from every palette
    /// colour's and which is at least 70 from each palette colour in some channel (their jitter is
    /// ±18): lime, teal to azure, violet, magenta or pink, never a shade of a named colour (a dark
    /// blue triangle would be a blue triangle).
    static func unnamedColour(_ g: inout SeededGenerator) -> [UInt8] {
        while true {
            let rgb = (0..<3).map { _ in g.uniform(0, 255).rounded() }  // checked as the 8-bit values it becomes
            guard rgb.max()! - rgb.min()! >= 100 else { continue }
            let far = ShapeColor.allCases.allSatisfy { colour in
                let base = [colour.rgb.0, colour.rgb.1, colour.rgb.2]
                return zip(rgb, base).map { abs($0 - $1) }.max()! >= 70 && hueDistance(rgb, base) >= 20
            }
            if far { return rgb.map { UInt8($0) } }
        }
    }

    /// The grey of a colour's luminance (ITU-R BT.601 weights), moved to at least 40 levels from
    /// the background's mean level on the same side (the other side when that leaves 0…255), so
    /// that a grey object never fades into a grey background.
    static func grey(of rgb: [UInt8], against background: SceneBackground) -> [UInt8] {
        let luminance = 0.299 * Float(rgb[0]) + 0.587 * Float(rgb[1]) + 0.114 * Float(rgb[2])
        let level = (background.from + background.to).reduce(0, +) / 6
        var grey = luminance
        if abs(grey - level) < 40 {
            let darker = level - 40, lighter = level + 40
            grey = (luminance < level ? darker >= 0 : lighter > 255) ? darker : lighter
        }
        return Array(repeating: UInt8(min(max(grey.rounded(), 0), 255)), count: 3)
    }

    /// The angle between two colours' hues, in degrees (0…180).
    static func hueDistance(_ a: [Float], _ b: [Float]) -> Float {
        let d = abs(hue(a) - hue(b))
        return min(d, 360 - d)
    }

    /// HSV hue in degrees of an RGB colour with distinct channels.
    static func hue(_ c: [Float]) -> Float {
        let (r, g, b) = (c[0], c[1], c[2])
        let high = max(r, g, b), delta = high - min(r, g, b)
        guard delta > 0 else { return 0 }
        let h: Float = high == r ? (g - b) / delta : high == g ? 2 + (b - r) / delta : 4 + (r - g) / delta
        return (h * 60 + 360).truncatingRemainder(dividingBy: 360)
    }

    /// With probability `colouredBackgroundFraction`, a training scene's background becomes a
    /// gradient between two saturated colours, each at least 90 from every object's colour in some
    /// channel so that no object fades into it. Drawn last, and only when asked for, so the scenes
    /// without the option stay as they were.
    private func recolourBackground(_ background: inout SceneBackground, around objects: [SceneObject], _ split: Split,
                                    _ g: inout SeededGenerator) {
        guard colouredBackgroundFraction > 0, split == .train, g.nextDouble() < colouredBackgroundFraction else { return }
        func colour() -> [Float] {
            while true {
                let rgb = (0..<3).map { _ in g.uniform(0, 255).rounded() }
                guard rgb.max()! - rgb.min()! >= 80 else { continue }
                let apart = objects.allSatisfy { object in zip(rgb, object.rgb).map { abs($0 - Float($1)) }.max()! >= 90 }
                if apart { return rgb }
            }
        }
        background = SceneBackground(from: colour(), to: colour(), angle: background.angle, noise: background.noise,
                                     noiseSeed: background.noiseSeed)
    }

    private func background(_ g: inout SeededGenerator) -> SceneBackground {
        func colour(_ level: Float) -> [Float] { (0..<3).map { _ in level + g.uniform(-14, 14) } }
        let from = colour(g.uniform(35, 215)), to = colour(g.uniform(35, 215))
        return SceneBackground(from: from, to: to, angle: g.uniform(0, 2 * .pi), noise: g.uniform(2, 9), noiseSeed: g.next())
    }
}
