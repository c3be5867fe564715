import TinyformerNN
import TinyformerTensor

// Shape letters: B rows of one group, S source length, P decoder-only prompt length (S + 2),
// H heads, R query rows of one attention block, K keys, C model width, V vocabulary.

/// Greedy decoding of one group of equally long sources, one new token per step with cached
/// self-attention keys/values (and the cross-attention keys/values computed once), so a step
/// costs O(current length) instead of re-running the prefix. Must run under `withNoGrad`, with
/// the model in evaluation mode.
///
/// Encoder–decoder: encode source + EOS once, feed SOS, then each argmax, until every row has
/// produced EOS or `maxOutputLength` tokens. Decoder-only: run the prompt SOS + source + EOP in
/// one causal pass, then feed each argmax. PyTorch: `NMTTransformer.greedy` in
/// `Scripts/nmt_torch_twin.py` (which re-runs the whole prefix each step; same result).
struct GreedyDecoder {
    let model: Transformer
    let maxOutputLength: Int
    let collectAttention: Bool

    /// One decoded row: the generated ids (with the final EOS, if any) and its attention maps.
    struct Row {
        var tokens: [Int] = []
        var ended = false
        var encoderAttention: [AttentionMap] = []
        var decoderSelfAttention: [AttentionMap] = []
        var crossAttention: [AttentionMap] = []
    }

    /// Attention rows [firstRow, firstRow + R) of every layer: (B, H, R, K) tensors.
    private struct Block {
        let firstRow: Int
        let perLayer: [Tensor]
    }

    func decode(_ sources: [[Int]]) throws -> [Row] {
        let b = sources.count, s = sources[0].count
        let positions = model.positions, vocabulary = model.vocabulary
        let caches = model.decoder.makeCaches()
        var rows = [Row](repeating: Row(), count: b)
        var selfBlocks: [Block] = [], crossBlocks: [Block] = []
        var promptTokens: [Int]  // (B, P) the tokens fed before the first generated one
        var encoderWeights: [Tensor] = []
        var cross: [KeysValues]? = nil
        var logits: Tensor  // (B, 1, V) scores of the next token

        if let encoder = model.encoder, let encoderEmbedding = model.encoderEmbedding {
            let encoderTokens = sources.flatMap { $0 + [vocabulary.endOfSequence] }  // (B, S + 1)
            let x = try model.embed(encoderTokens, with: encoderEmbedding, batch: b, length: s + 1,
                                    positions: positions.prefix(s + 1))  // (B, S + 1, C)
            let memory = try encoder(x)
            encoderWeights = memory.selfWeights
            cross = try model.decoder.crossKeysValues(memory.x)
            promptTokens = [Int](repeating: vocabulary.startOfSequence, count: b)
            let step = try runStep(promptTokens, length: 1, positions: positions.row(0), cross: cross, caches: caches)
            logits = step.logits
            selfBlocks.append(Block(firstRow: 0, perLayer: step.selfWeights))
            crossBlocks.append(Block(firstRow: 0, perLayer: step.crossWeights))
            for r in 0..<b { rows[r].encoderAttention = encoderMaps(encoderWeights, row: r, tokens: encoderTokens, length: s + 1) }
        } else {
            let p = s + 2
            promptTokens = sources.flatMap { [vocabulary.startOfSequence] + $0 + [vocabulary.endOfPrompt] }  // (B, P)
            let step = try runStep(promptTokens, length: p, positions: positions.prefix(p), cross: nil, caches: caches)
            logits = step.logits
            selfBlocks.append(Block(firstRow: 0, perLayer: step.selfWeights))
        }
        let promptLength = promptTokens.count / b

        var produced = 0
        while true {
            let next = Self.argmax(logits)  // (B)
            produced += 1
            for r in 0..<b where !rows[r].ended {
                rows[r].tokens.append(next[r])
                if next[r] == vocabulary.endOfSequence { rows[r].ended = true }
            }
            if produced == maxOutputLength || rows.allSatisfy(\.ended) { break }
            let position = promptLength + produced - 1
            let step = try runStep(next, length: 1, positions: positions.row(position), cross: cross, caches: caches)
            logits = step.logits
            if collectAttention {
                selfBlocks.append(Block(firstRow: position, perLayer: step.selfWeights))
                if cross != nil { crossBlocks.append(Block(firstRow: position, perLayer: step.crossWeights)) }
            }
        }

        guard collectAttention else { return rows }
        for r in 0..<b {
            let fed = Array(promptTokens[(r * promptLength)..<((r + 1) * promptLength)]) + rows[r].tokens.dropLast()
            rows[r].decoderSelfAttention = assemble(selfBlocks, kind: .decoderSelfAttention, row: r,
                                                    queryTokens: fed, keyTokens: fed)
            if model.encoder != nil {
                let sourceTokens = sources[r] + [vocabulary.endOfSequence]
                rows[r].crossAttention = assemble(crossBlocks, kind: .crossAttention, row: r,
                                                  queryTokens: fed, keyTokens: sourceTokens)
            }
        }
        return rows
    }

