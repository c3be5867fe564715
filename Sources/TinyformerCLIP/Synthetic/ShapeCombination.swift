/// A shape in a colour: the unit of the zero-shot classes ("a red circle") and of the held-out
/// split (some combinations never appear in training, though each shape and each colour does).
public struct ShapeCombination: Hashable, Codable, Sendable, CustomStringConvertible {
    public let color: ShapeColor
    public let shape: ShapeKind

    public init(color: ShapeColor, shape: ShapeKind) {
        self.color = color
        self.shape = shape
    }

    /// "red circle".
    public var description: String { "\(color.rawValue) \(shape.rawValue)" }

    /// Every combination, colours outer, shapes inner.
    public static let all: [ShapeCombination] = ShapeColor.allCases.flatMap { c in ShapeKind.allCases.map { ShapeCombination(color: c, shape: $0) } }

    /// The combinations held out of training: a diagonal of the colour × shape table, so every
    /// colour and every shape is held out exactly once and is seen with all the other five.
    public static let heldOut: Set<ShapeCombination> = Set(zip(ShapeColor.allCases, ShapeKind.allCases).map {
        ShapeCombination(color: $0.0, shape: $0.1)
    })
}
