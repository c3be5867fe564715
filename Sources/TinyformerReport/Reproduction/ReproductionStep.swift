import Foundation

/// One command of a reproduction: an executable of this package with its arguments, writing into
/// its section's folder. Its standard output goes to `logs/<name>.out` and its standard error to
/// `logs/<name>.err` in that folder.
public struct ReproductionStep: Sendable, Equatable {
    /// A short file-safe name, unique within its section ("experiment", "translate").
    public var name: String
    /// The executable's product name ("nmt").
    public var executable: String
    /// Its arguments; `{out}` stands for the section's folder.
    public var arguments: [String]
    /// A typical duration on a 2-core machine, seconds (for the progress estimate).
    public var estimatedSeconds: Double

    public init(name: String, executable: String, arguments: [String], estimatedSeconds: Double) {
        self.name = name
        self.executable = executable
        self.arguments = arguments
        self.estimatedSeconds = estimatedSeconds
    }

    /// The arguments with `{out}` replaced.
    public func resolvedArguments(out: URL) -> [String] {
        arguments.map { $0.replacingOccurrences(of: "{out}", with: out.path) }
    }
}

/// How big a reproduction is.
public enum ReproductionMode: String, Sendable, Codable, CaseIterable {
    /// Small settings that still show every effect the answers claim (minutes).
    case quick
    /// The course's configurations.
    case full
}

/// What a step left behind: `<section>/.steps/<step>.json`. A later run skips the step when its
/// key (the executable's bytes and the arguments) is the same and it succeeded.
struct StepRecord: Codable, Equatable {
    var key: String
    var exitCode: Int32
    var seconds: Double
}
