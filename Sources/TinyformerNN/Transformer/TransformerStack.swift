import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch, T positions, S encoder positions, C model width, H heads.

/// A stack of `TransformerBlock`s with an optional final LayerNorm (a transformer encoder, or a
/// decoder without its embedding and output layer), parameters `layers.<i>.…` and
/// `final_norm.{weight,bias}`:
///   x_{l+1} = block_l(x_l),  out = LN_final(x_L) or x_L.
/// Embeddings and positions are the model's business (token, position and type embeddings
/// differ between models: BERT's, CLIP's, sinusoidal ones).
public final class TransformerStack: Module {
    public private(set) var layers: [TransformerBlock]
    public private(set) var finalNorm: LayerNorm?
    public var isTraining = true

    public static let members: [ModuleMember<TransformerStack>] = [.modules("layers", \.layers), .module("final_norm", \.finalNorm)]

    /// The stack's output and the attention weights of every layer (detached).
    public struct Output {
        public let x: Tensor  // (B, T, C)
        public let selfWeights: [Tensor]  // per layer (B, H, T, T)
        public let crossWeights: [Tensor]  // per layer (B, H, T, S); empty without cross-attention
    }

    /// `count` blocks of one configuration, initialised in order from `generator`.
    /// - Parameter finalNorm: a LayerNorm after the last block (pre-LN stacks: GPT-2's `ln_f`,
    ///   CLIP's `final_layer_norm`).
    public init(config: TransformerBlockConfig, layers count: Int, finalNorm: Bool = false,
                using generator: inout SeededGenerator) throws {
        guard (1...1024).contains(count) else {
            throw ModuleError.invalidConfiguration("TransformerStack: layers must be in 1…1024, got \(count)")
        }
        layers = try (0..<count).map { _ in try TransformerBlock(config: config, using: &generator) }
        self.finalNorm = finalNorm ? try LayerNorm(width: config.width, eps: config.layerNormEpsilon) : nil
    }

    private init(copying other: TransformerStack) {
        layers = other.layers
        finalNorm = other.finalNorm
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> TransformerStack { TransformerStack(copying: self) }

    /// Runs the blocks over x (B, T, C).
    /// - Parameters:
    ///   - cross: each block's cross-attention keys/values (`crossKeysValues(_:)`), for a
    ///     decoder over an encoder's output.
    ///   - keyPadding: B·T flags, true = a padded position no query attends to.
    ///   - mask: an additive mask on every self-attention's scaled scores (see `TransformerBlock`).
    ///   - crossKeyPadding: B·S flags for the encoder output.
    ///   - caches: one self-attention cache per block (inference).
    public func callAsFunction(_ x: Tensor, cross: [KeysValues]? = nil, keyPadding: [Bool]? = nil, mask: Tensor? = nil,
                               crossKeyPadding: [Bool]? = nil, caches: [KeyValueCache]? = nil) throws -> Output {
        if let cross, cross.count != layers.count {
            throw ModuleError.invalidConfiguration("TransformerStack: \(cross.count) cross keys/values for \(layers.count) layers")
        }
        if let caches, caches.count != layers.count {
            throw ModuleError.invalidConfiguration("TransformerStack: \(caches.count) caches for \(layers.count) layers")
        }
        var x = x  // (B, T, C)
        var selfWeights: [Tensor] = [], crossWeights: [Tensor] = []
        selfWeights.reserveCapacity(layers.count)
        for (i, layer) in layers.enumerated() {
            let out = try layer(x, cross: cross?[i], keyPadding: keyPadding, mask: mask, crossKeyPadding: crossKeyPadding,
                                cache: caches?[i])
            x = out.x
            selfWeights.append(out.selfWeights)
            if let w = out.crossWeights { crossWeights.append(w) }
        }
        if let finalNorm { x = try finalNorm(x) }  // (B, T, C)
        return Output(x: x, selfWeights: selfWeights, crossWeights: crossWeights)
    }

    /// The stack's output at one position of each batch row: x (B, T, C) → (B, C), equal to
    /// `self(x, keyPadding:).x` gathered at `positions` (`gatherPositions`) but with the last
    /// block computed at those rows only (`TransformerBlock.output(at:of:keyPadding:)`): a model
    /// that pools one token saves nearly all of its last block but the keys and values.
    /// - Parameter keyPadding: B·T flags, true = a padded position no query attends to.
    /// - Throws: `ModuleError.invalidConfiguration` for blocks with cross-attention; `TensorError`
    ///   for positions that are not one per row inside 0..<T.
    public func pooled(_ x: Tensor, at positions: [Int], keyPadding: [Bool]? = nil) throws -> Tensor {
        guard let last = layers.last else { throw ModuleError.invalidConfiguration("TransformerStack: no layers") }
        var x = x  // (B, T, C)
        for layer in layers.dropLast() { x = try layer(x, keyPadding: keyPadding).x }
        var y = try last.output(at: positions, of: x, keyPadding: keyPadding)  // (B, 1, C)
        if let finalNorm { y = try finalNorm(y) }
        return try y.reshaped([y.shape[0], y.shape[2]])  // (B, C)
    }

    /// Every block's cross-attention keys and values of the encoder output `memory` (B, S, C).
    /// - Throws: `ModuleError.invalidConfiguration` when the blocks have no cross-attention.
    public func crossKeysValues(_ memory: Tensor) throws -> [KeysValues] {
        try layers.map { layer in
            guard let attention = layer.crossAttention else {
                throw ModuleError.invalidConfiguration("TransformerStack: these blocks have no cross-attention")
            }
            return try attention.crossKeysValues(memory)
        }
    }

    /// A fresh self-attention cache per block, for greedy decoding.
    public func makeCaches() -> [KeyValueCache] { layers.map { _ in KeyValueCache() } }
}
