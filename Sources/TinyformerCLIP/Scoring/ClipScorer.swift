import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerTensor

// Shape letters: I images, N texts, L labels, P projection width, T tokens.

/// Scores images against text with a CLIP model: projected, L2-normalised embeddings, their
/// cosine similarities, and the two softmax rules —
///
/// - over images for a caption (`rankImages`), the course's selection rule:
///   p_i = softmax_i(exp(logit_scale) · cos(image_i, caption));
/// - over captions for an image (`classify`), zero-shot classification: each label is put into
///   prompt templates ("a photo of a {}"), the templates' normalised embeddings are averaged and
///   renormalised (CLIP's prompt ensembling), and p_l = softmax_l(exp(logit_scale) · cos(image, label_l)).
///
/// ```swift
/// let scorer = try ClipScorer(directory: URL(fileURLWithPath: "clip-vit-base-patch32"))
/// let folder = try scorer.embedFolder(URL(fileURLWithPath: "photos"))        // cached by content hash
/// let ranked = try scorer.rankImages(for: "a dog on a beach", imageEmbeddings: folder.embeddings,
///                                    names: folder.names)
/// ```
///
/// Everything runs without gradients, in batches of `batchSize` images or texts.
public final class ClipScorer {
    public let model: ClipModel
    public let tokenizer: ClipTokenizer
    public let preprocessor: ImagePreprocessor
    /// Images or texts per forward pass.
    public var batchSize = 64
    /// Largest image accepted, in pixels.
    public var maxPixels = RGBImage.defaultMaxPixels

