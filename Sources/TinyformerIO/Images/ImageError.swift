// Errors of image decoding, folder scans, resizing and CLIP image preprocessing.

/// Everything that can go wrong reading or preparing an image. Each message names the file
/// (`path`: the file's path, or the `source` given to an in-memory decode) and what was expected.
public enum ImageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No file (or folder) at `path`.
    case missingFile(path: String)
    /// The path exists but cannot be read as a file (a folder, no permission, an I/O error).
    case unreadableFile(path: String, reason: String)
    /// The file has no bytes.
    case emptyFile(path: String)
    /// The bytes do not start with a PNG, JPEG, GIF or BMP signature; `leadingBytes` shows the first few in hex.
    case notAnImage(path: String, leadingBytes: String)
    /// The file stops before the image's data does (for example a partial download).
    case truncated(path: String, format: ImageFormat, detail: String)
    /// The structure is complete but the decoder rejected the contents; `reason` is the decoder's.
    case corrupt(path: String, format: ImageFormat, reason: String)
    /// The header declares a width or height of zero.
    case zeroSize(path: String, format: ImageFormat, width: Int, height: Int)
    /// The header declares more than `maxPixels` pixels; nothing was decoded.
    case tooLarge(path: String, width: Int, height: Int, maxPixels: Int)
    /// `preprocessor_config.json` (or a configuration built in code) is unusable.
    case invalidConfiguration(path: String, reason: String)
    /// An argument that is not a file: pixel buffers of the wrong size, sizes below 1, memory that
    /// could not be allocated.
    case invalidArgument(reason: String)

    /// A one-line message: `image <path>: <problem> (expected ...)`.
    public var description: String {
        switch self {
        case let .missingFile(path):
            return "image \(path): no such file"
        case let .unreadableFile(path, reason):
            return "image \(path): cannot read the file (\(reason))"
        case let .emptyFile(path):
            return "image \(path): the file is empty (expected a PNG, JPEG, GIF or BMP image)"
        case let .notAnImage(path, leadingBytes):
            return "image \(path): not an image: the file starts with \(leadingBytes) "
                + "(expected the signature of a PNG, JPEG, GIF or BMP file)"
        case let .truncated(path, format, detail):
            return "image \(path): truncated \(format.rawValue) file: \(detail)"
        case let .corrupt(path, format, reason):
            return "image \(path): corrupt \(format.rawValue) data (decoder: \(reason))"
        case let .zeroSize(path, format, width, height):
            return "image \(path): the \(format.rawValue) header declares a \(width)×\(height) image "
                + "(expected at least 1×1)"
        case let .tooLarge(path, width, height, maxPixels):
            let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
            return "image \(path): \(width)×\(height) = \(overflow ? "too many" : "\(pixels)") pixels exceeds the limit of \(maxPixels)"
        case let .invalidConfiguration(path, reason):
            return "image preprocessor configuration \(path): \(reason)"
        case let .invalidArgument(reason):
            return "image: invalid argument: \(reason)"
        }
    }
}
