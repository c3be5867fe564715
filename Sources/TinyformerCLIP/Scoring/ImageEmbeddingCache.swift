import Foundation
import TinyformerIO

// Shape letters: P projection width.

/// Image embeddings kept in a safetensors file, keyed by the SHA-256 of each image file's bytes:
/// a renamed or moved image is found again, an edited one is embedded again. The file belongs to
/// one model and preprocessing (`fingerprint`, stored in the metadata); a file of another
/// fingerprint, width or format is ignored and replaced on `save()`.
///
///     __metadata__: {"format": "tinyformer-clip-embeddings", "fingerprint": <hex>}
///     <sha256 hex of an image file>: F32 (P)
public struct ImageEmbeddingCache: Sendable {
    public static let format = "tinyformer-clip-embeddings"

    public let url: URL
    public let fingerprint: String
    public let width: Int
    /// Content hash → normalised embedding (P).
    public private(set) var entries: [String: [Float]]
    /// Why an existing file was not used (nil when it was, or when there was none).
    public let ignoredBecause: String?

    /// Opens the cache at `url`: its entries when the file is ours with the same fingerprint and
    /// width, otherwise empty (with `ignoredBecause` saying why).
    public init(url: URL, fingerprint: String, width: Int) {
        self.url = url
        self.fingerprint = fingerprint
        self.width = width
        guard FileManager.default.fileExists(atPath: url.path) else {
            entries = [:]
            ignoredBecause = nil
            return
        }
        do {
            let file = try SafeTensorsFile(contentsOf: url)
            guard file.metadata["format"] == Self.format else { throw ClipError.invalidCache(path: url.path, reason: "not an embedding cache") }
            guard file.metadata["fingerprint"] == fingerprint else {
                throw ClipError.invalidCache(path: url.path, reason: "written for another model or preprocessing")
            }
            var entries: [String: [Float]] = [:]
            for info in file.infos {
                guard info.shape == [width] else {
                    throw ClipError.invalidCache(path: url.path, reason: "entry '\(info.name)' has shape \(info.shape), expected [\(width)]")
                }
                entries[info.name] = try file.entry(named: info.name).scalars
            }
            self.entries = entries
            ignoredBecause = nil
        } catch {
            entries = [:]
            ignoredBecause = "\(error)"
        }
    }

    /// The embedding stored for a content hash.
    public func embedding(forContentHash hash: String) -> [Float]? { entries[hash] }

    /// Stores (or replaces) an embedding.
    public mutating func store(_ embedding: [Float], forContentHash hash: String) {
        entries[hash] = embedding
    }

    /// Keeps only the entries of these hashes (the images present now).
    public mutating func keep(onlyContentHashes hashes: Set<String>) {
        entries = entries.filter { hashes.contains($0.key) }
    }

    /// Writes the cache atomically.
    public func save() throws {
        let tensors = entries.mapValues { SafeTensorsEntry(shape: [width], scalars: $0) }
        try SafeTensorsFile.write(tensors, metadata: ["format": Self.format, "fingerprint": fingerprint], to: url)
    }
}
