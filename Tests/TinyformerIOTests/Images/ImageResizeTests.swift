// The Pillow-compatible resampler against PIL's own `Image.resize` bytes (Fixtures/images/expected,
// written by Scripts/make_clip_fixtures.py with Pillow 13.0.0).
import Foundation
import Testing
import TinyformerIO

@Suite struct ImageResizeTests {
    @Test func bicubicResizeToCLIPSizesEqualsPILsBytes() throws {
        var report: [String] = []
        for image in try ImageManifest.load().images {
            let rgb = try RGBImage(contentsOf: image.url).compositedOnWhite()
            for (size, tag) in [(image.resize224, "resize224"), (image.resize64, "resize64")] {
                let ours = try rgb.resized(width: size[0], height: size[1], filter: .bicubic)
                let pil = try expectedImage("\(image.stem).\(tag).png")
                #expect(ours.width == pil.width && ours.height == pil.height)
                let d = differences(ours.bytes, pil.bytes)
                report.append("\(image.file) → \(size[0])×\(size[1]): max |Δ| \(d.max)")
                #expect(d.max == 0, "\(image.file) resized to \(size[0])×\(size[1]): max byte difference \(d.max)")
            }
        }
        print("bicubic resize vs PIL:\n  " + report.joined(separator: "\n  "))
    }

    /// 300×57 and 41×200 filter one dimension only; 641×77 shrinks the height enough for Pillow 13
    /// to run the vertical pass first.
    @Test func unequalAndOneDimensionalBicubicResizesEqualPILsBytes() throws {
        try expectGradientResizesMatchPIL([(300, 57), (41, 200), (641, 77)], filter: .bicubic, tag: "bicubic")
    }

    @Test func bilinearResizeEqualsPILsBytes() throws {
        try expectGradientResizesMatchPIL([(97, 61), (451, 333)], filter: .bilinear, tag: "bilinear")
    }

    /// Resizes the gradient test image to each size and compares with PIL's bytes in
    /// `expected/gradient_shapes_300x200.<tag><W>x<H>.png`.
    private func expectGradientResizesMatchPIL(_ sizes: [(Int, Int)], filter: ResamplingFilter, tag: String) throws {
        let rgb = try RGBImage(contentsOf: imageFixtures.appendingPathComponent("gradient_shapes_300x200.png"))
        for (w, h) in sizes {
            let ours = try rgb.resized(width: w, height: h, filter: filter)
            let pil = try expectedImage("gradient_shapes_300x200.\(tag)\(w)x\(h).png")
            #expect(ours.width == pil.width && ours.height == pil.height)
            #expect(differences(ours.bytes, pil.bytes).max == 0, "\(tag) \(w)×\(h): max |Δ| \(differences(ours.bytes, pil.bytes).max)")
        }
    }

    @Test func resizingToTheSameSizeCopies() throws {
        let rgb = try RGBImage(contentsOf: imageFixtures.appendingPathComponent("tiny_30x20.png"))
        #expect(try rgb.resized(width: 30, height: 20) == rgb)
    }

    @Test func sizesBelowOneAreRefused() throws {
        let rgb = try RGBImage(width: 1, height: 1, bytes: [1, 2, 3])
        #expect(throws: ImageError.self) { try rgb.resized(width: 0, height: 5) }
        #expect(throws: ImageError.self) { try rgb.resized(width: 5, height: -1) }
        #expect(throws: ImageError.self) { try rgb.centerCropped(to: ImageSize(width: 0, height: 1)) }
    }

    @Test func centerCropPadsSmallImagesWithBlackAsHuggingFace() throws {
        // 3×2 image cropped to 6×5: HF pads ceil(3/2) = 2 columns before, ceil(3/2) = 2 rows before.
        let image = try RGBImage(width: 3, height: 2, bytes: (1...18).map(UInt8.init))
        let crop = try image.centerCropped(to: ImageSize(width: 6, height: 5))
        #expect(crop.width == 6 && crop.height == 5)
        func pixel(_ x: Int, _ y: Int) -> [UInt8] { Array(crop.bytes[(y * 6 + x) * 3..<(y * 6 + x) * 3 + 3]) }
        #expect(pixel(2, 2) == [1, 2, 3])
        #expect(pixel(4, 3) == [16, 17, 18])
        #expect(pixel(1, 2) == [0, 0, 0] && pixel(2, 4) == [0, 0, 0] && pixel(5, 3) == [0, 0, 0])
        // Odd excess when cropping: (7 - 4) // 2 = 1 row off the top.
        let tall = try RGBImage(width: 1, height: 7, bytes: (0..<21).map(UInt8.init))
        #expect(try tall.centerCropped(to: ImageSize(width: 1, height: 4)).bytes == Array((3..<15).map(UInt8.init)))
    }
}
