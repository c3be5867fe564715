// Parameter counts of BERT models from their configuration.

extension BertConfig {
    /// Scalars of a `BertModel`: embeddings V·C + P·C + K·C + 2C, per layer 4(C² + C) + 2(CM) + M
    /// + C + 4C (Q, K, V, output, MLP, two LayerNorms), the pooler C² + C.
    public func parameterCount(pooler: Bool = true) -> Int {
        let c = hiddenSize, m = intermediateSize
        let embeddings = (vocabularySize + maxPositions + typeVocabularySize) * c + 2 * c
        let layer = 4 * (c * c + c) + 2 * c * m + m + c + 4 * c
        return embeddings + layers * layer + (pooler ? c * c + c : 0)
    }
}
