// Encoding an RGBImage as PNG through stb_image_write (the CImage target).
import CImage
import Foundation

extension RGBImage {
    /// The image as a PNG file's bytes (8-bit RGB, or RGBA when the image has an alpha plane),
    /// losslessly: decoding them gives these pixels back.
    /// - Throws: `.invalidArgument` when the encoder fails (an image too wide for it, memory).
    public func pngData() throws(ImageError) -> Data {
        let channels = alpha == nil ? 3 : 4
        var interleaved = bytes
        if let alpha {
            interleaved = [UInt8](unsafeUninitializedCapacity: width * height * 4) { out, count in
                for i in 0..<(width * height) {
                    out[i * 4] = bytes[i * 3]
                    out[i * 4 + 1] = bytes[i * 3 + 1]
                    out[i * 4 + 2] = bytes[i * 3 + 2]
                    out[i * 4 + 3] = alpha[i]
                }
                count = width * height * 4
            }
        }
        var length = 0
        let encoded = interleaved.withUnsafeBufferPointer { pixels in
            pixels.baseAddress.flatMap { tf_image_encode_png($0, Int32(width), Int32(height), Int32(channels), &length) }
        }
        guard let encoded else {
            throw .invalidArgument(reason: "PNG encoding of a \(width)×\(height) image failed")
        }
        defer { tf_image_free_encoded(encoded) }
        return Data(bytes: encoded, count: length)
    }

    /// Writes the image as a PNG file atomically.
    public func writePNG(to url: URL) throws {
        try AtomicFile.write(try pngData(), to: url, createDirectories: true)
    }
}
