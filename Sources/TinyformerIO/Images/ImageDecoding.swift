// Decoding PNG, JPEG, BMP and GIF files into `RGBImage`s through the CImage target (libjpeg-turbo
// for JPEG, stb_image for the others).
//
// Shape letters: H height, W width.
import CImage
import Foundation

extension RGBImage {
    /// The default pixel limit of the decoders: 100 megapixels (400 MB of RGBA while decoding).
    /// stb_image itself refuses images whose decoded size exceeds 2^30 bytes (about 358
    /// megapixels of RGB), reported as `.corrupt` when a larger `maxPixels` lets them through.
    public static let defaultMaxPixels = 100_000_000

    /// Decodes the image file at `url` (PNG, JPEG, BMP, or a GIF's first frame) to 8-bit RGB: grey
    /// is expanded to three equal channels, transparency goes to `alpha`. The format comes from
    /// the file's signature, not its name.
    ///
    /// Throws (never traps) `.missingFile`, `.unreadableFile` (also for a folder), `.emptyFile`,
    /// `.notAnImage`, `.truncated`, `.corrupt`, `.zeroSize`, or `.tooLarge` when the header declares
    /// more than `maxPixels` pixels — checked before any pixel is decoded.
    public init(contentsOf url: URL, maxPixels: Int = RGBImage.defaultMaxPixels) throws(ImageError) {
        let data = try Self.readFile(url)
        try self.init(data: data, source: url.path, maxPixels: maxPixels)
    }

    /// Decodes an image held in memory; `source` names it in error messages.
    public init(data: Data, source: String = "<memory>", maxPixels: Int = RGBImage.defaultMaxPixels) throws(ImageError) {
        self = try Self.decode(data, source: source, maxPixels: maxPixels).image
    }

    /// The decoded image and the format it was stored in.
    static func decode(_ data: Data, source: String, maxPixels: Int) throws(ImageError) -> (image: RGBImage, format: ImageFormat) {
        let result = data.withUnsafeBytes { raw in
            Result { () throws(ImageError) in try Self.decode(raw, source: source, maxPixels: maxPixels) }
        }
        return try result.get()
    }

    /// The bytes of a regular file (memory-mapped when possible), or the error naming it:
    /// `.missingFile`, `.unreadableFile` (also for a folder).
    public static func readFile(_ url: URL) throws(ImageError) -> Data {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingFile(path: path)
        }
        if isDirectory.boolValue {
            throw .unreadableFile(path: path, reason: "it is a folder")
        }
        do {
            return try InputFile.read(url)
        } catch {
            throw .unreadableFile(path: path, reason: error.reason)
        }
    }

    /// Checks the signature, the structure and the declared size, then decodes.
    private static func decode(_ raw: UnsafeRawBufferPointer, source: String, maxPixels: Int) throws(ImageError)
        -> (image: RGBImage, format: ImageFormat)
    {
        let header = try inspect(raw, source: source, maxPixels: maxPixels)
        var width: Int32 = 0
        var height: Int32 = 0
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self),
              let rgba = tf_image_decode_rgba(base, raw.count, &width, &height)
        else {
            throw .corrupt(path: source, format: header.format, reason: String(cString: tf_image_failure_reason()))
        }
        defer { tf_image_free(rgba) }
        guard Int(width) == header.width, Int(height) == header.height else {
            throw .corrupt(path: source, format: header.format,
                           reason: "decoded \(width)×\(height), the header said \(header.width)×\(header.height)")
        }
        let image = split(UnsafeBufferPointer(start: rgba, count: header.width * header.height * 4),
                          width: header.width, height: header.height)
        return (image, header.format)
    }

    /// Format, size and completeness of an encoded image, without decoding its pixels; throws
    /// what `decode` would for everything but corrupt compressed data.
    static func inspect(_ raw: UnsafeRawBufferPointer, source: String, maxPixels: Int) throws(ImageError)
        -> (format: ImageFormat, width: Int, height: Int)
    {
        guard raw.count > 0 else { throw .emptyFile(path: source) }
        guard let format = ImageFormat.detect(raw) else {
            let shown = raw.prefix(8).map { String($0, radix: 16, uppercase: true) }
                .map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: " ")
            throw .notAnImage(path: source, leadingBytes: shown)
        }
        let structure = ImageStructure.scan(raw, format: format)
        if let width = structure.width, let height = structure.height, width == 0 || height == 0 {
            throw .zeroSize(path: source, format: format, width: width, height: height)
        }
        if let width = structure.width, let height = structure.height,
           width.multipliedReportingOverflow(by: height).overflow || width * height > maxPixels
        {
            throw .tooLarge(path: source, width: width, height: height, maxPixels: maxPixels)
        }
        if let truncation = structure.truncation {
            throw .truncated(path: source, format: format, detail: truncation)
        }
        var width: Int32 = 0
        var height: Int32 = 0
        var channels: Int32 = 0
        let probe = raw.baseAddress.map {
            tf_image_probe($0.assumingMemoryBound(to: UInt8.self), raw.count, &width, &height, &channels)
        } ?? 0
        if probe < 0 {
            throw .unreadableFile(path: source, reason: "\(raw.count) bytes exceed stb_image's limit of \(Int32.max)")
        }
        guard probe == 1 else {
            throw .corrupt(path: source, format: format, reason: String(cString: tf_image_failure_reason()))
        }
        guard width > 0, height > 0 else {
            throw .zeroSize(path: source, format: format, width: Int(width), height: Int(height))
        }
        let pixels = Int(width) * Int(height)
        guard pixels <= maxPixels else {
            throw .tooLarge(path: source, width: Int(width), height: Int(height), maxPixels: maxPixels)
        }
        return (format, Int(width), Int(height))
    }

    /// (H, W, 4) RGBA → (H, W, 3) RGB plus the alpha plane when some pixel is not opaque.
    private static func split(_ rgba: UnsafeBufferPointer<UInt8>, width: Int, height: Int) -> RGBImage {
        let pixels = width * height
        var opaque = true
        let rgb = [UInt8](unsafeUninitializedCapacity: pixels * 3) { out, count in
            for i in 0..<pixels {
                out[i * 3] = rgba[i * 4]
                out[i * 3 + 1] = rgba[i * 4 + 1]
                out[i * 3 + 2] = rgba[i * 4 + 2]
                opaque = opaque && rgba[i * 4 + 3] == 255
            }
            count = pixels * 3
        }
        let alpha: [UInt8]? = opaque ? nil : (0..<pixels).map { rgba[$0 * 4 + 3] }
        return RGBImage(uncheckedWidth: width, height: height, bytes: rgb, alpha: alpha)
    }
}
