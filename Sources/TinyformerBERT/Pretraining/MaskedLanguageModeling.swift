// BERT's masking rule for masked-language-model pretraining.
import TinyformerRandom
import TinyformerTensor

/// Hugging Face's `DataCollatorForLanguageModeling` rule: every position that is not a special
/// token or padding is chosen with probability `probability` (0.15); a chosen position's label is
/// its token (others get −100, ignored by the loss) and its input becomes [MASK] with
/// probability 0.8, a uniformly random token with 0.1, and stays unchanged with 0.1.
public struct MaskedLanguageModeling: Codable, Sendable, Equatable {
    public var probability: Double
    public var maskFraction: Double
    public var randomFraction: Double

    public init(probability: Double = 0.15, maskFraction: Double = 0.8, randomFraction: Double = 0.1) {
        self.probability = probability
        self.maskFraction = maskFraction
        self.randomFraction = randomFraction
    }

    /// Masks `inputs`; draws, per position in row-major order, one uniform for the choice and, for
    /// a chosen one, one for the replacement (and a token index for a random one).
    /// - Parameters:
    ///   - maskID: the [MASK] id; `vocabularySize`: random tokens are drawn from 0..<V.
    ///   - special: ids never chosen ([CLS], [SEP], [PAD], …).
    /// - Returns: the masked inputs and one label per position (the original id, or −100).
    public func apply(to inputs: BertInputs, maskID: Int, vocabularySize: Int, special: Set<Int>,
                      using generator: inout SeededGenerator) throws(BertError) -> (inputs: BertInputs, labels: [Int]) {
        var ids = inputs.inputIDs.values
        var labels = [Int](repeating: -100, count: ids.count)
        for i in ids.indices where inputs.attentionMask[i] && !special.contains(ids[i]) {
            guard generator.nextDouble() < probability else { continue }
            labels[i] = ids[i]
            let u = generator.nextDouble()
            if u < maskFraction {
                ids[i] = maskID
            } else if u < maskFraction + randomFraction {
                ids[i] = generator.uniformIndex(below: vocabularySize)
            }
        }
        let masked = try BertInputs.make(ids: ids, like: inputs)
        return (masked, labels)
    }
}

extension BertInputs {
    /// `inputs` with other ids (same shape, token types and mask).
    static func make(ids: [Int], like inputs: BertInputs) throws(BertError) -> BertInputs {
        let shape = inputs.inputIDs.shape
        do {
            return try BertInputs(inputIDs: IntTensor(shape: shape, values: ids), tokenTypeIDs: inputs.tokenTypeIDs,
                                  attentionMask: IntTensor(shape: shape, values: inputs.attentionMask.map { $0 ? 1 : 0 }))
        } catch let error as BertError {
            throw error
        } catch {
            throw .invalidInput("\(error)")
        }
    }
}
