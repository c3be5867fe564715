/// A benchmark setting that cannot be run.
public struct MatmulBenchmarkError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { "matmul benchmark: \(message)" }
}
