import Foundation
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, C width, L maximum length.

/// Fixed sinusoidal positions (Vaswani et al. 2017), added to the input:
///   PE(pos, 2i) = sin(pos / 10000^(2i/C)),  PE(pos, 2i+1) = cos(pos / 10000^(2i/C)).
/// No parameters.
public final class SinusoidalPositionalEncoding: Module {
    /// The constant table, shared by replicas (no gradient flows into it).
    public let table: Tensor  // (L, C)
    public let maxLength: Int
    public var isTraining = true

    public static let members: [ModuleMember<SinusoidalPositionalEncoding>] = []

    public init(maxLength: Int, width: Int) throws {
        guard maxLength > 0, width > 0 else {
            throw ModuleError.invalidConfiguration("SinusoidalPositionalEncoding: maxLength and width must be positive")
        }
        self.maxLength = maxLength
        var values = [Float](repeating: 0, count: maxLength * width)
        for pos in 0..<maxLength {
            for i in stride(from: 0, to: width, by: 2) {
                let angle = Double(pos) / pow(10000, Double(i) / Double(width))
                values[pos * width + i] = Float(sin(angle))
                if i + 1 < width { values[pos * width + i + 1] = Float(cos(angle)) }
            }
        }
        table = try Tensor(shape: [maxLength, width], scalars: values)
    }

    private init(table: Tensor, isTraining: Bool) {
        self.table = table
        maxLength = table.shape[0]
        self.isTraining = isTraining
    }

    public func memberwiseCopy() -> SinusoidalPositionalEncoding { SinusoidalPositionalEncoding(table: table, isTraining: isTraining) }

    /// x (B, T, C) + PE[0..<T] → (B, T, C).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 3, x.shape[1] <= maxLength else {
            throw TensorError.invalidShape(op: "SinusoidalPositionalEncoding", shape: x.shape, expected: "(B, T ≤ \(maxLength), C)")
        }
        return try x + table.slice(axis: 0, range: 0..<x.shape[1])
    }
}

/// Learned absolute positions (GPT/BERT style): parameter `weight` (L, C) ~ N(0, 1) like
/// `nn.Embedding`, added to the input.
public final class LearnedPositionalEmbedding: Module {
    public private(set) var weight: Tensor  // (L, C)
    public var isTraining = true

    public static let members: [ModuleMember<LearnedPositionalEmbedding>] = [.parameter("weight", \.weight)]

    public init(maxLength: Int, width: Int, using generator: inout SeededGenerator) throws {
        guard maxLength > 0, width > 0 else {
            throw ModuleError.invalidConfiguration("LearnedPositionalEmbedding: maxLength and width must be positive")
        }
        weight = try Tensor.normal([maxLength, width], requiresGrad: true, using: &generator)
    }

    private init(weight: Tensor, isTraining: Bool) {
        self.weight = weight
        self.isTraining = isTraining
    }

    public func memberwiseCopy() -> LearnedPositionalEmbedding { LearnedPositionalEmbedding(weight: weight, isTraining: isTraining) }

    /// x (B, T, C) + weight[0..<T] → (B, T, C).
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard x.rank == 3, x.shape[1] <= weight.shape[0] else {
            throw TensorError.invalidShape(op: "LearnedPositionalEmbedding", shape: x.shape, expected: "(B, T ≤ \(weight.shape[0]), C)")
        }
        return try x + weight.slice(axis: 0, range: 0..<x.shape[1])
    }
}
