import Foundation
import TinyformerIO
import TinyformerTensor

/// Embeddings in the layout of Hugging Face's `CLIPModel` outputs, for comparing with
/// transformers: `image_embeds` (I, P) and `text_embeds` (N, P) normalised, and
/// `logits_per_image` (I, N) = exp(logit_scale) · image_embeds · text_embedsᵀ (empty unless both
/// images and texts are given).
public struct EmbeddingsJSON: Codable, Sendable, Equatable {
    public var imageEmbeds: [[Float]]
    public var textEmbeds: [[Float]]
    public var logitsPerImage: [[Float]]

    enum CodingKeys: String, CodingKey {
        case imageEmbeds = "image_embeds", textEmbeds = "text_embeds", logitsPerImage = "logits_per_image"
    }

    /// Embeds the image files and texts with `scorer`.
    public init(scorer: ClipScorer, imageFiles: [URL], texts: [String]) throws {
        let images = imageFiles.isEmpty ? nil : try scorer.embed(imageFiles: imageFiles)  // (I, P)
        let textEmbeddings = texts.isEmpty ? nil : try scorer.embed(texts: texts)  // (N, P)
        imageEmbeds = images.map(Self.rows) ?? []
        textEmbeds = textEmbeddings.map(Self.rows) ?? []
        if let images, let textEmbeddings {
            logitsPerImage = Self.rows(try scorer.cosines(images: images, texts: textEmbeddings)).map { $0.map { $0 * scorer.logitScale } }
        } else {
            logitsPerImage = []
        }
    }

    /// Writes the JSON atomically.
    public func write(to url: URL) throws {
        try JSONFile.write(self, to: url)
    }

    /// The rows of a (R, C) tensor.
    static func rows(_ t: Tensor) -> [[Float]] {
        let c = t.shape.last ?? 0
        return (0..<(t.shape.first ?? 0)).map { Array(UnsafeBufferPointer(start: t.data + $0 * c, count: c)) }
    }
}
