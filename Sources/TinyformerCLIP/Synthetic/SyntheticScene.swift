/// One object of a synthetic scene: what it is, how big, where (pixels, image y downwards), and
/// its jittered colour.
public struct SceneObject: Codable, Sendable, Equatable {
    public let combination: ShapeCombination
    public let size: ShapeSize
    public let centerX: Float
    public let centerY: Float
    public let radius: Float
    /// 8-bit RGB.
    public var rgb: [UInt8]
    /// False when `rgb` is none of the palette's colours (an object captioned without a colour;
    /// `combination.color` then means nothing).
    public var paletteColour = true

    /// "small red circle" (or "red circle" without the size; "small circle" without the colour,
    /// "small red shape" without the shape).
    func phrase(withSize: Bool, colour: Bool = true, shape: Bool = true) -> String {
        var words: [String] = []
        if withSize { words.append(size.rawValue) }
        if colour { words.append(combination.color.rawValue) }
        words.append(shape ? combination.shape.rawValue : "shape")
        return words.joined(separator: " ")
    }
}

/// The background: a linear gradient between two low-saturation colours plus pixel noise.
public struct SceneBackground: Codable, Sendable, Equatable {
    /// 8-bit RGB at the gradient's two ends.
    public let from: [Float]
    public let to: [Float]
    /// The gradient's direction in radians.
    public let angle: Float
    /// Standard deviation of the per-pixel noise, in 8-bit units.
    public let noise: Float
    /// Seeds the noise.
    public let noiseSeed: UInt64
}

/// One synthetic image's content and the caption generated from it: one object (optionally
/// placed left / right / top / bottom) or two objects in a relation ("to the left of", "above").
/// `caption` mentions the size and the lone object's position only when the scene says so (so
/// short captions such as "a red circle" are in the training language), and a lone object's
/// colour or shape may be left out ("a small circle", "a red shape"); `fullCaption` always
/// mentions everything.
public struct SyntheticScene: Codable, Sendable, Equatable {
    public let objects: [SceneObject]
    /// Where the lone object is (nil: anywhere, and with two objects).
    public let position: ScenePosition?
    /// How `objects[0]` sits relative to `objects[1]` (two objects only).
    public let relation: SceneRelation?
    public let background: SceneBackground
    /// Whether `caption` names the objects' sizes.
    public let mentionsSize: Bool
    /// Whether `caption` names the lone object's position.
    public let mentionsPosition: Bool
    /// Whether `caption` names the objects' colours and shapes ("a small red shape" leaves the
    /// shape out, "a circle on the left" the colour).
    public let mentionsColor: Bool
    public let mentionsShape: Bool

    public init(objects: [SceneObject], position: ScenePosition?, relation: SceneRelation?, background: SceneBackground,
                mentionsSize: Bool, mentionsPosition: Bool, mentionsColor: Bool = true, mentionsShape: Bool = true) {
        self.objects = objects
        self.position = position
        self.relation = relation
        self.background = background
        self.mentionsSize = mentionsSize
        self.mentionsPosition = mentionsPosition
        self.mentionsColor = mentionsColor
        self.mentionsShape = mentionsShape
    }

    /// The training caption: "a small red circle on the left", "a red star above a large blue square".
    public var caption: String { text(size: mentionsSize, position: mentionsPosition, colour: mentionsColor, shape: mentionsShape) }

    /// Every attribute named: the caption used for retrieval evaluation.
    public var fullCaption: String { text(size: true, position: true, colour: true, shape: true) }

    /// Whether this scene's `caption` is true of `image`'s content: the same number of objects,
    /// each named attribute equal (two objects in the named relation, in either order with the
    /// inverse relation), and a named position equal to the one `image` was placed in (an object
    /// placed anywhere does not count as placed). A scene describes itself. Training with several
    /// positives (`ClipModel.contrastiveLoss(_:matches:)`) uses it so that "a red circle" is not
    /// pushed away from another red circle's image in the same batch.
    public func describes(_ image: SyntheticScene) -> Bool {
        guard objects.count == image.objects.count else { return false }
        func same(_ mine: SceneObject, _ theirs: SceneObject) -> Bool {
            (!mentionsColor || (theirs.paletteColour && mine.combination.color == theirs.combination.color))
                && (!mentionsShape || mine.combination.shape == theirs.combination.shape)
                && (!mentionsSize || mine.size == theirs.size)
        }
        switch objects.count {
        case 1:
            guard same(objects[0], image.objects[0]) else { return false }
            return !mentionsPosition || (position != nil && image.position == position)
        case 2:
            guard let relation, let other = image.relation else { return false }
            return (relation == other && same(objects[0], image.objects[0]) && same(objects[1], image.objects[1]))
                || (relation.inverse == other && same(objects[0], image.objects[1]) && same(objects[1], image.objects[0]))
        default:
            return false
        }
    }

    /// The shape–colour combinations in the image.
    public var combinations: [ShapeCombination] { objects.map(\.combination) }

    /// The same scene with the first object drawn as `shape` (same colour, size, place and
    /// background): its caption differs from this one's in the shape word alone.
    public func replacingFirstShape(with shape: ShapeKind) -> SyntheticScene {
        guard let first = objects.first else { return self }
        let replaced = SceneObject(combination: ShapeCombination(color: first.combination.color, shape: shape), size: first.size,
                                   centerX: first.centerX, centerY: first.centerY, radius: first.radius, rgb: first.rgb,
                                   paletteColour: first.paletteColour)
        return SyntheticScene(objects: [replaced] + objects.dropFirst(), position: position, relation: relation,
                              background: background, mentionsSize: mentionsSize, mentionsPosition: mentionsPosition,
                              mentionsColor: mentionsColor, mentionsShape: mentionsShape)
    }

    private func text(size: Bool, position: Bool, colour: Bool, shape: Bool) -> String {
        guard let first = objects.first else { return "" }
        var words = "a " + first.phrase(withSize: size, colour: colour, shape: shape)
        if objects.count > 1, let relation {
            words += " \(relation.phrase) a " + objects[1].phrase(withSize: size, colour: colour, shape: shape)
        } else if position, let placement = self.position {
            words += " " + placement.phrase
        }
        return words
    }
}
