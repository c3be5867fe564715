extension TransformerConfig {
    /// The most parameters a configuration may ask for: 2²⁸ (1 GiB of weights, 4 GiB with Adam's
    /// state and the gradients). Configurations are checked against it before anything is
    /// allocated, so a mistyped size fails at once instead of exhausting the machine's memory.
    public static let maximumParameters = 1 << 28

    /// The most elements of the sinusoidal position table (maxLength × hiddenSize): 2²⁶.
    public static let maximumPositionTableElements = 1 << 26

    /// The number of parameters of a `Transformer` with this configuration, computed from the
    /// sizes alone (no allocation; equal to `Transformer(config:).parameterCount`, tested):
    ///
    ///     embeddings    V·h per stack (the encoder's only in the encoder–decoder)
    ///     attention     3(h² + h) for Q, K, V, plus h² + h with the output projection
    ///     MLP           h² + h (m = 1), else 2·m·h² + m·h + h
    ///     LayerNorm     2h each (pre-LN: one per sublayer and one final per stack)
    ///     output        V·h + V
    ///
    /// Overflow-safe: huge sizes saturate at `Int.max`.
    public var parameterCount: Int {
        let h = hiddenSize, v = vocabularySize, m = mlpMultiplier
        func sum(_ terms: [Int]) -> Int {
            terms.reduce(0) { total, term in
                let (result, overflow) = total.addingReportingOverflow(term)
                return overflow ? Int.max : result
            }
        }
        func product(_ factors: Int...) -> Int {
            factors.reduce(1) { total, factor in
                let (result, overflow) = total.multipliedReportingOverflow(by: factor)
                return overflow ? Int.max : result
            }
        }
        let attention = sum([product(3, h, h), product(3, h), attentionOutputProjection ? sum([product(h, h), h]) : 0])
        let mlp = m == 1 ? sum([product(h, h), h]) : sum([product(2, m, h, h), product(m, h), h])
        let norm = preLayerNorm ? product(2, h) : 0
        let encoderBlock = sum([attention, mlp, product(2, norm)])
        let decoderBlock = architecture == .encoderDecoder ? sum([product(2, attention), mlp, product(3, norm)]) : encoderBlock
        var stacks = sum([product(v, h), product(layers, decoderBlock), norm])
        if architecture == .encoderDecoder {
            stacks = sum([stacks, product(v, h), product(layers, encoderBlock), norm])
        }
        return sum([stacks, product(v, h), v])
    }

    /// Throws unless the model fits the size limits (`maximumParameters`,
    /// `maximumPositionTableElements`).
    func validateSize() throws(TransformerError) {
        let count = parameterCount
        guard count <= Self.maximumParameters else {
            throw .invalidConfiguration(
                "the model would have \(count == Int.max ? "more than 2⁶³" : String(count)) parameters (hiddenSize \(hiddenSize), layers \(layers), mlpMultiplier \(mlpMultiplier), vocabularySize \(vocabularySize)); at most 2²⁸ = \(Self.maximumParameters) are allowed")
        }
        let table = maxLength.multipliedReportingOverflow(by: hiddenSize)
        guard !table.overflow, table.partialValue <= Self.maximumPositionTableElements else {
            throw .invalidConfiguration(
                "maxLength \(maxLength) × hiddenSize \(hiddenSize) position table is larger than 2²⁶ = \(Self.maximumPositionTableElements) elements")
        }
    }
}
