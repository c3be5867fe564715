// CLIP image preprocessing: RGB conversion, resize, center crop, rescale, normalise — the steps
// of Hugging Face's PIL-based `CLIPImageProcessor` (`CLIPImageProcessorPil` in transformers 5).
//
// Shape letters: H height, W width.
import Foundation

/// Turns an `RGBImage` into CLIP's `pixel_values`, (3, H, W) `Float`, as Hugging Face's PIL-based
/// `CLIPImageProcessor` does:
///
/// 1. transparency: composited onto white (`AlphaHandling.compositeOnWhite`, transformers ≥ 5)
///    or dropped (`.drop`, transformers 4 / OpenAI);
/// 2. `do_resize`: to `size` (shortest edge → `Int(edge * long / short)`), with PIL's bicubic
///    filter reproduced byte for byte (`RGBImage.resized`);
/// 3. `do_center_crop`: `crop_size`, zero-padded where the image is smaller (`RGBImage.centerCropped`);
/// 4. `do_rescale`: `Float(Double(byte) * rescale_factor)`;
/// 5. `do_normalize`: `(x - Float(mean[c])) / Float(std[c])` in `Float`.
///
/// Steps 4–5 use numpy's operation order and precisions, so equal bytes give bit-identical values.
///
/// ```swift
/// let preprocess = try ImagePreprocessor(contentsOf: checkpoint.appendingPathComponent("preprocessor_config.json"))
/// let pixels = try preprocess(RGBImage(contentsOf: photo))   // pixels.shape == [3, 224, 224]
/// ```
public struct ImagePreprocessor: Sendable {
    public let config: ImagePreprocessorConfig
    public let alphaHandling: AlphaHandling

    /// A preprocessor with `config` (checked: throws `.invalidConfiguration` naming `<memory>`).
    public init(config: ImagePreprocessorConfig = .openAI, alphaHandling: AlphaHandling = .compositeOnWhite) throws(ImageError) {
        try config.validate()
        self.config = config
        self.alphaHandling = alphaHandling
    }

    /// A preprocessor configured by a Hugging Face `preprocessor_config.json`.
    public init(contentsOf url: URL, alphaHandling: AlphaHandling = .compositeOnWhite) throws(ImageError) {
        self.config = try ImagePreprocessorConfig(contentsOf: url)
        self.alphaHandling = alphaHandling
    }

    /// The size of `pixel_values` for an image of `width × height`.
    public func outputSize(width: Int, height: Int) -> ImageSize {
        if config.doCenterCrop { return config.cropSize }
        return config.doResize ? config.size.outputSize(width: width, height: height) : ImageSize(width: width, height: height)
    }

    /// Steps 1–2: the RGB image after transparency handling and resizing (what PIL would hand
    /// back from `resize`), before cropping.
    public func resized(_ image: RGBImage) throws(ImageError) -> RGBImage {
        let rgb = config.doConvertRGB && alphaHandling == .compositeOnWhite ? image.compositedOnWhite() : image.droppingAlpha()
        guard config.doResize else { return rgb }
        let size = config.size.outputSize(width: rgb.width, height: rgb.height)
        return try rgb.resized(width: size.width, height: size.height, filter: config.resample)
    }

    /// All steps: `pixel_values` (3, H, W) of `image`.
    public func callAsFunction(_ image: RGBImage) throws(ImageError) -> PixelValues {
        var rgb = try resized(image)
        if config.doCenterCrop {
            rgb = try rgb.centerCropped(to: config.cropSize)
        }
        return normalized(rgb)
    }

    /// Decodes the image at `url` and preprocesses it.
    public func preprocess(contentsOf url: URL, maxPixels: Int = RGBImage.defaultMaxPixels) throws(ImageError) -> PixelValues {
        try self(RGBImage(contentsOf: url, maxPixels: maxPixels))
    }

    /// Steps 4–5, from (H, W, 3) bytes to (3, H, W) floats.
    private func normalized(_ image: RGBImage) -> PixelValues {
        let plane = image.width * image.height
        // A lookup table per channel: the 256 possible values of each byte.
        var table = [Float](repeating: 0, count: 3 * 256)
        for c in 0..<3 {
            let mean = Float(config.imageMean[c])
            let std = Float(config.imageStd[c])
            for v in 0..<256 {
                var x = config.doRescale ? Float(Double(v) * config.rescaleFactor) : Float(v)
                if config.doNormalize { x = (x - mean) / std }
                table[c * 256 + v] = x
            }
        }
        let values = [Float](unsafeUninitializedCapacity: 3 * plane) { out, count in
            image.bytes.withUnsafeBufferPointer { bytes in
                for c in 0..<3 {
                    for i in 0..<plane {
                        out[c * plane + i] = table[c * 256 + Int(bytes[i * 3 + c])]  // (3, H, W)
                    }
                }
            }
            count = 3 * plane
        }
        return PixelValues(height: image.height, width: image.width, values: values)
    }
}
