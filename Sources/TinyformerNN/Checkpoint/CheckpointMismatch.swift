// Every naming and shape problem of one checkpoint load, reported together.

/// Everything that keeps a checkpoint from loading into a module, found before any parameter is
/// touched: parameters no tensor maps onto, tensors that map onto no parameter, tensors of the
/// wrong shape, and parameters that several tensors map onto. In non-strict loads `missing` and
/// `unexpected` stay empty (they are allowed there).
public struct CheckpointMismatch: Equatable, Sendable, CustomStringConvertible {
    /// The file (its path, or the `source` of an in-memory file).
    public let source: String
    /// Parameter names, in module order, that no tensor of the file maps onto.
    public let missing: [String]
    /// Tensor names, in file order, that the mapping sends to no existing parameter.
    public let unexpected: [String]
    /// Tensors whose (transformed) shape differs from their parameter's, in file order.
    public let misshaped: [ShapeMismatch]
    /// Parameter → the file tensors (in file order) that all map onto it.
    public let ambiguous: [String: [String]]

    /// How many names of each list the description shows before "… and N more".
    public static let listedNamesLimit = 20

    public init(
        source: String, missing: [String] = [], unexpected: [String] = [], misshaped: [ShapeMismatch] = [],
        ambiguous: [String: [String]] = [:]
    ) {
        self.source = source
        self.missing = missing
        self.unexpected = unexpected
        self.misshaped = misshaped
        self.ambiguous = ambiguous
    }

    /// Whether there is nothing to report.
    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && misshaped.isEmpty && ambiguous.isEmpty }

    /// A summary line, then one indented section per kind of problem, each listing at most
    /// `listedNamesLimit` names.
    public var description: String {
        var counts: [String] = []
        var sections: [String] = []
        func section(_ title: String, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            var shown = lines.prefix(Self.listedNamesLimit).map { "    " + $0 }
            if lines.count > Self.listedNamesLimit { shown.append("    … and \(lines.count - Self.listedNamesLimit) more") }
            sections.append("  \(title):\n" + shown.joined(separator: "\n"))
        }
        if !missing.isEmpty { counts.append("\(missing.count) missing") }
        if !unexpected.isEmpty { counts.append("\(unexpected.count) unexpected") }
        if !misshaped.isEmpty { counts.append("\(misshaped.count) mis-shaped") }
        if !ambiguous.isEmpty { counts.append("\(ambiguous.count) ambiguous") }
        section("missing parameters (no tensor maps onto them)", missing.map { "'\($0)'" })
        section("unexpected tensors (the mapping sends them to no parameter)", unexpected.map { "'\($0)'" })
        section("mis-shaped tensors", misshaped.map(\.description))
        section("ambiguous parameters (several tensors map onto them)", ambiguous.keys.sorted().map { parameter in
            "'\(parameter)' ← " + (ambiguous[parameter] ?? []).map { "'\($0)'" }.joined(separator: ", ")
        })
        return "checkpoint \(source) does not fit the module (\(counts.joined(separator: ", "))); nothing was loaded:\n"
            + sections.joined(separator: "\n")
    }
}
