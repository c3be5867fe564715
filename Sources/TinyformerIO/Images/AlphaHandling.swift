// What CLIP preprocessing does with transparent pixels.

/// How `ImagePreprocessor` turns an image with transparency into RGB.
public enum AlphaHandling: Equatable, Sendable {
    /// Lay the image over opaque white, in 8 bits exactly as PIL's `alpha_composite`: what Hugging
    /// Face's `convert_to_rgb` does in transformers ≥ 5 (the pinned reference, 5.24).
    case compositeOnWhite
    /// Keep the colour channels and ignore alpha, as PIL's `convert("RGB")`: what transformers 4.x
    /// and OpenAI's original CLIP preprocessing did.
    case drop
}
