// Helpers shared by the CLIP tests: the golden fixtures of Scripts/make_clip_model_fixtures.py
// and small random models written as Hugging Face folders.
import Foundation
import Testing
import TinyformerCLIP
import TinyformerIO
import TinyformerRandom
import TinyformerTensor
import TinyformerTestSupport

enum ClipFixtures {
    static let cases = ["tiny_eos", "tiny_legacy"]

    /// The saved Hugging Face folder of a fixture case.
    static func folder(_ name: String) -> URL { packageRoot.appendingPathComponent("Fixtures/clip/\(name)") }

    static func expected(_ name: String) throws -> Fixture { try Fixture("clip/\(name)_expected") }

    /// An F32-stored integer matrix as an `IntTensor`.
    static func ints(_ fixture: Fixture, _ key: String) throws -> IntTensor {
        try IntTensor(shape: try fixture.shape(key), values: try fixture.ints(key))
    }
}

/// A fresh empty temporary folder, removed by the caller's `defer`.
func temporaryFolder(_ label: String = "clip") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tinyformer-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A small random CLIP configuration (two layers per tower, 16-pixel images in 4-pixel patches).
func smallConfig(vocabulary: Int = 40, context: Int = 8) -> ClipConfig {
    ClipConfig(textConfig: ClipTextConfig(vocabSize: vocabulary, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2,
                                          numAttentionHeads: 2, maxPositionEmbeddings: context, bosTokenID: vocabulary - 2,
                                          eosTokenID: vocabulary - 1, padTokenID: vocabulary - 1),
               visionConfig: ClipVisionConfig(hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2, numAttentionHeads: 2,
                                              imageSize: 16, patchSize: 4),
               projectionDim: 8)
}
