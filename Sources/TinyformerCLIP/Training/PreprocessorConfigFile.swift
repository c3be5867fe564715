import Foundation
import TinyformerIO

/// A Hugging Face `preprocessor_config.json` for `CLIPImageProcessor` (new-style sizes), as the
/// trained model's folder carries it: resize the shortest edge to the image side, centre-crop,
/// ÷ 255, normalise with mean = std = 0.5.
struct PreprocessorConfigFile: Encodable {
    let do_resize = true
    let size: [String: Int]
    let resample = 3
    let do_center_crop = true
    let crop_size: [String: Int]
    let do_rescale = true
    let rescale_factor = 1.0 / 255.0
    let do_normalize = true
    let image_mean = [0.5, 0.5, 0.5]
    let image_std = [0.5, 0.5, 0.5]
    let do_convert_rgb = true
    let image_processor_type = "CLIPImageProcessor"
    let processor_class = "CLIPProcessor"

    init(side: Int) {
        size = ["shortest_edge": side]
        crop_size = ["height": side, "width": side]
    }

    /// Writes the file atomically and returns the preprocessor it configures.
    func write(to url: URL) throws -> ImagePreprocessor {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(self), to: url, createDirectories: true)
        return try ImagePreprocessor(contentsOf: url)
    }
}
