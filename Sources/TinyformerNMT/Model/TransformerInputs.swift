// Shape letters: B batch, S source length, U target length (without special tokens).

/// One batch of (source, target) pairs laid out for a `Transformer`, all rows of equal lengths
/// (batches group pairs by length; nothing is padded):
///
/// - encoder–decoder: `encoderTokens` = source + EOS (B, S + 1), `decoderTokens` = SOS + target
///   (B, U + 1), `targets` = target + EOS (B, U + 1), no `lossWeights`;
/// - decoder-only: `decoderTokens` = SOS + source + EOP + target (B, S + U + 2), `targets` = the
///   same shifted left by one = source + EOP + target + EOS, `lossWeights` = 1 from the EOP
///   position on (the target and its EOS), 0 before; `encoderTokens` is empty.
///
/// PyTorch: `encoder_decoder_inputs` / `decoder_only_inputs` in `Scripts/nmt_torch_twin.py`.
public struct TransformerInputs: Sendable, Equatable {
    public let architecture: TransformerConfig.Architecture
    public let batch: Int
    /// (B, S + 1) row-major; empty for decoder-only.
    public let encoderTokens: [Int]
    public let encoderLength: Int
    /// (B, T) row-major.
    public let decoderTokens: [Int]
    public let decoderLength: Int
    /// (B, T) row-major: the next token at every decoder position.
    public let targets: [Int]
    /// (B, T) decoder-only loss mask; nil for encoder–decoder.
    public let lossWeights: [Float]?

    /// Lays out `sources` and `targets` (character ids of `vocabulary`, no special tokens; one
    /// pair per row, every source of one length and every target of one length).
    /// - Throws: `TransformerError` for an empty batch or row, rows of different lengths, a
    ///   count mismatch, or an id outside the characters.
    public init(architecture: TransformerConfig.Architecture, sources: [[Int]], targets: [[Int]],
                vocabulary: Vocabulary = .pigLatin) throws(TransformerError) {
        guard !sources.isEmpty else { throw .emptyInput("TransformerInputs: no pairs") }
        guard sources.count == targets.count else {
            throw .tokenCount(input: "targets", count: targets.count, expected: "one target per source (\(sources.count))")
        }
        let characters = vocabulary.characters.count
        let s = try Self.commonLength(sources, input: "sources", characters: characters)
        let u = try Self.commonLength(targets, input: "targets", characters: characters)
        let b = sources.count
        let sos = vocabulary.startOfSequence, eos = vocabulary.endOfSequence, eop = vocabulary.endOfPrompt
        self.architecture = architecture
        batch = b
        switch architecture {
        case .encoderDecoder:
            var encoder: [Int] = [], decoder: [Int] = [], next: [Int] = []
            encoder.reserveCapacity(b * (s + 1))
            decoder.reserveCapacity(b * (u + 1))
            next.reserveCapacity(b * (u + 1))
            for (source, target) in zip(sources, targets) {
                encoder += source; encoder.append(eos)
                decoder.append(sos); decoder += target
                next += target; next.append(eos)
            }
            encoderTokens = encoder
            encoderLength = s + 1
            decoderTokens = decoder
            decoderLength = u + 1
            self.targets = next
            lossWeights = nil
        case .decoderOnly:
            let t = s + u + 2
            var tokens: [Int] = [], next: [Int] = []
            tokens.reserveCapacity(b * t)
            next.reserveCapacity(b * t)
            for (source, target) in zip(sources, targets) {
                tokens.append(sos); tokens += source; tokens.append(eop); tokens += target
                next += source; next.append(eop); next += target; next.append(eos)
            }
            let row = (0..<t).map { $0 >= s + 1 ? Float(1) : 0 }  // (T): 1 from the EOP position on
            encoderTokens = []
            encoderLength = 0
            decoderTokens = tokens
            decoderLength = t
            self.targets = next
            lossWeights = Array([[Float]](repeating: row, count: b).joined())
        }
    }

    /// Positions the loss counts: every target (encoder–decoder) or those with a nonzero loss
    /// weight (decoder-only). Weighs each slice's mean loss when a batch is split.
    public var scoredPositions: Int {
        lossWeights.map { weights in weights.reduce(0) { $1 != 0 ? $0 + 1 : $0 } } ?? targets.count
    }

    /// The common length of `rows`, checking every id is a character (0..<characters).
    private static func commonLength(_ rows: [[Int]], input: String, characters: Int) throws(TransformerError) -> Int {
        let length = rows[0].count
        guard length > 0 else { throw .emptyInput("TransformerInputs: \(input)[0] is empty") }
        for (r, row) in rows.enumerated() {
            guard row.count == length else {
                throw .raggedBatch(input: input, lengths: Array(Set(rows.map(\.count))).sorted())
            }
            for (i, id) in row.enumerated() where id < 0 || id >= characters {
                throw .tokenOutOfRange(input: "\(input)[\(r)]", index: i, token: id, validUpperBound: characters)
            }
        }
        return length
    }
}
