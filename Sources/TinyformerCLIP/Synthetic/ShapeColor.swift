/// The colours of the synthetic shapes, each named by one caption word, with a base RGB value
/// (each object's colour is jittered around it).
public enum ShapeColor: String, CaseIterable, Codable, Sendable, Hashable {
    case red, green, blue, yellow, purple, orange

    /// The base colour, 8-bit RGB.
    var rgb: (Float, Float, Float) {
        switch self {
        case .red: (220, 30, 35)
        case .green: (40, 180, 50)
        case .blue: (40, 70, 225)
        case .yellow: (240, 220, 40)
        case .purple: (150, 50, 190)
        case .orange: (250, 140, 20)
        }
    }
}

/// The two object sizes of the synthetic set (the "radius" range in pixels scales with the image).
public enum ShapeSize: String, CaseIterable, Codable, Sendable, Hashable {
    case small, large

    /// The radius range as fractions of the image side.
    var radiusRange: ClosedRange<Float> {
        switch self {
        case .small: 0.09...0.12
        case .large: 0.17...0.21
        }
    }
}
