// Reading Hugging Face BERT checkpoints into this library's modules.
import TinyformerNN

extension CheckpointMapping {
    /// Buffers transformers stores next to BERT's parameters (older checkpoints hold
    /// `position_ids`), which are not parameters.
    public static let bertBuffers: Set<String> = ["embeddings.position_ids", "embeddings.token_type_ids"]

    /// Maps a Hugging Face file onto a module whose names `table` lists: each tensor name goes
    /// through `table` (Hugging Face → own); names the table does not know pass unchanged (and
    /// are reported as unexpected by a strict load). Skipped: the buffers (with or without the
    /// `bert.` prefix) and every tensor whose name starts with one of `skippingPrefixes` (the
    /// heads of other BERT classes).
    /// - Parameter strippingPrefix: removed first when a name starts with it: "bert." reads a
    ///   `BertFor…` file into a `BertModel` (a `BertModel` file has no prefix).
    public static func huggingFaceBert(_ table: BertNameTable, strippingPrefix prefix: String? = nil,
                                       skippingPrefixes: [String] = []) -> CheckpointMapping {
        CheckpointMapping(rename: { name in
            var stripped = name
            if let prefix, stripped.hasPrefix(prefix) { stripped.removeFirst(prefix.count) }
            let bare = stripped.hasPrefix("bert.") ? String(stripped.dropFirst(5)) : stripped
            if bertBuffers.contains(bare) || skippingPrefixes.contains(where: { stripped.hasPrefix($0) }) { return nil }
            return table.own(for: stripped) ?? name
        })
    }
}
