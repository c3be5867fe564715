// Scanning a folder: decodable images in name order, everything else skipped with a reason.
import Foundation
import Testing
import TinyformerIO

@Suite struct ImageFolderTests {
    @Test func scanListsTheImagesInNameOrderAndSkipsTheRestWithReasons() throws {
        let manifest = try ImageManifest.load()
        let folder = try ImageFolder.scan(imageFixtures)
        #expect(folder.images.map(\.url.lastPathComponent) == manifest.images.map(\.file).sorted())
        #expect(folder.images.map(\.width) == manifest.images.sorted { $0.file < $1.file }.map(\.width))
        let expectedSkipped = (manifest.invalid.map(\.file) + ["expected", "manifest.json"]).sorted()
        #expect(folder.skipped.map(\.url.lastPathComponent) == expectedSkipped)
        for skipped in folder.skipped {
            #expect(skipped.reason.contains(skipped.url.lastPathComponent), "\(skipped.reason)")
        }
        let reasons = Dictionary(uniqueKeysWithValues: folder.skipped.map { ($0.url.lastPathComponent, $0.error) })
        #expect(reasons["expected"] == .unreadableFile(path: imageFixtures.appendingPathComponent("expected").path,
                                                       reason: "it is a folder"))
        if case .notAnImage = reasons["notes.txt"] {} else { Issue.record("notes.txt: \(String(describing: reasons["notes.txt"]))") }
        #expect(folder.images.first { $0.hasAlpha }?.url.lastPathComponent == "rgba_160x120.png")
        #expect(try folder.images[0].load().width == folder.images[0].width)
    }

    @Test func scanningAMissingFolderThrows() throws {
        let url = imageFixtures.appendingPathComponent("no_such_folder")
        #expect(throws: ImageError.missingFile(path: url.path)) { try ImageFolder.scan(url) }
        let file = imageFixtures.appendingPathComponent("notes.txt")
        #expect(throws: ImageError.unreadableFile(path: file.path, reason: "not a folder")) { try ImageFolder.scan(file) }
    }
}
