/// Errors from building, running or decoding a `Transformer`. Each message names the call and
/// the offending value. (Characters outside the vocabulary surface as `VocabularyError`, tensor
/// shape problems as `TensorError`, bad checkpoints as `ModuleError`.)
public enum TransformerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A `TransformerConfig` field out of range.
    case invalidConfiguration(String)
    /// An encoder–decoder call on a decoder-only model or the reverse.
    case wrongArchitecture(operation: String, model: TransformerConfig.Architecture)
    /// A token id outside 0..<`validUpperBound` at `index` of the named input.
    case tokenOutOfRange(input: String, index: Int, token: Int, validUpperBound: Int)
    /// An input whose token count does not fit the batch (empty, or not batch × length).
    case tokenCount(input: String, count: Int, expected: String)
    /// A sequence longer than the positional table (`maxLength`).
    case sequenceTooLong(input: String, length: Int, maxLength: Int)
    /// Rows of one batch with different lengths (batches group equal lengths; nothing is padded).
    case raggedBatch(input: String, lengths: [Int])
    /// An empty word, source or batch where at least one element is needed.
    case emptyInput(String)
    /// A decoding limit that is not positive.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .invalidConfiguration(message):
            return "TransformerConfig: \(message)"
        case let .wrongArchitecture(operation, model):
            return "Transformer.\(operation): not available for a \(model) model"
        case let .tokenOutOfRange(input, index, token, bound):
            return "Transformer: \(input)[\(index)] = \(token) is outside the token ids 0..<\(bound)"
        case let .tokenCount(input, count, expected):
            return "Transformer: \(input) has \(count) tokens, expected \(expected)"
        case let .sequenceTooLong(input, length, maxLength):
            return "Transformer: \(input) has length \(length), longer than maxLength \(maxLength)"
        case let .raggedBatch(input, lengths):
            return "Transformer: the rows of \(input) have different lengths \(lengths); a batch needs equal lengths"
        case let .emptyInput(message):
            return "Transformer: \(message)"
        case let .invalidArgument(message):
            return "Transformer: \(message)"
        }
    }
}
