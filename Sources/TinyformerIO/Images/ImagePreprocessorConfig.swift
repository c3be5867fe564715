// The settings of CLIP image preprocessing, read from a Hugging Face `preprocessor_config.json`.
import Foundation

/// The settings of Hugging Face's `CLIPImageProcessor`, decoded from `preprocessor_config.json`.
///
/// Both spellings found in checkpoints are accepted: the old one (`"size": 224, "crop_size": 224`,
/// as in `openai/clip-vit-base-patch32`) and the new one (`"size": {"shortest_edge": 224}`,
/// `"crop_size": {"height": 224, "width": 224}`); `size` may also be `{"height", "width"}` or
/// `[height, width]` (an exact resize). Missing keys take `CLIPImageProcessor`'s defaults (those
/// of `openAI`). Other keys (`image_processor_type`, `feature_extractor_type`, …) are ignored.
public struct ImagePreprocessorConfig: Equatable, Sendable, Decodable {
    public var doResize: Bool
    /// The resize target (`size`).
    public var size: ResizeRule
    /// The resampling filter (`resample`: PIL's number, 3 = bicubic).
    public var resample: ResamplingFilter
    public var doCenterCrop: Bool
    /// The crop (`crop_size`).
    public var cropSize: ImageSize
    public var doRescale: Bool
    /// Multiplies the 8-bit values when `doRescale` (`rescale_factor`, 1/255).
    public var rescaleFactor: Double
    public var doNormalize: Bool
    /// Per-channel mean and standard deviation (R, G, B) for `(x - mean) / std`.
    public var imageMean: [Double]
    public var imageStd: [Double]
    /// Whether to turn the image into RGB first (`do_convert_rgb`); with `false` transparency is
    /// ignored (decoded images are always RGB).
    public var doConvertRGB: Bool

    /// OpenAI's CLIP preprocessing (ViT-B/32, ViT-L/14 at 224 pixels): shortest edge 224, bicubic,
    /// center crop 224 × 224, ÷ 255, normalised with OpenAI's mean and std.
    public static let openAI = ImagePreprocessorConfig(
        doResize: true, size: .shortestEdge(224), resample: .bicubic, doCenterCrop: true,
        cropSize: ImageSize(width: 224, height: 224), doRescale: true, rescaleFactor: 1.0 / 255.0,
        doNormalize: true, imageMean: [0.48145466, 0.4578275, 0.40821073],
        imageStd: [0.26862954, 0.26130258, 0.27577711], doConvertRGB: true)

    public init(
        doResize: Bool, size: ResizeRule, resample: ResamplingFilter, doCenterCrop: Bool, cropSize: ImageSize,
        doRescale: Bool, rescaleFactor: Double, doNormalize: Bool, imageMean: [Double], imageStd: [Double],
        doConvertRGB: Bool
    ) {
        self.doResize = doResize
        self.size = size
        self.resample = resample
        self.doCenterCrop = doCenterCrop
        self.cropSize = cropSize
        self.doRescale = doRescale
        self.rescaleFactor = rescaleFactor
        self.doNormalize = doNormalize
        self.imageMean = imageMean
        self.imageStd = imageStd
        self.doConvertRGB = doConvertRGB
    }

    /// Reads and checks `preprocessor_config.json`; throws `.missingFile`, `.unreadableFile` or
    /// `.invalidConfiguration` (naming the key and what was expected).
    public init(contentsOf url: URL) throws(ImageError) {
        let data = try RGBImage.readFile(url)
        let config: ImagePreprocessorConfig
        do {
            config = try JSONDecoder().decode(ImagePreprocessorConfig.self, from: data)
        } catch let error as DecodingError {
            throw .invalidConfiguration(path: url.path, reason: DecodingErrorDescription.describe(error))
        } catch {
            throw .invalidConfiguration(path: url.path, reason: "\(error)")
        }
        try config.validate(source: url.path)
        self = config
    }

