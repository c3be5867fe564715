import Foundation
import TinyformerIO
import TinyformerNMT

/// The parsers fed by the fuzzer: every way bytes from a file enter the library. A target must
/// never trap, hang or exhaust memory; typed errors are the expected outcome of most inputs.
enum FuzzTarget: String, CaseIterable {
    case safetensors, wordpiece, clip, transformerConfig = "transformer-config", trainingConfig = "training-config",
         vocabulary, image, preprocessorConfig = "preprocessor-config", pairs

    /// Runs one input through the target.
    func run(_ input: FuzzInput) {
        switch self {
        case .safetensors: Self.safetensors(input)
        case .wordpiece: Self.wordpiece(input)
        case .clip: Self.clip(input)
        case .transformerConfig: Self.transformerConfig(input)
        case .trainingConfig: Self.trainingConfig(input)
        case .vocabulary: Self.vocabulary(input)
        case .image: Self.image(input)
        case .preprocessorConfig: Self.preprocessorConfig(input)
        case .pairs: Self.pairs(input)
        }
    }

    /// Texts every tokenizer that loads is asked to encode, besides the input itself.
    static let sampleTexts = ["a photo of a cat", "Hello, WORLD! ünïcödé 漢字 🙂", "", "<|endoftext|> [SEP] [CLS]", String(repeating: "ab ", count: 40)]

    /// The header, every tensor decoded (when small), the metadata.
    static func safetensors(_ input: FuzzInput) {
        guard let file = try? SafeTensorsFile(bytes: input.bytes, source: "fuzz") else { return }
        for info in file.infos where info.elementCount <= 1 << 20 {
            var scalars = [Float](repeating: 0, count: info.elementCount)
            scalars.withUnsafeMutableBufferPointer { buffer in _ = try? file.decode(named: info.name, into: buffer) }
        }
        _ = file.metadata.count
    }

    /// vocab.txt, NUL, tokenizer_config.json (optional): the tokenizer, then encodings.
    static func wordpiece(_ input: FuzzInput) {
        let parts = input.parts(2)
        guard let folder = try? FuzzInput.folder(["vocab.txt": parts[0]]) else { return }
        place(parts[1], as: "tokenizer_config.json", in: folder)
        guard let tokenizer = try? WordPieceTokenizer(modelDirectory: folder) else { return }
        for text in sampleTexts + [String(decoding: parts[1], as: UTF8.self)] {
            _ = tokenizer.tokenize(text)
            _ = try? tokenizer.encode(text, maxLength: 16)
        }
    }

    /// vocab.json, NUL, merges.txt, NUL, tokenizer_config.json (optional): the tokenizer, then
    /// encodings.
    static func clip(_ input: FuzzInput) {
        let parts = input.parts(3)
        guard let folder = try? FuzzInput.folder(["vocab.json": parts[0], "merges.txt": parts[1]]) else { return }
        place(parts[2], as: "tokenizer_config.json", in: folder)
        guard let tokenizer = try? ClipTokenizer(directory: folder) else { return }
        for text in sampleTexts + [String(decoding: parts[1], as: UTF8.self)] {
            _ = tokenizer.tokenize(text)
            _ = try? tokenizer.encode(text)
        }
    }

    /// A model's config.json: decoded, validated, sized, compared.
    static func transformerConfig(_ input: FuzzInput) {
        guard let config = try? JSONDecoder().decode(TransformerConfig.self, from: Data(input.bytes)) else { return }
        _ = config.parameterCount
        _ = config.differences(from: TransformerConfig())
        guard (try? config.validate()) != nil else { return }
        _ = config.forwardFlops(sourceLength: 5, targetLength: 7)
    }

    /// A run's config.json: decoded and validated, the learning-rate schedule evaluated.
    static func trainingConfig(_ input: FuzzInput) {
        guard let config = try? JSONDecoder().decode(TrainingConfig.self, from: Data(input.bytes)) else { return }
        guard (try? config.validate()) != nil else { return }
        for epoch in [0, 1, min(config.epochs, 1000)] { _ = config.learningRate(epoch: epoch) }
    }

    /// vocabulary.json: decoded, then its own characters and the input's text encoded.
    static func vocabulary(_ input: FuzzInput) {
        guard let vocabulary = try? JSONDecoder().decode(Vocabulary.self, from: Data(input.bytes)) else { return }
        for text in [input.text, String(vocabulary.characters.prefix(64)), "hello"] {
            if let ids = try? vocabulary.encode(text) { _ = vocabulary.decode(ids) }
        }
    }

    /// An encoded image (PNG, JPEG, BMP, GIF, …) up to a million pixels, then CLIP's
    /// preprocessing of it when it is small.
    static func image(_ input: FuzzInput) {
        guard let image = try? RGBImage(data: Data(input.bytes), source: "fuzz", maxPixels: 1 << 20) else { return }
        if image.width * image.height <= 1 << 16, let preprocessor = try? ImagePreprocessor(config: .openAI) {
            _ = try? preprocessor(image)
        }
    }

    /// preprocessor_config.json, then the preprocessor run on a small image.
    static func preprocessorConfig(_ input: FuzzInput) {
        guard let folder = try? FuzzInput.folder(["preprocessor_config.json": input.bytes]),
              let config = try? ImagePreprocessorConfig(contentsOf: folder.appendingPathComponent("preprocessor_config.json")),
              let preprocessor = try? ImagePreprocessor(config: config),
              let image = try? RGBImage(width: 7, height: 5, bytes: (0..<105).map { UInt8($0 * 37 % 256) }) else { return }
        _ = try? preprocessor(image)
    }

    /// A pairs file: parsed with its own vocabulary, split 80/20.
    static func pairs(_ input: FuzzInput) {
        guard let folder = try? FuzzInput.folder(["pairs.txt": input.bytes]),
              let dataset = try? PairDataset(contentsOf: folder.appendingPathComponent("pairs.txt"), vocabulary: nil) else { return }
        _ = try? dataset.split(seed: 1)
    }

    /// Writes `bytes` as `name`, or removes `name` when there are none (an optional file).
    private static func place(_ bytes: [UInt8], as name: String, in folder: URL) {
        let url = folder.appendingPathComponent(name)
        if bytes.isEmpty {
            try? FileManager.default.removeItem(at: url)
        } else {
            try? Data(bytes).write(to: url)
        }
    }
}
