// One decodable image found by `ImageFolder.scan`.
import Foundation

/// An image file that decoded during a folder scan.
public struct ImageFolderEntry: Equatable, Sendable {
    public let url: URL
    public let format: ImageFormat
    public let width: Int
    public let height: Int
    /// Whether some pixel is not fully opaque.
    public let hasAlpha: Bool

    /// Decodes the file (again).
    public func load(maxPixels: Int = RGBImage.defaultMaxPixels) throws(ImageError) -> RGBImage {
        try RGBImage(contentsOf: url, maxPixels: maxPixels)
    }
}
