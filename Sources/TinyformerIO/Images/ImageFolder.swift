// Listing the images of a folder, skipping (and reporting) everything that is not one.
import Foundation

/// The decodable images of one folder, in file-name order, and the files that were skipped.
///
/// ```swift
/// let folder = try ImageFolder.scan(URL(fileURLWithPath: "photos"))
/// for skipped in folder.skipped { print("skipped", skipped.url.lastPathComponent, "-", skipped.reason) }
/// let first = try folder.images[0].load()
/// ```
public struct ImageFolder: Sendable {
    /// The folder that was scanned.
    public let directory: URL
    /// Every file that decoded, sorted by name (code point order, like Python's `sorted`).
    public let images: [ImageFolderEntry]
    /// Everything else in the folder (sub-folders, non-images, broken images), sorted by name,
    /// each with the error that decoding it gave.
    public let skipped: [SkippedFile]

    /// Scans `url` (not recursively; hidden files included). Every regular file is decoded once to
    /// make sure it can be (its pixels are not kept: `ImageFolderEntry.load()` decodes it again).
    /// Throws only when the folder itself is missing or unreadable; a file that is not a decodable
    /// image, or holds more than `maxPixels` pixels, goes to `skipped` with its reason.
    public static func scan(_ url: URL, maxPixels: Int = RGBImage.defaultMaxPixels) throws(ImageError) -> ImageFolder {
        let names = try listing(url)
        var images: [ImageFolderEntry] = []
        var skipped: [SkippedFile] = []
        for file in names {
            do {
                let (image, format) = try RGBImage.decode(RGBImage.readFile(file), source: file.path, maxPixels: maxPixels)
                images.append(ImageFolderEntry(url: file, format: format, width: image.width, height: image.height,
                                               hasAlpha: image.alpha != nil))
            } catch {
                skipped.append(SkippedFile(url: file, error: error))
            }
        }
        return ImageFolder(directory: url, images: images, skipped: skipped)
    }

    /// Every entry of the folder `url` (not recursively; hidden files included), sorted by name in
    /// code point order like Python's `sorted`. Throws `.missingFile`, or `.unreadableFile` when
    /// `url` is not a readable folder.
    public static func listing(_ url: URL) throws(ImageError) -> [URL] {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingFile(path: path)
        }
        guard isDirectory.boolValue else {
            throw .unreadableFile(path: path, reason: "not a folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .unreadableFile(path: path, reason: SystemErrorReason.describe(error))
        }
        return names.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) })
            .map { url.appendingPathComponent($0) }
    }
}
