// One tensor whose shape does not fit the parameter it maps onto.

/// A checkpoint tensor that maps onto a parameter of another shape (part of `CheckpointMismatch`).
public struct ShapeMismatch: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The module parameter.
    public let parameter: String
    /// The tensor's name in the file.
    public let tensor: String
    /// The parameter's shape.
    public let expected: [Int]
    /// The tensor's shape in the file.
    public let stored: [Int]
    /// The shape after the mapping's transform (`stored` when there is none), or nil when the
    /// transform does not accept `stored` (or, for a file built in memory, the entry's value
    /// count disagrees with its shape).
    public let found: [Int]?

    public init(parameter: String, tensor: String, expected: [Int], stored: [Int], found: [Int]?) {
        self.parameter = parameter
        self.tensor = tensor
        self.expected = expected
        self.stored = stored
        self.found = found
    }

    /// `'p' ← 'file.p': found [12], expected [11]` (with the stored shape when a transform changed it).
    public var description: String {
        let origin = tensor == parameter ? "'\(parameter)'" : "'\(parameter)' ← '\(tensor)'"
        guard let found else {
            return "\(origin): stored \(stored) cannot be transformed or shaped, expected \(expected)"
        }
        let via = found == stored ? "" : " (stored \(stored))"
        return "\(origin): found \(found)\(via), expected \(expected)"
    }
}