    /// Feeds `tokens` (B·length) at `positions` through the decoder stack and the output layer;
    /// returns the last position's logits (B, 1, V) and the attention weights of every layer.
    private func runStep(_ tokens: [Int], length: Int, positions: Tensor, cross: [KeysValues]?,
                         caches: [KeyValueCache]) throws -> (logits: Tensor, selfWeights: [Tensor], crossWeights: [Tensor]) {
        let b = tokens.count / length
        let x = try model.embed(tokens, with: model.decoderEmbedding, batch: b, length: length, positions: positions)  // (B, L, C)
        let out = try model.decoder(x, cross: cross, caches: caches)
        let last = length == 1 ? out.x : try out.x.slice(axis: 1, range: (length - 1)..<length)  // (B, 1, C)
        return (try model.output(last), out.selfWeights, out.crossWeights)  // (B, 1, V)
    }

    /// The index of the largest logit of each row of (B, 1, V) (the first one on ties, like
    /// `torch.argmax`).
    static func argmax(_ logits: Tensor) -> [Int] {
        let v = logits.shape[logits.rank - 1], b = logits.count / v
        return (0..<b).map { r in
            let row = logits.data + r * v
            var best = 0
            for i in 1..<v where row[i] > row[best] { best = i }
            return best
        }
    }

    /// Row `r` of each encoder layer's (B, H, S, S) weights.
    private func encoderMaps(_ weights: [Tensor], row r: Int, tokens: [Int], length: Int) -> [AttentionMap] {
        guard collectAttention else { return [] }
        let sourceTokens = Array(tokens[(r * length)..<((r + 1) * length)])
        return weights.enumerated().map { layer, w in
            let heads = w.shape[1], size = heads * length * length
            let values = Array(UnsafeBufferPointer(start: w.data + r * size, count: size))
            return AttentionMap(kind: .encoderSelfAttention, layer: layer, heads: heads,
                                queryTokens: sourceTokens, keyTokens: sourceTokens, weights: values)
        }
    }

    /// Row `r`'s (H, Q, K) map per layer from blocks of query rows; keys a block does not cover
    /// (the future, for causal attention) are 0.
    private func assemble(_ blocks: [Block], kind: AttentionMap.Kind, row r: Int,
                          queryTokens: [Int], keyTokens: [Int]) -> [AttentionMap] {
        let q = queryTokens.count, k = keyTokens.count
        guard let first = blocks.first else { return [] }
        return (0..<first.perLayer.count).map { layer in
            let heads = first.perLayer[layer].shape[1]
            var values = [Float](repeating: 0, count: heads * q * k)  // (H, Q, K)
            for block in blocks {
                let w = block.perLayer[layer]  // (B, H, R, Kb)
                let blockRows = w.shape[2], blockKeys = w.shape[3]
                for h in 0..<heads {
                    for i in 0..<blockRows where block.firstRow + i < q {
                        let src = w.data + ((r * heads + h) * blockRows + i) * blockKeys
                        let dst = (h * q + block.firstRow + i) * k
                        for j in 0..<min(blockKeys, k) { values[dst + j] = src[j] }
                    }
                }
            }
            return AttentionMap(kind: kind, layer: layer, heads: heads, queryTokens: queryTokens, keyTokens: keyTokens, weights: values)
        }
    }
}
