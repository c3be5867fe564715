import TinyformerTensor

// Shape letters: B batch, T decoder positions, V vocabulary.

extension Transformer {
    /// Mean cross-entropy of the next token (`F.cross_entropy(logits.view(-1, V), targets)`):
    ///   loss = Σ_n w_n (logsumexp(z_n) − z_n[y_n]) / Σ_n w_n
    /// with w = `lossWeights` (decoder-only) or 1 (encoder–decoder). Returns a scalar tensor.
    /// Dropout (when configured) acts in training mode.
    public func loss(_ inputs: TransformerInputs) throws -> Tensor {
        switch inputs.architecture {
        case .encoderDecoder:
            return try loss(encoderTokens: inputs.encoderTokens, decoderTokens: inputs.decoderTokens,
                            targets: inputs.targets, batch: inputs.batch)
        case .decoderOnly:
            return try loss(tokens: inputs.decoderTokens, targets: inputs.targets, batch: inputs.batch,
                            length: inputs.decoderLength, lossWeights: inputs.lossWeights)
        }
    }

    /// The logits (B, T, V) of `inputs` for this model's architecture.
    public func forward(_ inputs: TransformerInputs) throws -> Tensor {
        switch inputs.architecture {
        case .encoderDecoder:
            return try forward(encoderTokens: inputs.encoderTokens, decoderTokens: inputs.decoderTokens,
                               batch: inputs.batch)
        case .decoderOnly:
            return try forward(tokens: inputs.decoderTokens, batch: inputs.batch, length: inputs.decoderLength)
        }
    }

    /// Encoder–decoder loss: `forward(encoderTokens:decoderTokens:batch:)` scored against
    /// `targets` (B·T: target + EOS), every position counted.
    public func loss(encoderTokens: [Int], decoderTokens: [Int], targets: [Int], batch: Int) throws -> Tensor {
        try checkTargets(targets, positions: decoderTokens.count)
        let logits = try forward(encoderTokens: encoderTokens, decoderTokens: decoderTokens, batch: batch)
        return try logits.crossEntropy(targets: targets, ignoreIndex: nil)
    }

    /// Decoder-only loss: `forward(tokens:batch:length:)` scored against `targets` (B·T), counting
    /// only positions with weight ≠ 0. `lossWeights` nil means 1 from each row's first EOP on
    /// (`decoderOnlyLossWeights`).
    public func loss(tokens: [Int], targets: [Int], batch: Int, length: Int, lossWeights: [Float]? = nil) throws -> Tensor {
        try checkTargets(targets, positions: tokens.count)
        let weights = try lossWeights ?? Transformer.decoderOnlyLossWeights(tokens: tokens, batch: batch,
                                                                            endOfPrompt: vocabulary.endOfPrompt)
        guard weights.count == tokens.count else {
            throw TransformerError.tokenCount(input: "lossWeights", count: weights.count, expected: "one weight per position (\(tokens.count))")
        }
        let logits = try forward(tokens: tokens, batch: batch, length: length)
        return try logits.crossEntropy(targets: targets, ignoreIndex: nil, weights: weights)
    }

    /// The decoder-only loss mask of tokens (B·T): 1 at and after the first EOP of each row, 0
    /// before (so the prompt's characters are not scored).
    /// - Throws: `TransformerError.invalidArgument` naming a row without EOP.
    public static func decoderOnlyLossWeights(tokens: [Int], batch: Int,
                                              endOfPrompt: Int = Vocabulary.pigLatin.endOfPrompt) throws(TransformerError) -> [Float] {
        guard batch > 0, !tokens.isEmpty, tokens.count % batch == 0 else {
            throw .tokenCount(input: "tokens", count: tokens.count, expected: "a positive multiple of the batch size \(batch)")
        }
        let t = tokens.count / batch
        var weights = [Float](repeating: 0, count: tokens.count)  // (B, T)
        for b in 0..<batch {
            guard let start = tokens[(b * t)..<((b + 1) * t)].firstIndex(of: endOfPrompt) else {
                throw .invalidArgument("decoder-only row \(b) has no EOP (\(endOfPrompt)) token")
            }
            for i in start..<((b + 1) * t) { weights[i] = 1 }
        }
        return weights
    }

    private func checkTargets(_ targets: [Int], positions: Int) throws(TransformerError) {
        guard targets.count == positions else {
            throw .tokenCount(input: "targets", count: targets.count, expected: "one target per decoder position (\(positions))")
        }
        for (i, token) in targets.enumerated() where token < 0 || token >= config.vocabularySize {
            throw .tokenOutOfRange(input: "targets", index: i, token: token, validUpperBound: config.vocabularySize)
        }
    }
}
