// Shape letters: S encoder positions (source + EOS), T decoder positions (SOS + target), N
// decoder-only positions (SOS + source + EOP + target), C model width h, M = m·h the MLP width,
// V vocabulary.

extension TransformerConfig {
    /// Floating-point operations of one forward pass over one pair, counting the matrix products
    /// only (2·m·n·k each; the softmax, activations and norms are a few percent at these sizes):
    ///
    ///     encoder layer (per stack position)  Q,K,V 6C², scores + weights·V 4·S·C, W_o 2C², MLP
    ///     decoder layer                       the same over T causal positions, plus cross-attention:
    ///                                         Q 2C² per position, K,V 4C² per encoder position,
    ///                                         scores + weights·V 4·S·C per position, W_o 2C²
    ///     MLP per position                    2C² (m = 1) or 4·C·M (m > 1)
    ///     output layer per decoder position   2·C·V
    ///
    /// Attention is counted over every key (the causal mask is not subtracted, as the kernels
    /// compute full score matrices). A training step costs about 3× this (backward computes
    /// gradients of both operands of every product): `trainingFlops`.
    /// - Parameters:
    ///   - sourceLength: characters of the English word (without EOS).
    ///   - targetLength: characters of the Pig Latin word (without SOS/EOS).
    public func forwardFlops(sourceLength: Int, targetLength: Int) -> Double {
        let c = Double(hiddenSize), v = Double(vocabularySize), l = Double(layers)
        let mlp = mlpMultiplier == 1 ? 2 * c * c : 4 * c * c * Double(mlpMultiplier)
        let projection = attentionOutputProjection ? 2 * c * c : 0
        func selfAttentionLayer(_ positions: Double) -> Double {  // per layer, all positions
            positions * (6 * c * c + 4 * positions * c + projection + mlp)
        }
        switch architecture {
        case .encoderDecoder:
            let s = Double(sourceLength + 1), t = Double(targetLength + 1)
            let cross = t * (2 * c * c + 4 * s * c + projection) + s * 4 * c * c
            return l * (selfAttentionLayer(s) + selfAttentionLayer(t) + cross) + t * 2 * c * v
        case .decoderOnly:
            let n = Double(sourceLength + targetLength + 2)
            return l * selfAttentionLayer(n) + n * 2 * c * v
        }
    }

    /// `3 · forwardFlops`: forward plus a backward pass that differentiates both operands of every
    /// product — the usual 6·parameters·tokens estimate, with attention included.
    public func trainingFlops(sourceLength: Int, targetLength: Int) -> Double {
        3 * forwardFlops(sourceLength: sourceLength, targetLength: targetLength)
    }
}
