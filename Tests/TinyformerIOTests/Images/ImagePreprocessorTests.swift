// CLIP image preprocessing against transformers 5.24's PIL-based CLIPImageProcessor
// (CLIPImageProcessorPil), from Fixtures/images (Scripts/make_clip_fixtures.py).
//
// Shape letters: H height, W width.
import Foundation
import Testing
import TinyformerIO

/// Hugging Face's rescale and normalise of (H, W, 3) bytes, written out independently of the
/// library: float64 multiply, float32 cast, float32 (x - mean) / std; returned as (3, H, W).
private func huggingFaceNormalized(_ image: RGBImage, mean: [Double], std: [Double]) -> [Float] {
    let plane = image.width * image.height
    var out = [Float](repeating: 0, count: 3 * plane)
    for i in 0..<plane {
        for c in 0..<3 {
            let x = Float(Double(image.bytes[i * 3 + c]) * (1.0 / 255.0))
            out[c * plane + i] = (x - Float(mean[c])) / Float(std[c])
        }
    }
    return out
}

private let pixelValues = Result { try SafeTensorsFile(contentsOf: imageFixtures.appendingPathComponent("expected/pixel_values.safetensors")) }

private func config(shortestEdge: Int, crop: Int) -> ImagePreprocessorConfig {
    var config = ImagePreprocessorConfig.openAI
    config.size = .shortestEdge(shortestEdge)
    config.cropSize = ImageSize(width: crop, height: crop)
    return config
}

/// The issue's tolerances in normalised units (≈ 1 / (255 · 0.26) per 8-bit level). Every image,
/// JPEG included (decoded by libjpeg-turbo, as Pillow does), must in fact be bit-identical.
private let tolerance: (max: Float, mean: Float) = (0.02, 0.005)

