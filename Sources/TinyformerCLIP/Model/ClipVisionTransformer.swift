import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: B batch (images), K channels of the image (3), S the image side, p the patch
// side, G = S / p patches per side, N = G² patches, C the vision width.

/// CLIP's vision tower without its projection (Hugging Face's `CLIPVisionTransformer`, a ViT,
/// parameters under `vision_model.`):
///
///     patches = the G×G non-overlapping p×p patches, each flattened (K, p, p)    (B, N, K·p·p)
///     x = [class_embedding; patches · W_patchᵀ] + position_embedding             (B, N + 1, C)
///     x = encoder(pre_layrnorm(x))      pre-LN blocks, full self-attention
///     pooled = post_layernorm(x[:, 0])                                          (B, C)
///
/// Only the class token leaves the last block (`TransformerStack.pooled`): the patches' queries
/// and MLP there would feed nothing.
///
/// The patch embedding is Hugging Face's `Conv2d(K, C, kernel_size=p, stride=p, bias=False)`
/// computed as one GEMM over the flattened patches: its weight (C, K, p, p) is stored here
/// flattened to (C, K·p·p), the layout of a `Linear`. `pre_layrnorm` is Hugging Face's spelling.
/// PyTorch: `CLIPVisionModel(config)(pixel_values).pooler_output`.
public final class ClipVisionTransformer: Module {
    public let config: ClipVisionConfig
    public private(set) var classEmbedding: Tensor  // (C)
    public private(set) var patchEmbedding: Linear  // (C, K·p·p), no bias
    public private(set) var positionEmbedding: LearnedPositionalEmbedding  // (N + 1, C)
    public private(set) var preLayerNorm: LayerNorm
    public private(set) var encoder: TransformerStack
    public private(set) var postLayerNorm: LayerNorm
    public var isTraining = true

    public static let members: [ModuleMember<ClipVisionTransformer>] = [
        .parameter("embeddings.class_embedding", \.classEmbedding), .module("embeddings.patch_embedding", \.patchEmbedding),
        .module("embeddings.position_embedding", \.positionEmbedding), .module("pre_layrnorm", \.preLayerNorm),
        .module("encoder", \.encoder), .module("post_layernorm", \.postLayerNorm),
    ]

    /// A freshly initialised tower (CLIP's initialisation, `ClipInitialization`).
    public convenience init(config: ClipVisionConfig, using generator: inout SeededGenerator) throws {
        try self.init(config: config, initializing: true, using: &generator)
    }

    init(config: ClipVisionConfig, initializing: Bool, using generator: inout SeededGenerator) throws {
        try config.validate()
        self.config = config
        let c = config.hiddenSize, p = config.patchSize
        classEmbedding = try Tensor.normal([c], std: 1 / Float(c).squareRoot(), requiresGrad: true, using: &generator)
        patchEmbedding = try Linear(inputWidth: config.numChannels * p * p, outputWidth: c, bias: false, using: &generator)
        positionEmbedding = try LearnedPositionalEmbedding(maxLength: config.positionCount, width: c, using: &generator)
        let eps = Float(config.layerNormEps)
        preLayerNorm = try LayerNorm(width: c, eps: eps)
        encoder = try TransformerStack(config: try config.blockConfig(), layers: config.numHiddenLayers, using: &generator)
        postLayerNorm = try LayerNorm(width: c, eps: eps)
        guard initializing else { return }
        try ClipInitialization.normal(patchEmbedding.weight, std: ClipInitialization.embeddingStd, using: &generator)
        try ClipInitialization.normal(positionEmbedding.weight, std: ClipInitialization.embeddingStd, using: &generator)
        try ClipInitialization.encoder(encoder, width: c, using: &generator)
    }

    private init(copying other: ClipVisionTransformer) {
        config = other.config
        classEmbedding = other.classEmbedding
        patchEmbedding = other.patchEmbedding
        positionEmbedding = other.positionEmbedding
        preLayerNorm = other.preLayerNorm
        encoder = other.encoder
        postLayerNorm = other.postLayerNorm
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> ClipVisionTransformer { ClipVisionTransformer(copying: self) }

    /// The pooled, post-normalised class token of each image: pixel values (B, K, S, S) → (B, C).
    /// - Throws: `ClipError.invalidInput` unless the shape is (B ≥ 1, num_channels, image_size,
    ///   image_size).
    public func callAsFunction(_ pixelValues: Tensor) throws -> Tensor {
        let k = config.numChannels, s = config.imageSize
        guard pixelValues.rank == 4, pixelValues.shape[0] >= 1, Array(pixelValues.shape.dropFirst()) == [k, s, s] else {
            throw ClipError.invalidInput(what: "pixel_values", reason: "shape \(pixelValues.shape) (expected (B, \(k), \(s), \(s)))")
        }
        let b = pixelValues.shape[0], c = config.hiddenSize
        let embedded = try patchEmbedding(try Self.patches(pixelValues, side: config.patchSize))  // (B, N, C)
        let classToken = try Tensor.zeros([b, 1, c]) + classEmbedding  // (B, 1, C)
        let x = try positionEmbedding(try Tensor.concat([classToken, embedded], axis: 1))  // (B, N + 1, C)
        let classTokens = try encoder.pooled(try preLayerNorm(x), at: [Int](repeating: 0, count: b))  // (B, C)
        return try postLayerNorm(classTokens)  // (B, C)
    }

    /// The non-overlapping p×p patches of (B, K, S, S) images in row-major patch order, each
    /// flattened in (K, p, p) order — the order of a flattened convolution weight: (B, N, K·p·p).
    /// Pixels past the last whole patch (S mod p rows and columns) are dropped, as the
    /// convolution drops them.
    /// - Throws: `ClipError.invalidInput` unless pixels are (B, K, S, S) with 1 ≤ p ≤ S.
    public static func patches(_ pixels: Tensor, side p: Int) throws -> Tensor {
        guard pixels.rank == 4, pixels.shape[2] == pixels.shape[3], p >= 1, p <= pixels.shape[2] else {
            throw ClipError.invalidInput(what: "pixel_values", reason: "shape \(pixels.shape) with patch side \(p) (expected (B, K, S, S), 1 ≤ p ≤ S)")
        }
        let b = pixels.shape[0], k = pixels.shape[1], g = pixels.shape[2] / p
        var x = pixels  // (B, K, S, S)
        if g * p != pixels.shape[2] {
            x = try x.slice(axis: 2, range: 0..<(g * p)).slice(axis: 3, range: 0..<(g * p))  // (B, K, G·p, G·p)
        }
        return try x.reshaped([b, k, g, p, g, p])  // (B, K, G, p, G, p)
            .permuted([0, 2, 4, 1, 3, 5])  // (B, G, G, K, p, p)
            .reshaped([b, g * g, k * p * p])  // (B, N, K·p·p)
    }
}
