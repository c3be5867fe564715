/// Where a lone object sits, as its caption says ("on the left"), or nil in the scene for
/// anywhere (the caption then says nothing about it).
public enum ScenePosition: String, CaseIterable, Codable, Sendable {
    case left, right, top, bottom

    /// The caption phrase.
    public var phrase: String {
        switch self {
        case .left: "on the left"
        case .right: "on the right"
        case .top: "at the top"
        case .bottom: "at the bottom"
        }
    }
}

/// How the first of two objects sits relative to the second ("to the left of").
public enum SceneRelation: String, CaseIterable, Codable, Sendable {
    case leftOf, rightOf, above, below

    public var phrase: String {
        switch self {
        case .leftOf: "to the left of"
        case .rightOf: "to the right of"
        case .above: "above"
        case .below: "below"
        }
    }

    /// The relation seen from the other object: A left of B ⇔ B right of A.
    public var inverse: SceneRelation {
        switch self {
        case .leftOf: .rightOf
        case .rightOf: .leftOf
        case .above: .below
        case .below: .above
        }
    }
}
