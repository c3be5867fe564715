import Foundation
import TinyformerIO
import TinyformerTensor

// Shape letters: I images, P projection width.

/// The images of one folder and their normalised embeddings (`ClipScorer.embedFolder`).
public struct FolderEmbeddings {
    /// The images, in file-name order.
    public let files: [URL]
    /// (I, P), row i for `files[i]`.
    public let embeddings: Tensor
    /// Everything in the folder that is not a decodable image, with why.
    public let skipped: [SkippedFile]
    /// How many embeddings came from the cache.
    public let cacheHits: Int
    /// The cache's problem, when an existing file could not be used or the new one not written.
    public let cacheNote: String?

    /// The file names.
    public var names: [String] { files.map(\.lastPathComponent) }
}

extension ClipScorer {
    /// A SHA-256 of everything that determines an image's embedding: the configuration, every
    /// parameter's values and the preprocessing settings.
    public func fingerprint() throws -> String {
        var hasher = SHA256()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        hasher.update(Array(try encoder.encode(model.config)))
        hasher.update(Array("\(preprocessor.config)|\(preprocessor.alphaHandling)".utf8))
        for (name, tensor) in model.namedParameters {
            hasher.update(Array(name.utf8))
            hasher.update(raw: UnsafeRawBufferPointer(start: tensor.data, count: tensor.count * MemoryLayout<Float>.size))
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The default cache file of a folder: `.clip-embeddings-<first 12 digits of the fingerprint>.safetensors` inside it.
    public func defaultCacheURL(for folder: URL) throws -> URL {
        folder.appendingPathComponent(".clip-embeddings-\(try fingerprint().prefix(12)).safetensors")
    }

    /// Embeds every decodable image of `folder` (not recursively; file-name order). Files that are
    /// not images are skipped with their reason. With `cache`, embeddings are looked up by the
    /// SHA-256 of the file's bytes first and the cache is rewritten with the folder's current
    /// images (a cache that cannot be written is reported in `cacheNote`, not thrown).
    /// - Throws: `ImageError` when the folder is missing or unreadable, `ClipError.invalidArgument`
    ///   when it holds no image.
    public func embedFolder(_ folder: URL, cache cacheURL: URL? = nil) throws -> FolderEmbeddings {
        let entries = try ImageFolder.listing(folder).filter { !$0.lastPathComponent.hasPrefix(".clip-embeddings-") }
        let fingerprint = try cacheURL.map { _ in try self.fingerprint() }
        var cache = cacheURL.map { ImageEmbeddingCache(url: $0, fingerprint: fingerprint ?? "", width: model.config.projectionDim) }
        let maxPixels = self.maxPixels, knownHashes = Set(cache?.entries.keys.map { $0 } ?? [])

        // Decode what the cache does not hold, in parallel; read and hash everything.
        enum Item { case cached(hash: String), decoded(hash: String, pixels: PixelValues), failed(ImageError) }
        let items = try parallelMap(entries) { url throws(ImageError) -> Item in
            do throws(ImageError) {
                let data = try RGBImage.readFile(url)
                let hash = cacheURL == nil ? "" : data.withUnsafeBytes { SHA256.hex(ofRaw: $0) }
                if knownHashes.contains(hash) { return .cached(hash: hash) }
                let image = try RGBImage(data: data, source: url.path, maxPixels: maxPixels)
                return .decoded(hash: hash, pixels: try self.preprocessor(image))
            } catch {
                return .failed(error)
            }
        }
        var files: [URL] = [], skipped: [SkippedFile] = [], pending: [PixelValues] = [], hashes: [String] = []
        var rows: [Int?] = []  // per file: index into `pending`, or nil when cached
        for (url, item) in zip(entries, items) {
            switch item {
            case let .cached(hash):
                files.append(url); hashes.append(hash); rows.append(nil)
            case let .decoded(hash, pixels):
                files.append(url); hashes.append(hash); rows.append(pending.count); pending.append(pixels)
            case let .failed(error):
                skipped.append(SkippedFile(url: url, error: error))
            }
        }
        guard !files.isEmpty else { throw ClipError.invalidArgument("\(folder.path): no decodable images (\(skipped.count) files skipped)") }
        let fresh = pending.isEmpty ? nil : try embed(pixelValues: pending)  // (I', P)
        let p = model.config.projectionDim
        var values: [Float] = []
        values.reserveCapacity(files.count * p)
        for (hash, row) in zip(hashes, rows) {
            if let row, let fresh {
                let embedding = Array(UnsafeBufferPointer(start: fresh.data + row * p, count: p))
                values += embedding
                cache?.store(embedding, forContentHash: hash)
            } else {
                values += cache?.embedding(forContentHash: hash) ?? []
            }
        }
        var note = cache?.ignoredBecause
        if var cache {
            cache.keep(onlyContentHashes: Set(hashes))
            do { try cache.save() } catch { note = "not written: \(error)" }
        }
        return FolderEmbeddings(files: files, embeddings: try Tensor(shape: [files.count, p], scalars: values),
                                skipped: skipped, cacheHits: rows.filter { $0 == nil }.count, cacheNote: note)
    }
}
