/// One object of a synthetic scene: what it is, how big, where (pixels, image y downwards), and
/// its jittered colour.
public struct SceneObject: Codable, Sendable, Equatable {
    public let combination: ShapeCombination
    public let size: ShapeSize
    public let centerX: Float
    public let centerY: Float
    public let radius: Float
    /// 8-bit RGB.
    public let rgb: [UInt8]

    /// "small red circle" (or "red circle" without the size).
    func phrase(withSize: Bool) -> String {
        (withSize ? "\(size.rawValue) " : "") + combination.description
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
/// short captions such as "a red circle" are in the training language); `fullCaption` always
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

    /// The training caption: "a small red circle on the left", "a red star above a large blue square".
    public var caption: String { text(size: mentionsSize, position: mentionsPosition) }

    /// Every attribute named: the caption used for retrieval evaluation.
    public var fullCaption: String { text(size: true, position: true) }

    /// The shape–colour combinations in the image.
    public var combinations: [ShapeCombination] { objects.map(\.combination) }

    /// The same scene with the first object drawn as `shape` (same colour, size, place and
    /// background): its caption differs from this one's in the shape word alone.
    public func replacingFirstShape(with shape: ShapeKind) -> SyntheticScene {
        guard let first = objects.first else { return self }
        let replaced = SceneObject(combination: ShapeCombination(color: first.combination.color, shape: shape), size: first.size,
                                   centerX: first.centerX, centerY: first.centerY, radius: first.radius, rgb: first.rgb)
        return SyntheticScene(objects: [replaced] + objects.dropFirst(), position: position, relation: relation,
                              background: background, mentionsSize: mentionsSize, mentionsPosition: mentionsPosition)
    }

    private func text(size: Bool, position: Bool) -> String {
        guard let first = objects.first else { return "" }
        var words = "a " + first.phrase(withSize: size)
        if objects.count > 1, let relation {
            words += " \(relation.phrase) a " + objects[1].phrase(withSize: size)
        } else if position, let placement = self.position {
            words += " " + placement.phrase
        }
        return words
    }
}
