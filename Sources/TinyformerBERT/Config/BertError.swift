// The errors of the BERT capability: configurations, model folders, inputs and runs.

/// Everything the BERT code refuses, with the file, key, tensor or argument named and what was
/// expected. Checkpoint name and shape problems arrive as `ModuleError.checkpoint` (one error
/// listing every missing, unexpected and mis-shaped tensor); tokenizer problems as
/// `TokenizerError`.
public enum BertError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A `config.json` that describes a model this library does not implement: every problem at
    /// once (another `model_type`, an activation outside `supportedActivations`, relative
    /// position embeddings, a decoder or cross-attention).
    case unsupportedConfiguration(source: String, problems: [String])
    /// A `config.json` value outside its valid range (`key` as in the file).
    case invalidConfiguration(source: String, key: String, value: String, expected: String)
    /// A file that must exist does not; `hint` says how to get it.
    case missingFile(path: String, hint: String)
    /// A file that exists but cannot be read or parsed.
    case unreadableFile(path: String, reason: String)
    /// Model inputs that do not fit the model or each other (ids outside the vocabulary, more
    /// positions than `max_position_embeddings`, ragged rows, an empty batch, a bad label).
    case invalidInput(String)
    /// An argument of a command or a library call (an empty path, a bad mode, a bad count).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unsupportedConfiguration(source, problems):
            return "\(source): unsupported BERT configuration (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
                + problems.map { "  - " + $0 }.joined(separator: "\n")
        case let .invalidConfiguration(source, key, value, expected):
            return "\(source): \"\(key)\" is \(value) (expected \(expected))"
        case let .missingFile(path, hint):
            return "\(path) does not exist; \(hint)"
        case let .unreadableFile(path, reason):
            return "cannot read \(path): \(reason)"
        case let .invalidInput(message):
            return "invalid BERT input: \(message)"
        case let .invalidArgument(message):
            return message
        }
    }
}
