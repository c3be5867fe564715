/// A greedy translation of one word, with the attention the model used, per layer.
///
/// Encoder–decoder: the decoder was fed SOS + `outputTokens` without its last token; row t of
/// `decoderSelfAttention`/`crossAttention` is the step that produced `outputTokens[t]`.
/// Decoder-only: the sequence was SOS + source + EOP + `outputTokens` without its last token;
/// the rows of `decoderSelfAttention` cover that whole sequence.
public struct Translation: Sendable, Equatable {
    /// The input word (lowercased).
    public let source: String
    /// The decoded characters (up to the first EOS; special tokens skipped).
    public let output: String
    /// Every generated token id, including the final EOS when one was produced.
    public let outputTokens: [Int]
    /// True when decoding ended at EOS, false when it hit the length limit.
    public let endedWithEndOfSequence: Bool
    /// Per encoder layer (encoder–decoder only; empty unless attention was requested).
    public let encoderAttention: [AttentionMap]
    /// Per decoder layer (empty unless attention was requested).
    public let decoderSelfAttention: [AttentionMap]
    /// Per decoder layer (encoder–decoder only; empty unless attention was requested).
    public let crossAttention: [AttentionMap]

    public init(source: String, output: String, outputTokens: [Int], endedWithEndOfSequence: Bool,
                encoderAttention: [AttentionMap] = [], decoderSelfAttention: [AttentionMap] = [],
                crossAttention: [AttentionMap] = []) {
        self.source = source
        self.output = output
        self.outputTokens = outputTokens
        self.endedWithEndOfSequence = endedWithEndOfSequence
        self.encoderAttention = encoderAttention
        self.decoderSelfAttention = decoderSelfAttention
        self.crossAttention = crossAttention
    }
}