    /// A scorer from its parts.
    /// - Throws: `ClipError.invalidConfiguration` when the tokenizer's ids exceed the model's
    ///   vocabulary or the preprocessor's output is not the vision tower's input size.
    public init(model: ClipModel, tokenizer: ClipTokenizer, preprocessor: ImagePreprocessor) throws(ClipError) {
        let text = model.config.textConfig, vision = model.config.visionConfig
        if let largest = tokenizer.vocabulary.values.max(), largest >= text.vocabSize {
            throw .invalidConfiguration(path: "vocab.json", key: "", reason: "token id \(largest) is outside the model's vocab_size \(text.vocabSize)")
        }
        let crop = preprocessor.config.cropSize
        guard preprocessor.config.doCenterCrop, crop.width == vision.imageSize, crop.height == vision.imageSize else {
            throw .invalidConfiguration(path: ClipFiles.preprocessor, key: "crop_size",
                                        reason: "the preprocessor does not crop to the model's \(vision.imageSize)×\(vision.imageSize) input")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.preprocessor = preprocessor
        model.eval()
    }

    /// Loads a Hugging Face CLIP folder: `config.json`, `model.safetensors`, the tokenizer
    /// (`vocab.json`, `merges.txt`, optional `tokenizer_config.json` / `special_tokens_map.json`)
    /// and `preprocessor_config.json` (when absent: resize and crop to the model's image size
    /// with OpenAI's mean and standard deviation).
    public convenience init(directory: URL) throws {
        let model = try ClipModel.load(directory: directory)
        let tokenizer = try ClipTokenizer(directory: directory)
        let preprocessorURL = directory.appendingPathComponent(ClipFiles.preprocessor)
        let preprocessor: ImagePreprocessor
        if FileManager.default.fileExists(atPath: preprocessorURL.path) {
            preprocessor = try ImagePreprocessor(contentsOf: preprocessorURL)
        } else {
            preprocessor = try ImagePreprocessor(config: ClipScorer.defaultPreprocessing(side: model.config.visionConfig.imageSize))
        }
        try self.init(model: model, tokenizer: tokenizer, preprocessor: preprocessor)
    }

    /// OpenAI's preprocessing at another image side: shortest edge and crop `side`.
    public static func defaultPreprocessing(side: Int) -> ImagePreprocessorConfig {
        var config = ImagePreprocessorConfig.openAI
        config.size = .shortestEdge(side)
        config.cropSize = ImageSize(width: side, height: side)
        return config
    }

    /// exp(logit_scale): the inverse temperature of every softmax.
    public var logitScale: Float { Foundation.exp(model.logitScale.data[0]) }

    // MARK: - Embeddings

    /// Normalised image embeddings of preprocessed images: (I, P).
    public func embed(pixelValues: [PixelValues]) throws -> Tensor {
        guard !pixelValues.isEmpty else { throw ClipError.invalidArgument("no images to embed") }
        let side = model.config.visionConfig.imageSize
        var chunks: [Tensor] = []
        for start in stride(from: 0, to: pixelValues.count, by: max(batchSize, 1)) {
            let batch = pixelValues[start..<min(start + max(batchSize, 1), pixelValues.count)]
            var values: [Float] = []
            values.reserveCapacity(batch.count * 3 * side * side)
            for p in batch {
                guard p.height == side, p.width == side else {
                    throw ClipError.invalidInput(what: "pixel_values", reason: "an image of \(p.width)×\(p.height) (expected \(side)×\(side))")
                }
                values += p.values
            }
            let pixels = try Tensor(shape: [batch.count, 3, side, side], scalars: values)  // (b, 3, S, S)
            chunks.append(try withNoGrad { try model.imageFeatures(pixels).l2Normalized() })  // (b, P)
        }
        return chunks.count == 1 ? chunks[0] : try Tensor.concat(chunks, axis: 0)  // (I, P)
    }

    /// Normalised image embeddings of decoded images: (I, P).
    public func embed(images: [RGBImage]) throws -> Tensor {
        try embed(pixelValues: try parallelMap(images) { image throws(ImageError) in try self.preprocessor(image) })
    }

    /// Decodes, preprocesses (in parallel over the pool's threads) and embeds image files: (I, P).
    /// - Throws: the first file's `ImageError` that does not decode.
    public func embed(imageFiles urls: [URL]) throws -> Tensor {
        let maxPixels = self.maxPixels
        return try embed(pixelValues: try parallelMap(urls) { url throws(ImageError) in
            try self.preprocessor.preprocess(contentsOf: url, maxPixels: maxPixels)
        })
    }

    /// Normalised text embeddings: (N, P). Texts are tokenized with truncation to the context.
    public func embed(texts: [String]) throws -> Tensor {
        guard !texts.isEmpty else { throw ClipError.invalidArgument("no texts to embed") }
        let length = min(tokenizer.contextLength, model.config.textConfig.maxPositionEmbeddings)
        var chunks: [Tensor] = []
        for start in stride(from: 0, to: texts.count, by: max(batchSize, 1)) {
            let batch = Array(texts[start..<min(start + max(batchSize, 1), texts.count)])
            let encoding = try tokenizer.encodeBatch(batch, maxLength: length, padding: .longest)
            let ids = try IntTensor(encoding.rows.map(\.inputIDs))  // (n, T)
            let mask = try IntTensor(encoding.rows.map(\.attentionMask))  // (n, T)
            chunks.append(try withNoGrad { try model.textFeatures(ids, attentionMask: mask).l2Normalized() })  // (n, P)
        }
        return chunks.count == 1 ? chunks[0] : try Tensor.concat(chunks, axis: 0)  // (N, P)
    }

    /// One embedding per label: each template with "{}" replaced by the label, the templates'
    /// normalised embeddings averaged, the mean renormalised: (L, P).
    public func embed(labels: [String], templates: [String] = ["a photo of a {}"]) throws -> Tensor {
        guard !labels.isEmpty else { throw ClipError.invalidArgument("no labels to classify with") }
        guard !templates.isEmpty else { throw ClipError.invalidArgument("no prompt templates") }
        for template in templates where !template.contains("{}") {
            throw ClipError.invalidArgument("prompt template \"\(template)\" has no {} for the label")
        }
        let prompts = labels.flatMap { label in templates.map { $0.replacingOccurrences(of: "{}", with: label) } }
        let embedded = try embed(texts: prompts)  // (L·M, P)
        let p = embedded.shape[1]
        return try embedded.reshaped([labels.count, templates.count, p]).mean(axis: 1).l2Normalized()  // (L, P)
    }

    // MARK: - Scores

    /// Cosine similarities of normalised embeddings: images (I, P) × texts (N, P) → (I, N).
    public func cosines(images: Tensor, texts: Tensor) throws -> Tensor {
        try withNoGrad { try images.matmul(try texts.transposedLastTwo()) }
    }

    /// Every candidate image scored for `caption`, best first (`ImageScore`): the softmax over
    /// images of exp(logit_scale) · cos.
    /// - Parameters:
    ///   - imageEmbeddings: (I, P) normalised, e.g. from `embedFolder`.
    ///   - names: I names, reported with the scores.
    public func rankImages(for caption: String, imageEmbeddings: Tensor, names: [String]) throws -> [ImageScore] {
        guard imageEmbeddings.rank == 2, imageEmbeddings.shape[0] == names.count, !names.isEmpty else {
            throw ClipError.invalidArgument("rankImages: \(names.count) names for image embeddings of shape \(imageEmbeddings.shape)")
        }
        let cos = try cosines(images: imageEmbeddings, texts: try embed(texts: [caption])).scalars  // (I)
        return Self.scores(cosines: cos, names: names, scale: logitScale)
    }

    /// Zero-shot classification of each image among `labels` (`ZeroShotPrediction`, image order).
    public func classify(imageEmbeddings: Tensor, labels: [String], templates: [String] = ["a photo of a {}"]) throws -> [ZeroShotPrediction] {
        let labelEmbeddings = try embed(labels: labels, templates: templates)  // (L, P)
        let cos = try cosines(images: imageEmbeddings, texts: labelEmbeddings)  // (I, L)
        let l = labels.count, scale = logitScale
        return (0..<cos.shape[0]).map { i in
            let row = Array(cos.scalars[(i * l)..<((i + 1) * l)])
            return ZeroShotPrediction(labels: labels, probabilities: softmax(row.map { $0 * scale }), cosines: row)
        }
    }

    /// `ImageScore`s from cosines, sorted by probability (ties: earlier index first).
    static func scores(cosines: [Float], names: [String], scale: Float) -> [ImageScore] {
        let probabilities = softmax(cosines.map { $0 * scale })
        return cosines.indices.map { i in
            ImageScore(index: i, name: names[i], cosine: cosines[i], logit: cosines[i] * scale, probability: probabilities[i])
        }.sorted { $0.probability > $1.probability || ($0.probability == $1.probability && $0.index < $1.index) }
    }
}
