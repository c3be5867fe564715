import TinyformerNN

/// The one table between this library's parameter names and Hugging Face's `CLIPModel` names,
/// used both ways: to load a checkpoint (`loadingMapping`) and to write one (`huggingFaceName`).
///
/// Everything outside the encoder layers already carries Hugging Face's name (the members of
/// `ClipModel`, `ClipTextTransformer` and `ClipVisionTransformer` are named after it). Inside
/// `…encoder.layers.<i>.` the library's `TransformerBlock` names map as
///
///     self_attention_norm   ↔ layer_norm1        mlp_norm  ↔ layer_norm2
///     self_attention.query  ↔ self_attn.q_proj   mlp.fc    ↔ mlp.fc1
///     self_attention.key    ↔ self_attn.k_proj   mlp.proj  ↔ mlp.fc2
///     self_attention.value  ↔ self_attn.v_proj
///     self_attention.output ↔ self_attn.out_proj
///
/// and one tensor changes shape: `vision_model.embeddings.patch_embedding.weight` is a
/// convolution weight (C, K, p, p) in the file and its flattening (C, K·p·p) here. Buffers that
/// older checkpoints store (`…embeddings.position_ids`) are skipped when loading.
public enum ClipNameTable {
    /// (library component, Hugging Face component) inside an encoder layer.
    public static let layerComponents: [(ours: String, huggingFace: String)] = [
        ("self_attention_norm", "layer_norm1"), ("self_attention.query", "self_attn.q_proj"),
        ("self_attention.key", "self_attn.k_proj"), ("self_attention.value", "self_attn.v_proj"),
        ("self_attention.output", "self_attn.out_proj"), ("mlp_norm", "layer_norm2"),
        ("mlp.fc", "mlp.fc1"), ("mlp.proj", "mlp.fc2"),
    ]

    /// The patch embedding's name (the same on both sides).
    public static let patchEmbedding = "vision_model.embeddings.patch_embedding.weight"

    /// The Hugging Face name of a library parameter (names the table does not cover pass unchanged).
    public static func huggingFaceName(_ ours: String) -> String {
        translate(ours, from: \.ours, to: \.huggingFace)
    }

    /// The library name of a Hugging Face tensor (names the table does not cover pass unchanged).
    public static func ourName(_ huggingFace: String) -> String {
        translate(huggingFace, from: \.huggingFace, to: \.ours)
    }

    /// Whether a checkpoint tensor is a buffer that loading skips.
    public static func isSkippedBuffer(_ huggingFace: String) -> Bool {
        huggingFace.hasSuffix("embeddings.position_ids")
    }

    /// Loads a Hugging Face `CLIPModel` state dict into a `ClipModel`: renames through the table,
    /// skips the buffers, flattens the patch convolution weight.
    public static let loadingMapping = CheckpointMapping.skipping(where: isSkippedBuffer)
        .then(CheckpointMapping(rename: { ourName($0) },
                                transform: { $0 == patchEmbedding ? .flattened(fromAxis: 1) : nil }))

    /// `<prefix>encoder.layers.<i>.<component>.<weight|bias>` with the component swapped.
    private static func translate(_ name: String, from: KeyPath<(ours: String, huggingFace: String), String>,
                                  to: KeyPath<(ours: String, huggingFace: String), String>) -> String {
        guard let layers = name.range(of: "encoder.layers.") else { return name }
        let afterLayers = name[layers.upperBound...]
        guard let dot = afterLayers.firstIndex(of: "."), Int(afterLayers[..<dot]) != nil else { return name }
        let rest = afterLayers[afterLayers.index(after: dot)...]
        for entry in layerComponents {
            let component = entry[keyPath: from]
            if rest.hasPrefix(component + ".") {
                return String(name[..<rest.startIndex]) + entry[keyPath: to] + String(rest.dropFirst(component.count))
            }
        }
        return name
    }
}
