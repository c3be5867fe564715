import TinyformerRandom
import TinyformerTensor

/// Inverted dropout as a module (`torch.nn.Dropout(p)`): in training mode each element is
/// zeroed with probability p and the survivors scaled by 1/(1 − p); in evaluation mode, or with
/// p = 0, the input passes through. The masks come from the module's own `generator` (seeded
/// with `Module.seedDropout`), so a replica draws its own masks and a seed fixes them all.
public final class Dropout: Module {
    public let probability: Float
    /// The source of this module's masks.
    public var generator: SeededGenerator
    public var isTraining = true

    public static let members: [ModuleMember<Dropout>] = []

    /// - Throws: `ModuleError.invalidConfiguration` unless 0 ≤ p < 1.
    public init(probability: Float, seed: UInt64 = 0) throws {
        guard probability >= 0, probability < 1 else {
            throw ModuleError.invalidConfiguration("Dropout: probability must be in [0, 1), got \(probability)")
        }
        self.probability = probability
        generator = SeededGenerator(seed: seed)
    }

    private init(copying other: Dropout) {
        probability = other.probability
        generator = other.generator
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> Dropout { Dropout(copying: self) }

    /// Whether calling this module changes its input (training mode and p > 0).
    public var isActive: Bool { isTraining && probability > 0 }

    /// x → dropout(x) in training mode, x otherwise. Same shape.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        guard isActive else { return x }
        return try x.dropout(probability: probability, training: true, using: &generator)
    }
}

extension Module {
    /// Reseeds every `Dropout` in this tree, in `namedModules` order: the k-th gets
    /// `SeededGenerator(seed: seed).split()` drawn k + 1 times, so the masks depend only on the
    /// seed and the module's place (a resumed run reseeds per epoch and repeats its masks).
    public func seedDropout(_ seed: UInt64) {
        var root = SeededGenerator(seed: seed)
        for (_, module) in namedModules {
            guard let dropout = module as? Dropout else { continue }
            dropout.generator = root.split()
        }
    }
}
