// Decoding the committed test images (libjpeg-turbo for JPEG, stb_image for the rest) and
// comparing with PIL's decode; typed errors for every kind of bad file.
import Foundation
import Testing
import TinyformerIO

@Suite struct ImageDecodingTests {
    @Test func everyImageDecodesToPILsBytes() throws {
        for image in try ImageManifest.load().images {
            let decoded = try RGBImage(contentsOf: image.url)
            #expect(decoded.width == image.width && decoded.height == image.height, "\(image.file)")
            #expect(crc32(decoded.bytes) == image.rgb_crc32, "\(image.file): RGB bytes differ from PIL's convert(\"RGB\")")
            #expect((decoded.alpha != nil) == image.has_alpha, "\(image.file)")
        }
    }

    @Test func compositingOnWhiteGivesHuggingFacesBytes() throws {
        for image in try ImageManifest.load().images {
            let composited = try RGBImage(contentsOf: image.url).compositedOnWhite()
            #expect(crc32(composited.bytes) == image.composited_crc32, "\(image.file)")
            #expect(composited.alpha == nil)
        }
    }

    @Test func jpegDecodesToPillowsPixelsExactly() throws {
        let image = try #require(try ImageManifest.load().images.first { $0.format == "JPEG" })
        let decoded = try RGBImage(contentsOf: image.url)
        let pil = try expectedImage("\(image.stem).decoded.png")
        #expect(decoded.width == pil.width && decoded.height == pil.height)
        let d = differences(decoded.bytes, pil.bytes)
        #expect(d.max == 0, "\(image.file): max |Δ| \(d.max), mean |Δ| \(d.mean) against Pillow's decode (8-bit)")
    }

    @Test func aJPEGWithABogusHuffmanTableIsRefusedWithLibjpegsReason() throws {
        // The first Huffman table's code counts (16 bytes after its class / id byte) all set to
        // 255: far more codes than a table may hold. The segment keeps its length, so the file's
        // structure is intact and the header the probe reads (up to the frame) is too.
        var bytes = try [UInt8](Data(contentsOf: imageFixtures.appendingPathComponent("photo_257x123.jpg")))
        let table = try #require((0..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC4 })
        for i in (table + 5)..<(table + 21) { bytes[i] = 255 }
        do throws(ImageError) {
            _ = try RGBImage(data: Data(bytes), source: "bogus.jpg")
            Issue.record("a JPEG with a bogus Huffman table decoded")
        } catch {
            guard case .corrupt(let path, _, let reason) = error else {
                Issue.record("expected .corrupt, got \(error)")
                return
            }
            #expect(path == "bogus.jpg" && reason.contains("Huffman"), "\(error)")
        }
    }

    @Test func gifDecodesItsFirstFrame() throws {
        let decoded = try RGBImage(contentsOf: imageFixtures.appendingPathComponent("palette_120x90.gif"))
        // Frame 0 has palette index 7 in rows 20..<50, columns 30..<80 (palette entry i = (i, 3i, 255 - i)).
        let at = (30 * decoded.width + 50) * 3
        #expect(Array(decoded.bytes[at..<at + 3]) == [7, 21, 248])
    }

    @Test func everyInvalidFileGivesItsTypedErrorNamingTheFile() throws {
        for invalid in try ImageManifest.load().invalid {
            let url = imageFixtures.appendingPathComponent(invalid.file)
            do throws(ImageError) {
                _ = try RGBImage(contentsOf: url)
                Issue.record("\(invalid.file) decoded, expected \(invalid.error)")
            } catch {
                #expect(kind(of: error) == invalid.error, "\(invalid.file): \(error)")
                #expect(error.description.contains(url.path), "\(error)")
            }
        }
    }

    @Test func missingFileIsNamed() throws {
        let url = imageFixtures.appendingPathComponent("no_such_image.png")
        #expect(throws: ImageError.missingFile(path: url.path)) { try RGBImage(contentsOf: url) }
    }

    @Test func aFolderIsUnreadable() throws {
        let url = imageFixtures.appendingPathComponent("expected")
        #expect(throws: ImageError.unreadableFile(path: url.path, reason: "it is a folder")) { try RGBImage(contentsOf: url) }
    }

    @Test func pixelLimitIsCheckedBeforeDecoding() throws {
        let url = imageFixtures.appendingPathComponent("gradient_shapes_300x200.png")
        #expect(throws: ImageError.tooLarge(path: url.path, width: 300, height: 200, maxPixels: 59_999)) {
            try RGBImage(contentsOf: url, maxPixels: 59_999)
        }
        #expect(try RGBImage(contentsOf: url, maxPixels: 60_000).width == 300)
    }

    @Test func inMemoryDecodeNamesItsSource() throws {
        let data = try Data(contentsOf: imageFixtures.appendingPathComponent("truncated.png"))
        #expect(throws: ImageError.self) { try RGBImage(data: data, source: "upload #3") }
        do throws(ImageError) {
            _ = try RGBImage(data: data, source: "upload #3")
        } catch {
            #expect(error.description.hasPrefix("image upload #3: truncated PNG file"))
        }
        #expect(throws: ImageError.emptyFile(path: "<memory>")) { try RGBImage(data: Data()) }
    }

    @Test func everyPrefixOfAnImageIsRefusedWithoutTrapping() throws {
        // A GIF prefix holding the whole first frame is a valid image; the others never are.
        for name in ["gradient_shapes_300x200.png", "photo_257x123.jpg", "small_40x30.bmp", "palette_120x90.gif"] {
            let bytes = try [UInt8](Data(contentsOf: imageFixtures.appendingPathComponent(name)))
            var decoded: [Int] = []
            for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 211)) {
                if (try? RGBImage(data: Data(bytes[..<length]))) != nil { decoded.append(length) }
            }
            if !name.hasSuffix(".gif") { #expect(decoded.isEmpty, "\(name): prefixes \(decoded) decoded") }
        }
    }

    @Test func pixelBuffersOfTheWrongSizeAreRefused() throws {
        #expect(throws: ImageError.self) { try RGBImage(width: 2, height: 2, bytes: [0, 0, 0]) }
        #expect(throws: ImageError.self) { try RGBImage(width: 0, height: 2, bytes: []) }
        #expect(throws: ImageError.self) { try RGBImage(width: 1, height: 1, bytes: [1, 2, 3], alpha: [1, 2]) }
    }
}

/// The manifest's name for an error case.
private func kind(of error: ImageError) -> String {
    switch error {
    case .missingFile: return "missingFile"
    case .unreadableFile: return "unreadableFile"
    case .emptyFile: return "empty"
    case .notAnImage: return "notAnImage"
    case .truncated: return "truncated"
    case .corrupt: return "corrupt"
    case .zeroSize: return "zeroSize"
    case .tooLarge: return "tooLarge"
    case .invalidConfiguration: return "invalidConfiguration"
    case .invalidArgument: return "invalidArgument"
    }
}
