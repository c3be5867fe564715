import Foundation
import TinyformerIO

/// One image written by `SyntheticShapes.writeImages`, as listed in its `captions.json`.
public struct SyntheticImageRecord: Codable, Sendable, Equatable {
    public let file: String
    /// The caption naming every attribute.
    public let caption: String
    public let scene: SyntheticScene
}

extension SyntheticShapes {
    /// Writes scenes `0..<count` of `split` as PNG files `<split>-00000.png`, … into `folder`
    /// (created when needed) and their full captions into `captions.json` (`SyntheticImageRecord`s);
    /// every file atomically. Returns the records.
    /// - Throws: `ClipError.invalidArgument` for a count outside 1…100,000, or when `folder` already
    ///   holds files (nothing is overwritten); file errors.
    @discardableResult
    public func writeImages(_ split: Split, count: Int, to folder: URL) throws -> [SyntheticImageRecord] {
        guard (1...100_000).contains(count) else { throw ClipError.invalidArgument("image count must be in 1…100000, got \(count)") }
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        guard existing.isEmpty else { throw ClipError.invalidArgument("\(folder.path) already holds files; choose an empty or new folder") }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var records: [SyntheticImageRecord] = []
        for index in 0..<count {
            let scene = self.scene(split, index: index, fullCaption: true)
            let file = String(format: "%@-%05d.png", split.rawValue, index)
            try image(scene).writePNG(to: folder.appendingPathComponent(file))
            records.append(SyntheticImageRecord(file: file, caption: scene.fullCaption, scene: scene))
        }
        try JSONFile.write(records, to: folder.appendingPathComponent("captions.json"))
        return records
    }
}
