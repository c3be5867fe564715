// Recognising the image formats Tinyformer decodes from their first bytes.

/// The encoded formats `RGBImage(contentsOf:)` accepts, recognised by their signature (the file
/// name's extension is never consulted). stb_image knows more formats (TGA, PSD, HDR, PNM, PIC),
/// but TGA has no signature, so random bytes could pass as one: only these four are accepted.
public enum ImageFormat: String, CaseIterable, Equatable, Sendable {
    case png = "PNG"
    case jpeg = "JPEG"
    case gif = "GIF"
    case bmp = "BMP"

    /// The format whose signature `bytes` start with, or nil.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> ImageFormat? {
        func starts(with prefix: [UInt8]) -> Bool {
            bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
        }
        if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(with: Array("GIF87a".utf8)) || starts(with: Array("GIF89a".utf8)) { return .gif }
        if starts(with: Array("BM".utf8)) && bytes.count >= 26 { return .bmp }
        return nil
    }

    /// `detect` on an array.
    public static func detect(_ bytes: [UInt8]) -> ImageFormat? {
        bytes.withUnsafeBytes { detect($0) }
    }
}
