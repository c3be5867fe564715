import TinyformerNN
import TinyformerRandom
import TinyformerTensor

// Shape letters: I images, N texts, T token positions, K image channels, S image side,
// Cv / Ct the vision / text widths, P the projection width.

/// A CLIP model, exactly Hugging Face's `CLIPModel` for ViT checkpoints (parameters under their
/// Hugging Face names except inside the encoder layers and the patch embedding's shape; see
/// `ClipNameTable`):
///
///     image_features = visual_projection(vision_model(pixel_values))        (I, P)
///     text_features  = text_projection(text_model(input_ids, mask))         (N, P)
///     image_embeds = image_features / ‖image_features‖₂, text_embeds likewise
///     logits_per_image = exp(logit_scale) · image_embeds · text_embedsᵀ      (I, N)
///     loss = ½ (CE(logits_per_text, arange) + CE(logits_per_image, arange))  (I = N)
///
/// Load a checkpoint folder with `ClipModel.load(directory:)`, write one with `save(directory:)`.
public final class ClipModel: Module {
    public let config: ClipConfig
    public private(set) var textModel: ClipTextTransformer
    public private(set) var visionModel: ClipVisionTransformer
    public private(set) var visualProjection: Linear  // (P, Cv), no bias
    public private(set) var textProjection: Linear  // (P, Ct), no bias
    /// log of the inverse temperature, a scalar ().
    public private(set) var logitScale: Tensor
    public var isTraining = true

    public static let members: [ModuleMember<ClipModel>] = [
        .module("text_model", \.textModel), .module("vision_model", \.visionModel),
        .module("visual_projection", \.visualProjection), .module("text_projection", \.textProjection),
        .parameter("logit_scale", \.logitScale),
    ]

    /// A freshly initialised model (CLIP's initialisation; `logit_scale` = `logit_scale_init_value`).
    /// - Throws: `ClipError.invalidConfiguration` for an unusable configuration.
    public convenience init(config: ClipConfig, using generator: inout SeededGenerator) throws {
        try self.init(config: config, initializing: true, using: &generator)
    }

    /// `initializing: false` skips CLIP's initialisation passes (the layers' own draws remain):
    /// for models whose weights are loaded next.
    init(config: ClipConfig, initializing: Bool, using generator: inout SeededGenerator) throws {
        try config.validate()
        self.config = config
        textModel = try ClipTextTransformer(config: config.textConfig, initializing: initializing, using: &generator)
        visionModel = try ClipVisionTransformer(config: config.visionConfig, initializing: initializing, using: &generator)
        let p = config.projectionDim, cv = config.visionConfig.hiddenSize, ct = config.textConfig.hiddenSize
        visualProjection = try Linear(inputWidth: cv, outputWidth: p, bias: false, using: &generator)
        textProjection = try Linear(inputWidth: ct, outputWidth: p, bias: false, using: &generator)
        if initializing {
            try ClipInitialization.normal(visualProjection.weight, std: 1 / Float(cv).squareRoot(), using: &generator)
            try ClipInitialization.normal(textProjection.weight, std: 1 / Float(ct).squareRoot(), using: &generator)
        }
        logitScale = Tensor(Float(config.logitScaleInitValue), requiresGrad: true)
    }

    private init(copying other: ClipModel) {
        config = other.config
        textModel = other.textModel
        visionModel = other.visionModel
        visualProjection = other.visualProjection
        textProjection = other.textProjection
        logitScale = other.logitScale
        isTraining = other.isTraining
    }

    public func memberwiseCopy() -> ClipModel { ClipModel(copying: self) }

    /// Projected image features, not normalised (`get_image_features`): (I, K, S, S) → (I, P).
    public func imageFeatures(_ pixelValues: Tensor) throws -> Tensor {
        try visualProjection(try visionModel(pixelValues))
    }

    /// Projected text features, not normalised (`get_text_features`): ids (N, T) → (N, P).
    public func textFeatures(_ inputIDs: IntTensor, attentionMask: IntTensor? = nil) throws -> Tensor {
        try textProjection(try textModel(inputIDs, attentionMask: attentionMask))
    }

    /// exp(logit_scale) · imageEmbeds · textEmbedsᵀ for normalised embeddings (I, P), (N, P) → (I, N).
    public func logits(imageEmbeds: Tensor, textEmbeds: Tensor) throws -> Tensor {
        try imageEmbeds.matmul(try textEmbeds.transposedLastTwo()) * logitScale.exp()
    }