    /// Throws `.invalidConfiguration` unless sizes are ≥ 1, there are 3 (or 1, applied to every
    /// channel) finite means and non-zero standard deviations, and the rescale factor is finite.
    public func validate(source: String = "<memory>") throws(ImageError) {
        func fail(_ reason: String) -> ImageError { .invalidConfiguration(path: source, reason: reason) }
        switch size {
        case let .shortestEdge(edge) where edge < 1:
            throw fail("size.shortest_edge is \(edge) (expected at least 1)")
        case let .exact(s) where s.width < 1 || s.height < 1:
            throw fail("size is \(s) (expected at least 1×1)")
        default: break
        }
        if cropSize.width < 1 || cropSize.height < 1 {
            throw fail("crop_size is \(cropSize) (expected at least 1×1)")
        }
        if !rescaleFactor.isFinite { throw fail("rescale_factor is \(rescaleFactor) (expected a finite number)") }
        for (name, values) in [("image_mean", imageMean), ("image_std", imageStd)] {
            if values.count != 3 { throw fail("\(name) has \(values.count) values (expected 3, one per channel)") }
            if !values.allSatisfy(\.isFinite) { throw fail("\(name) is \(values) (expected finite numbers)") }
        }
        if imageStd.contains(0) { throw fail("image_std is \(imageStd) (expected non-zero values)") }
    }

    private enum Key: String, CodingKey {
        case doResize = "do_resize", size, resample, doCenterCrop = "do_center_crop", cropSize = "crop_size"
        case doRescale = "do_rescale", rescaleFactor = "rescale_factor", doNormalize = "do_normalize"
        case imageMean = "image_mean", imageStd = "image_std", doConvertRGB = "do_convert_rgb"
    }

    private struct SizeKeys: Decodable {
        var shortest_edge: Int?
        var longest_edge: Int?
        var height: Int?
        var width: Int?
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let d = Self.openAI
        doResize = try c.decodeIfPresent(Bool.self, forKey: .doResize) ?? d.doResize
        doCenterCrop = try c.decodeIfPresent(Bool.self, forKey: .doCenterCrop) ?? d.doCenterCrop
        doRescale = try c.decodeIfPresent(Bool.self, forKey: .doRescale) ?? d.doRescale
        rescaleFactor = try c.decodeIfPresent(Double.self, forKey: .rescaleFactor) ?? d.rescaleFactor
        doNormalize = try c.decodeIfPresent(Bool.self, forKey: .doNormalize) ?? d.doNormalize
        doConvertRGB = try c.decodeIfPresent(Bool.self, forKey: .doConvertRGB) ?? d.doConvertRGB
        imageMean = try Self.channelValues(c, .imageMean) ?? d.imageMean
        imageStd = try Self.channelValues(c, .imageStd) ?? d.imageStd

        if let number = try c.decodeIfPresent(Int.self, forKey: .resample) {
            guard let filter = ResamplingFilter(rawValue: number) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .resample, in: c,
                    debugDescription: "resample \(number) is not supported (expected 2 = bilinear or 3 = bicubic)")
            }
            resample = filter
        } else {
            resample = d.resample
        }

        if let edge = try? c.decode(Int.self, forKey: .size) {
            size = .shortestEdge(edge)
        } else if let pair = try? c.decode([Int].self, forKey: .size), pair.count == 2 {
            size = .exact(ImageSize(width: pair[1], height: pair[0]))
        } else if let keys = try c.decodeIfPresent(SizeKeys.self, forKey: .size) {
            if let edge = keys.shortest_edge, keys.longest_edge == nil {
                size = .shortestEdge(edge)
            } else if let h = keys.height, let w = keys.width {
                size = .exact(ImageSize(width: w, height: h))
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: .size, in: c,
                    debugDescription: "expected {\"shortest_edge\": n} or {\"height\": h, \"width\": w} "
                        + "(longest_edge and max_height/max_width are not supported)")
            }
        } else {
            size = d.size
        }

        if let edge = try? c.decode(Int.self, forKey: .cropSize) {
            cropSize = ImageSize(width: edge, height: edge)
        } else if let pair = try? c.decode([Int].self, forKey: .cropSize), pair.count == 2 {
            cropSize = ImageSize(width: pair[1], height: pair[0])
        } else if let keys = try c.decodeIfPresent(SizeKeys.self, forKey: .cropSize) {
            guard let h = keys.height, let w = keys.width else {
                throw DecodingError.dataCorruptedError(
                    forKey: .cropSize, in: c, debugDescription: "expected {\"height\": h, \"width\": w} or an integer")
            }
            cropSize = ImageSize(width: w, height: h)
        } else {
            cropSize = d.cropSize
        }
    }

    /// A list of per-channel values, or one value for every channel.
    private static func channelValues(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> [Double]? {
        if let one = try? c.decode(Double.self, forKey: key) { return [one, one, one] }
        return try c.decodeIfPresent([Double].self, forKey: key)
    }
}
