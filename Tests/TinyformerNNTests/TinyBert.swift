// A module named the way Tinyformer names things, shaped like the tensors of the Hugging Face-style
// fixture Fixtures/checkpoint/bert_like_*.safetensors (written by Scripts/make_checkpoint_fixtures.py).
// C = 8 channels, V = 10 tokens, 16 hidden units, a 4-output linear patch embedding over
// 2 channels × 2 × 2 pixels (a Conv2d(2, 4, 2) in the fixture).
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

final class TinyBert: Module {
    private(set) var wordEmbeddings: Embedding  // weight (V, C)
    private(set) var norm: LayerNorm  // (C)
    private(set) var intermediate: Linear  // (16, C)
    private(set) var patch: Linear  // (4, 2·2·2)
    var isTraining = true

    static let members: [ModuleMember<TinyBert>] = [
        .module("embeddings.word_embeddings", \.wordEmbeddings), .module("embeddings.LayerNorm", \.norm),
        .module("encoder.layer.0.intermediate.dense", \.intermediate), .module("patch_embed.proj", \.patch),
    ]

    init(seed: UInt64 = 0) throws {
        var generator = SeededGenerator(seed: seed)
        wordEmbeddings = try Embedding(count: 10, width: 8, using: &generator)
        norm = try LayerNorm(width: 8)
        intermediate = try Linear(inputWidth: 8, outputWidth: 16, using: &generator)
        patch = try Linear(inputWidth: 8, outputWidth: 4, using: &generator)
    }

    private init(copying other: TinyBert) {
        (wordEmbeddings, norm, intermediate, patch, isTraining) = (other.wordEmbeddings, other.norm, other.intermediate, other.patch, other.isTraining)
    }

    func memberwiseCopy() -> TinyBert { TinyBert(copying: self) }

    /// What the fixture needs: drop `bert.`, skip the `position_ids` buffer, flatten the conv weight.
    static let huggingFaceMapping = CheckpointMapping.strippingPrefix("bert.")
        .then(.skipping { $0.hasSuffix(".position_ids") })
        .then(.transforming(["patch_embed.proj.weight": .flattened(fromAxis: 1)]))
}
