// A folder entry that `ImageFolder.scan` could not use as an image.
import Foundation

/// A file (or sub-folder) skipped by `ImageFolder.scan`, with why.
public struct SkippedFile: Equatable, Sendable {
    public let url: URL
    /// The error decoding it gave (`.notAnImage`, `.truncated`, `.unreadableFile` for a folder, …).
    public let error: ImageError

    public init(url: URL, error: ImageError) {
        self.url = url
        self.error = error
    }

    /// The error's message.
    public var reason: String { error.description }
}
