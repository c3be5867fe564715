// Shared by the image tests: the fixture manifest (Fixtures/images/manifest.json, written by
// Scripts/make_clip_fixtures.py), CRC-32 and difference statistics.
import Foundation
import TinyformerIO

let imageFixtures = packageRoot.appendingPathComponent("Fixtures/images")

/// Fixtures/images/manifest.json.
struct ImageManifest: Decodable {
    struct Image: Decodable {
        let file: String
        let format: String
        let mode: String
        let width: Int
        let height: Int
        let has_alpha: Bool
        let rgb_crc32: UInt32
        let composited_crc32: UInt32
        let resize224: [Int]
        let resize64: [Int]

        var url: URL { imageFixtures.appendingPathComponent(file) }
        var stem: String { (file as NSString).deletingPathExtension }
    }

    struct Invalid: Decodable {
        let file: String
        let error: String
    }

    let images: [Image]
    let invalid: [Invalid]
    let pad_images: [String]

    static func load() throws -> ImageManifest {
        try JSONDecoder().decode(ImageManifest.self, from: Data(contentsOf: imageFixtures.appendingPathComponent("manifest.json")))
    }
}

/// zlib's CRC-32 (as Python's `zlib.crc32`).
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for i in 0..<256 {
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[i] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
}

/// Max and mean |a - b| over two equally long arrays.
func differences<T: BinaryInteger>(_ a: [T], _ b: [T]) -> (max: Int, mean: Double) {
    var worst = 0
    var total = 0
    for (x, y) in zip(a, b) {
        let d = abs(Int(x) - Int(y))
        worst = max(worst, d)
        total += d
    }
    return (worst, a.isEmpty ? 0 : Double(total) / Double(a.count))
}

func differences(_ a: [Float], _ b: [Float]) -> (max: Float, mean: Float) {
    var worst: Float = 0
    var total: Double = 0
    for (x, y) in zip(a, b) {
        let d = abs(x - y)
        worst = max(worst, d)
        total += Double(d)
    }
    return (worst, a.isEmpty ? 0 : Float(total / Double(a.count)))
}

/// An expected PIL output stored losslessly as PNG under Fixtures/images/expected.
func expectedImage(_ name: String) throws -> RGBImage {
    try RGBImage(contentsOf: imageFixtures.appendingPathComponent("expected/\(name)"))
}
