// Loads one case of Fixtures/nmt (written by Scripts/make_nmt_fixtures.py from the PyTorch twin
// in Scripts/nmt_torch_twin.py): the config, the strict state dict, and the batch.
// Shape letters: B batch, S encoder positions, T decoder positions.
import Foundation
import TinyformerNMT
import TinyformerNN
import TinyformerTensor
import TinyformerTestSupport

/// Every case the fixture generator writes.
let torchTwinCases = ["encdec", "decoder", "encdec_options", "decoder_options"]

/// A Swift `Transformer` holding the PyTorch twin's weights for one fixture case.
struct TorchTwinCase {
    let fixture: Fixture
    let config: TransformerConfig
    let model: Transformer
    let batch: Int
    let encoderTokens: [Int]  // (B, S), empty for decoder-only
    let decoderTokens: [Int]  // (B, T)
    let targets: [Int]  // (B, T)
    let lossWeights: [Float]?  // (B, T), decoder-only

    init(_ name: String) throws {
        fixture = try Fixture("nmt/\(name)")
        config = try JSONDecoder().decode(TransformerConfig.self, from: Data(try fixture.metadata("config").utf8))
        model = try Transformer(config: config)
        try model.load(from: try Fixture("nmt/\(name)_weights").file, strict: true)
        batch = try fixture.shape("input.decoder_tokens")[0]
        decoderTokens = try fixture.ints("input.decoder_tokens")
        targets = try fixture.ints("input.targets")
        encoderTokens = fixture.has("input.encoder_tokens") ? try fixture.ints("input.encoder_tokens") : []
        lossWeights = fixture.has("input.loss_weights") ? try fixture.scalars("input.loss_weights") : nil
    }

    var length: Int { decoderTokens.count / batch }

    /// The (source, target) character ids of the fixture's pairs ("sense ensesay,…").
    func pairs() throws -> (sources: [[Int]], targets: [[Int]]) {
        let words = try fixture.metadata("pairs").split(separator: ",").map { $0.split(separator: " ").map(String.init) }
        return (try words.map { try Vocabulary.pigLatin.encode($0[0]) }, try words.map { try Vocabulary.pigLatin.encode($0[1]) })
    }

    func forward() throws -> TransformerOutput {
        switch config.architecture {
        case .encoderDecoder:
            return try model.forwardWithAttention(encoderTokens: encoderTokens, decoderTokens: decoderTokens, batch: batch)
        case .decoderOnly:
            return try model.forwardWithAttention(tokens: decoderTokens, batch: batch, length: length)
        }
    }

    func loss() throws -> Tensor {
        switch config.architecture {
        case .encoderDecoder:
            return try model.loss(encoderTokens: encoderTokens, decoderTokens: decoderTokens, targets: targets, batch: batch)
        case .decoderOnly:
            return try model.loss(tokens: decoderTokens, targets: targets, batch: batch, length: length, lossWeights: lossWeights)
        }
    }
}