    /// Both towers, the normalised embeddings and the scaled cosine similarities (`CLIPModel.forward`).
    public func callAsFunction(inputIDs: IntTensor, attentionMask: IntTensor? = nil, pixelValues: Tensor) throws -> ClipOutput {
        let imageEmbeds = try imageFeatures(pixelValues).l2Normalized()  // (I, P)
        let textEmbeds = try textFeatures(inputIDs, attentionMask: attentionMask).l2Normalized()  // (N, P)
        let logitsPerImage = try logits(imageEmbeds: imageEmbeds, textEmbeds: textEmbeds)  // (I, N)
        return ClipOutput(imageEmbeds: imageEmbeds, textEmbeds: textEmbeds, logitsPerImage: logitsPerImage,
                          logitsPerText: try logitsPerImage.transposedLastTwo())
    }

    /// CLIP's symmetric contrastive loss of a square (N, N) similarity matrix whose diagonal holds
    /// the matching pairs: ½ (CE(logits, arange(N)) + CE(logitsᵀ, arange(N))) — Hugging Face's
    /// `image_text_contrastive_loss`. A scalar ().
    /// - Throws: `ClipError.invalidInput` unless the matrix is square with N ≥ 1.
    public static func contrastiveLoss(_ logitsPerText: Tensor) throws -> Tensor {
        guard logitsPerText.rank == 2, logitsPerText.shape[0] == logitsPerText.shape[1], logitsPerText.shape[0] >= 1 else {
            throw ClipError.invalidInput(what: "contrastive loss", reason: "logits of shape \(logitsPerText.shape) (expected a square (N, N) matrix)")
        }
        let targets = Array(0..<logitsPerText.shape[0])
        let captionLoss = try logitsPerText.crossEntropy(targets: targets)
        let imageLoss = try logitsPerText.transposedLastTwo().crossEntropy(targets: targets)
        return try (captionLoss + imageLoss).scaled(by: 0.5)
    }

    /// The symmetric contrastive loss with several positives (UniCL, Yang et al. 2022): when
    /// `matches[i][j]` says caption i is true of image j, caption i's target is uniform over the
    /// images it describes and image j's over the captions describing it:
    ///   ½ (CE(logits, rows of M normalised) + CE(logitsᵀ, columns of M normalised)),
    /// cross-entropy against probabilities (`F.cross_entropy(logits, probabilities)`). With the
    /// identity it is `contrastiveLoss(_:)`. A scalar ().
    /// - Throws: `ClipError.invalidInput` unless the logits are (N, N), `matches` is N × N and
    ///   every caption and every image has a match.
    public static func contrastiveLoss(_ logitsPerText: Tensor, matches: [[Bool]]) throws -> Tensor {
        let n = logitsPerText.shape.first ?? 0
        guard logitsPerText.rank == 2, logitsPerText.shape[1] == n, n >= 1 else {
            throw ClipError.invalidInput(what: "contrastive loss", reason: "logits of shape \(logitsPerText.shape) (expected a square (N, N) matrix)")
        }
        guard matches.count == n, matches.allSatisfy({ $0.count == n }) else {
            throw ClipError.invalidInput(what: "contrastive loss", reason: "matches of \(matches.count) rows for \(n) captions (expected \(n) × \(n))")
        }
        var captionTargets = [Float](repeating: 0, count: n * n), imageTargets = [Float](repeating: 0, count: n * n)  // (N, N) each
        for i in 0..<n {
            let count = matches[i].filter { $0 }.count
            guard count > 0 else { throw ClipError.invalidInput(what: "contrastive loss", reason: "caption \(i) matches no image") }
            for j in 0..<n where matches[i][j] { captionTargets[i * n + j] = 1 / Float(count) }
        }
        for j in 0..<n {
            let count = (0..<n).filter { matches[$0][j] }.count
            guard count > 0 else { throw ClipError.invalidInput(what: "contrastive loss", reason: "image \(j) matches no caption") }
            for i in 0..<n where matches[i][j] { imageTargets[j * n + i] = 1 / Float(count) }
        }
        let captionLoss = try logitsPerText.crossEntropy(probabilities: try Tensor(shape: [n, n], scalars: captionTargets))
        let imageLoss = try logitsPerText.transposedLastTwo().crossEntropy(probabilities: try Tensor(shape: [n, n], scalars: imageTargets))
        return try (captionLoss + imageLoss).scaled(by: 0.5)
    }
}
