// A module named the way Tinyformer names things, shaped like the tensors of the Hugging Face-style
// fixture Fixtures/checkpoint/bert_like_*.safetensors (written by Scripts/make_checkpoint_fixtures.py).
// C = 8 channels, V = 10 tokens, 16 hidden units, a 4-output linear patch embedding over
// 2 channels × 2 × 2 pixels (a Conv2d(2, 4, 2) in the fixture).
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

final class TinyBert: Module {
    let wordEmbeddings: Embedding  // weight (V, C)
    let norm: LayerNorm  // (C)
    let intermediate: Linear  // (16, C)
    let patch: Linear  // (4, 2·2·2)

    init(seed: UInt64 = 0) throws {
        var generator = SeededGenerator(seed: seed)
        wordEmbeddings = try Embedding(count: 10, width: 8, using: &generator)
        norm = try LayerNorm(width: 8)
        intermediate = try Linear(inFeatures: 8, outFeatures: 16, using: &generator)
        patch = try Linear(inFeatures: 8, outFeatures: 4, using: &generator)
    }

    var namedParameters: [NamedParameter] {
        prefixed("embeddings.word_embeddings", wordEmbeddings) + prefixed("embeddings.LayerNorm", norm)
            + prefixed("encoder.layer.0.intermediate.dense", intermediate) + prefixed("patch_embed.proj", patch)
    }

    /// What the fixture needs: drop `bert.`, skip the `position_ids` buffer, flatten the conv weight.
    static let huggingFaceMapping = CheckpointMapping.strippingPrefix("bert.")
        .then(.skipping { $0.hasSuffix(".position_ids") })
        .then(.transforming(["patch_embed.proj.weight": .flattened(fromAxis: 1)]))
}
