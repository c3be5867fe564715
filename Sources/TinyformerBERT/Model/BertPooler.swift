// BERT's pooler: a dense layer and tanh on the [CLS] position.
import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, C hidden width.

/// Hugging Face's `BertPooler`: pooled = tanh(h[:, 0]·Wᵀ + b), the last hidden state of each
/// row's first token ([CLS]) through `dense` (C, C) and tanh. (B, T, C) → (B, C).
public final class BertPooler: Module {
    public private(set) var dense: Linear
    public var isTraining = true

    public static let members: [ModuleMember<BertPooler>] = [.module("dense", \.dense)]

    public init(width: Int, using generator: inout SeededGenerator) throws {
        dense = try Linear(inputWidth: width, outputWidth: width, using: &generator)
    }

    private init(copying other: BertPooler) {
        dense = other.dense
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> BertPooler { BertPooler(copying: self) }

    /// hidden (B, T, C) → pooled (B, C).
    public func callAsFunction(_ hidden: Tensor) throws -> Tensor {
        let first = try hidden.gatherPositions([Int](repeating: 0, count: hidden.shape[0]))  // (B, C)
        return try dense(first).tanh()  // (B, C)
    }
}
