// A decoded 8-bit RGB image, the input of CLIP's image preprocessing.
//
// Shape letters: H height, W width.

/// An 8-bit RGB image, rows top to bottom, pixels interleaved: `bytes` is (H, W, 3).
///
/// Images decoded from files keep their transparency separately in `alpha` (nil when every pixel
/// is opaque), so the colour bytes are those of PIL's `convert("RGB")`, which drops alpha, while
/// `compositedOnWhite()` gives what Hugging Face's `convert_to_rgb` (transformers ≥ 5) feeds CLIP.
public struct RGBImage: Equatable, Sendable {
    /// Pixels per row (≥ 1).
    public let width: Int
    /// Rows (≥ 1).
    public let height: Int
    /// The colour samples, (H, W, 3) row-major: `bytes[(y * width + x) * 3 + c]`, c = 0 red, 1 green, 2 blue.
    public let bytes: [UInt8]
    /// The opacity of each pixel, (H, W), 0 transparent … 255 opaque; nil when fully opaque.
    public let alpha: [UInt8]?

    /// An image from its samples. Throws `.invalidArgument` unless `width` and `height` are ≥ 1,
    /// `bytes.count == width * height * 3` and `alpha` (if any) holds `width * height` values.
    public init(width: Int, height: Int, bytes: [UInt8], alpha: [UInt8]? = nil) throws(ImageError) {
        guard width >= 1, height >= 1 else {
            throw .invalidArgument(reason: "image size \(width)×\(height) (expected at least 1×1)")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, pixels <= Int.max / 3 else {
            throw .invalidArgument(reason: "image size \(width)×\(height) overflows")
        }
        guard bytes.count == pixels * 3 else {
            throw .invalidArgument(reason: "\(bytes.count) colour bytes for a \(width)×\(height) image "
                + "(expected \(pixels * 3) = width × height × 3)")
        }
        if let alpha, alpha.count != pixels {
            throw .invalidArgument(reason: "\(alpha.count) alpha values for a \(width)×\(height) image "
                + "(expected \(pixels))")
        }
        self.init(uncheckedWidth: width, height: height, bytes: bytes, alpha: alpha)
    }

    /// For callers that have already checked the sizes.
    init(uncheckedWidth width: Int, height: Int, bytes: [UInt8], alpha: [UInt8]?) {
        self.width = width
        self.height = height
        self.bytes = bytes
        self.alpha = alpha
    }

    /// The same colours without the alpha channel (what PIL's `convert("RGB")` keeps).
    public func droppingAlpha() -> RGBImage {
        RGBImage(uncheckedWidth: width, height: height, bytes: bytes, alpha: nil)
    }

    /// The image laid over an opaque white background, as `PIL.Image.alpha_composite(white, image)`
    /// computes it in 8 bits (so the bytes equal Hugging Face's `convert_to_rgb` in transformers 5).
    /// An opaque image is returned unchanged.
    public func compositedOnWhite() -> RGBImage {
        guard let alpha else { return self }
        var out = bytes
        out.withUnsafeMutableBufferPointer { out in
            alpha.withUnsafeBufferPointer { alpha in
                for i in 0..<alpha.count {
                    let a = UInt32(alpha[i])
                    if a == 255 { continue }
                    for c in 0..<3 {
                        out[i * 3 + c] = Self.blendOverWhite(UInt32(out[i * 3 + c]), alpha: a)
                    }
                }
            }
        }
        return RGBImage(uncheckedWidth: width, height: height, bytes: out, alpha: nil)
    }

    /// Pillow's integer "source over destination" with an opaque white destination: 7 extra bits
    /// of precision and rounded divisions by 255.
    @inline(__always)
    static func blendOverWhite(_ value: UInt32, alpha: UInt32) -> UInt8 {
        if alpha == 0 { return 255 }
        let precision: UInt32 = 7
        let outAlpha255 = alpha * 255 + 255 * (255 - alpha)
        let sourceWeight = alpha * 255 * 255 * (1 << precision) / outAlpha255
        let whiteWeight = 255 * (1 << precision) - sourceWeight
        let sum = value * sourceWeight + 255 * whiteWeight + (0x80 << precision)
        return UInt8(truncatingIfNeeded: (((sum >> 8) + sum) >> 8) >> precision)
    }
}
