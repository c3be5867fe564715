// Texts → [CLS] hidden states and pooled outputs, batched and split over the cores.
import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerTensor

// Shape letters: B batch rows, T positions, C hidden width.

/// Inference over many texts: tokenize, pad each batch to its longest row, run the model in
/// evaluation mode without a graph, rows split over the data-parallel replicas.
///
/// ```swift
/// let folder = try BertFolder(URL(fileURLWithPath: "models/all-MiniLM-L6-v2"))
/// let encoder = try BertTextEncoder(model: folder.loadModel().model, tokenizer: folder.tokenizer())
/// let out = try encoder.encode(["eight minus ten"])   // out.pooled[0].count == 384
/// ```
public struct BertTextEncoder {
    public let model: BertModel
    public let tokenizer: WordPieceTokenizer
    private let parallel: DataParallel<BertModel>

    /// What `encode` returns, one entry per text.
    public struct Encoded: Codable, Sendable, Equatable {
        /// The ids of each text (`[CLS] … [SEP]`, unpadded).
        public var inputIDs: [[Int]]
        /// last_hidden_state[:, 0] per text (C).
        public var lastHiddenStateCLS: [[Float]]
        /// pooler_output per text (C); empty rows without a pooler.
        public var pooled: [[Float]]

        private enum CodingKeys: String, CodingKey {
            case inputIDs = "input_ids", lastHiddenStateCLS = "last_hidden_state_cls", pooled = "pooler_output"
        }
    }

    public init(model: BertModel, tokenizer: WordPieceTokenizer) throws {
        self.model = model.eval()
        self.tokenizer = tokenizer
        parallel = try DataParallel(model)
    }

    /// Encodes `texts` in batches of `batchSize` (each truncated to `max_position_embeddings`).
    /// - Throws: `TokenizerError`, `BertError.invalidInput`.
    public func encode(_ texts: [String], batchSize: Int = 32) throws -> Encoded {
        var result = Encoded(inputIDs: [], lastHiddenStateCLS: [], pooled: [])
        for start in stride(from: 0, to: texts.count, by: max(batchSize, 1)) {
            let encodings = try texts[start..<min(start + batchSize, texts.count)].map {
                try tokenizer.encode($0, maxLength: model.config.maxPositions)
            }
            let inputs = try BertInputs(padding: encodings, paddingID: tokenizer.paddingID)
            let b = inputs.batch, parts = min(parallel.replicas.count, b)
            let ranges = (0..<parts).map { p in (p * b / parts)..<((p + 1) * b / parts) }
            let pieces = try parallel.run(parts: parts) { replica, p in
                try withNoGrad {
                    let out = try replica(try inputs.rows(ranges[p]))
                    let cls = try out.lastHiddenState.gatherPositions([Int](repeating: 0, count: ranges[p].count))  // (n_p, C)
                    return (cls.scalars, out.pooledOutput?.scalars ?? [])
                }
            }
            let c = model.config.hiddenSize
            func rows(_ scalars: [Float]) -> [[Float]] { stride(from: 0, to: scalars.count, by: c).map { Array(scalars[$0..<($0 + c)]) } }
            result.inputIDs += encodings.map(\.inputIDs)
            for (cls, pooled) in pieces {
                result.lastHiddenStateCLS += rows(cls)
                result.pooled += pooled.isEmpty ? [[Float]](repeating: [], count: rows(cls).count) : rows(pooled)
            }
        }
        return result
    }
}