@Suite struct ImagePreprocessorTests {
    @Test func openAIConfigurationMatchesHuggingFaceOnEveryImage() throws {
        let preprocess = try ImagePreprocessor()
        var report: [String] = []
        for image in try ImageManifest.load().images {
            let ours = try preprocess.preprocess(contentsOf: image.url)
            #expect(ours.shape == [3, 224, 224])
            // HF's pixel_values are exactly the normalised center crop of PIL's resize (asserted
            // bit for bit by the generator), stored as PNG.
            let pil = try expectedImage("\(image.stem).resize224.png").centerCropped(to: ImageSize(width: 224, height: 224))
            let expected = huggingFaceNormalized(pil, mean: ImagePreprocessorConfig.openAI.imageMean,
                                                 std: ImagePreprocessorConfig.openAI.imageStd)
            let d = differences(ours.values, expected)
            report.append("\(image.file): max \(d.max), mean \(d.mean)")
            #expect(d.max <= tolerance.max && d.mean <= tolerance.mean,
                    "\(image.file): max |Δ| \(d.max), mean |Δ| \(d.mean)")
            #expect(sameBits(ours.values, expected), "\(image.file): not bit-identical")
        }
        print("pixel_values (224) vs CLIPImageProcessorPil, normalised units:\n  " + report.joined(separator: "\n  "))
    }

    @Test func smallConfigurationMatchesHuggingFacesFloats() throws {
        let preprocess = try ImagePreprocessor(config: config(shortestEdge: 64, crop: 64))
        let file = try pixelValues.get()
        var report: [String] = []
        for image in try ImageManifest.load().images {
            let ours = try preprocess.preprocess(contentsOf: image.url)
            let hf = try file.tensor(named: "clip64.\(image.file)")
            #expect(hf.shape == ours.shape)
            let d = differences(ours.values, hf.scalars)
            report.append("\(image.file): max \(d.max), mean \(d.mean)")
            #expect(d.max <= tolerance.max && d.mean <= tolerance.mean,
                    "\(image.file): max |Δ| \(d.max), mean |Δ| \(d.mean)")
            #expect(sameBits(ours.values, hf.scalars), "\(image.file): not bit-identical")
        }
        print("pixel_values (64) vs CLIPImageProcessorPil, normalised units:\n  " + report.joined(separator: "\n  "))
    }

    @Test func droppingAlphaMatchesTheConvertRGBVariant() throws {
        let preprocess = try ImagePreprocessor(config: config(shortestEdge: 64, crop: 64), alphaHandling: .drop)
        let file = try pixelValues.get()
        for image in try ImageManifest.load().images where image.has_alpha {
            let ours = try preprocess.preprocess(contentsOf: image.url)
            #expect(sameBits(ours.values, try file.tensor(named: "clip64_drop_alpha.\(image.file)").scalars), "\(image.file)")
        }
    }

    @Test func withoutResizingSmallImagesArePaddedAsHuggingFaceDoes() throws {
        var config = ImagePreprocessorConfig.openAI
        config.doResize = false
        config.cropSize = ImageSize(width: 48, height: 40)
        config.imageMean = [0.5, 0.5, 0.5]
        config.imageStd = [0.5, 0.5, 0.5]
        let preprocess = try ImagePreprocessor(config: config)
        let file = try pixelValues.get()
        for name in try ImageManifest.load().pad_images {
            let ours = try preprocess.preprocess(contentsOf: imageFixtures.appendingPathComponent(name))
            let hf = try file.tensor(named: "pad40x48.\(name)")
            #expect(hf.shape == [3, 40, 48] && ours.shape == hf.shape)
            #expect(differences(ours.values, hf.scalars).max == 0, "\(name): max |Δ| \(differences(ours.values, hf.scalars).max)")
        }
    }

    @Test func openAIsOldStyleConfigurationFileIsRead() throws {
        let json = """
            {"crop_size": 224, "do_center_crop": true, "do_normalize": true, "do_resize": true,
             "feature_extractor_type": "CLIPFeatureExtractor", "image_mean": [0.48145466, 0.4578275, 0.40821073],
             "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "size": 224}
            """
        let config = try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("preprocessor_config.json")
            try Data(json.utf8).write(to: url)
            return try ImagePreprocessorConfig(contentsOf: url)
        }
        #expect(config == .openAI)
    }

    @Test func newStyleConfigurationFileIsRead() throws {
        let json = """
            {"do_convert_rgb": false, "size": {"height": 32, "width": 48}, "crop_size": {"height": 16, "width": 24},
             "resample": 2, "rescale_factor": 0.5, "image_mean": 0.5, "image_std": [1, 2, 3], "do_rescale": false}
            """
        let config = try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("preprocessor_config.json")
            try Data(json.utf8).write(to: url)
            return try ImagePreprocessorConfig(contentsOf: url)
        }
        #expect(config.size == .exact(ImageSize(width: 48, height: 32)))
        #expect(config.cropSize == ImageSize(width: 24, height: 16))
        #expect(config.resample == .bilinear && !config.doConvertRGB && !config.doRescale)
        #expect(config.imageMean == [0.5, 0.5, 0.5] && config.imageStd == [1, 2, 3] && config.rescaleFactor == 0.5)
    }

    @Test func badConfigurationsNameTheFileAndKey() throws {
        let cases = [
            (#"{"resample": 0}"#, "resample"),
            (#"{"size": {"shortest_edge": 224, "longest_edge": 448}}"#, "size"),
            (#"{"image_std": [0.2, 0, 0.3]}"#, "image_std"),
            (#"{"image_mean": [0.5, 0.5]}"#, "image_mean"),
            (#"{"crop_size": {"height": 0, "width": 3}}"#, "crop_size"),
            (#"{"do_resize": "yes"}"#, "do_resize"),
            ("[1, 2]", "expected"),
        ]
        try withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("preprocessor_config.json")
            for (json, key) in cases {
                try Data(json.utf8).write(to: url)
                do throws(ImageError) {
                    _ = try ImagePreprocessorConfig(contentsOf: url)
                    Issue.record("\(json) was accepted")
                } catch {
                    guard case let .invalidConfiguration(path, reason) = error else { Issue.record("\(error)"); continue }
                    #expect(path == url.path && reason.contains(key), "\(json): \(reason)")
                }
            }
        }
    }

    @Test func outputSizeFollowsHuggingFacesShortestEdgeRule() throws {
        let rule = ResizeRule.shortestEdge(224)
        #expect(rule.outputSize(width: 300, height: 200) == ImageSize(width: 336, height: 224))
        #expect(rule.outputSize(width: 64, height: 97) == ImageSize(width: 224, height: 339))
        #expect(rule.outputSize(width: 257, height: 123) == ImageSize(width: 468, height: 224))
        #expect(rule.outputSize(width: 100, height: 100) == ImageSize(width: 224, height: 224))
    }
}
