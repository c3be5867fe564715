/// A filled region between a lower and an upper curve over the same x values (a confidence
/// band), drawn under the chart's series and listed in the legend as a swatch.
public struct Band: Equatable, Sendable {
    public var name: String
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    /// CSS colour of the fill.
    public var color: String
    /// Fill opacity in [0, 1].
    public var opacity: Double

    public init(name: String, x: [Double], lower: [Double], upper: [Double], color: String, opacity: Double = 0.2) {
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
    }
}
