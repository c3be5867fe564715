// The FLOP count of a forward pass equals the sum of 2·m·n·k over the model's matrix products,
// enumerated here product by product for two tiny configurations.
import Testing
import TinyformerNMT

/// 2·m·n·k summed over (m, n, k) products.
private func total(_ products: [(Int, Int, Int)]) -> Double {
    products.reduce(0) { $0 + 2 * Double($1.0 * $1.1 * $1.2) }
}

@Test func encoderDecoderForwardFlopsSumItsMatrixProducts() {
    let config = TransformerConfig(architecture: .encoderDecoder, vocabularySize: 30, hiddenSize: 4, layers: 1)
    let (s, t, c) = (3, 4, 4)  // source "ab" + EOS, SOS + target "abc"
    let products = [
        (s, c, c), (s, c, c), (s, c, c), (s, s, c), (s, c, s), (s, c, c),  // encoder: Q K V, scores, ·V, MLP
        (t, c, c), (t, c, c), (t, c, c), (t, t, c), (t, c, t),  // decoder self-attention
        (t, c, c), (s, c, c), (s, c, c), (t, s, c), (t, c, s),  // cross: Q, K and V of the memory, scores, ·V
        (t, c, c), (t, 30, c),  // MLP, output layer
    ]
    #expect(config.forwardFlops(sourceLength: 2, targetLength: 3) == total(products))
    #expect(config.trainingFlops(sourceLength: 2, targetLength: 3) == 3 * total(products))
}

@Test func decoderOnlyForwardFlopsSumItsMatrixProducts() {
    let config = TransformerConfig(architecture: .decoderOnly, vocabularySize: 30, hiddenSize: 4, layers: 2, heads: 2,
                                   mlpMultiplier: 2, attentionOutputProjection: true)
    let (n, c, m) = (7, 4, 8)  // SOS + "ab" + EOP + "abc"
    // Heads split the channels: H products of (n, n, c/H) cost what one (n, n, c) does.
    let layer = [(n, c, c), (n, c, c), (n, c, c), (n, n, c), (n, c, n), (n, c, c), (n, m, c), (n, c, m)]
    #expect(config.forwardFlops(sourceLength: 2, targetLength: 3) == total(layer + layer + [(n, 30, c)]))
}
