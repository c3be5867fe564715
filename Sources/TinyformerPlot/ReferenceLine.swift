/// A labelled vertical (x = value) or horizontal (y = value) marker line, e.g. a critical batch
/// size or a stability limit.
public struct ReferenceLine: Equatable, Sendable {
    public enum Orientation: String, Equatable, Sendable {
        /// The line x = value.
        case vertical
        /// The line y = value.
        case horizontal
    }

    public var orientation: Orientation
    public var value: Double
    public var label: String
    public var color: String
    public var dashed: Bool

    public init(_ orientation: Orientation, at value: Double, label: String, color: String = "#555555", dashed: Bool = true) {
        self.orientation = orientation
        self.value = value
        self.label = label
        self.color = color
        self.dashed = dashed
    }
}
