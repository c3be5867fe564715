// Matrix-product FLOPs of BERT passes, for the GFLOP/s figures of training logs and benchmarks.

extension BertConfig {
    /// FLOPs of the matrix products of one forward pass over `rows` sequences of `length`
    /// positions (2 per multiply–add): per position and layer 2·(4C² + 2CM) for the Q, K, V,
    /// output and MLP projections plus 4·T·C for the attention scores and their weighted sum;
    /// the pooler 2C² per row. Embedding lookups, norms and softmax are not counted.
    public func forwardFlops(rows: Int, length: Int) -> Double {
        let c = Double(hiddenSize), m = Double(intermediateSize), t = Double(length)
        let perPosition = Double(layers) * (2 * (4 * c * c + 2 * c * m) + 4 * t * c)
        return Double(rows) * (t * perPosition + 2 * c * c)
    }
}
