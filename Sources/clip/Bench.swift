import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP
import TinyformerIO

/// Encoding speed, end to end, for Scripts/bench-clip: the best of `--repeats` passes after a
/// warm-up, over every image of a folder (decode + preprocess + vision tower, no cache) or every
/// line of a text file (tokenize + text tower).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time image encoding (decode, preprocess, vision tower) or text encoding; prints JSON.")

    @Option(help: "A Hugging Face CLIP folder.") var model: String
    @Option(help: "A folder of images to encode (every decodable file).") var images: String?
    @Option(help: "A file of texts to encode, one per line.") var texts: String?
    @Option(help: "Timed passes (the best is reported), after one warm-up pass.") var repeats = 3

    func run() throws {
        let modelURL = try PathFlag.inputFolder(model, flag: "--model")
        let imagesURL = try images.map { try PathFlag.inputFolder($0, flag: "--images") }
        let textsURL = try texts.map { try PathFlag.inputFile($0, flag: "--texts") }
        guard (imagesURL == nil) != (textsURL == nil) else { throw CLIError.usage("give one of --images and --texts") }
        _ = try FlagValue.integer(repeats, flag: "--repeats", in: 1...100)
        let scorer = try ClipScorer(directory: modelURL)
        let count: Int
        let work: () throws -> Void
        if let imagesURL {
            let files = try ImageFolder.scan(imagesURL, maxPixels: scorer.maxPixels).images.map(\.url)
            count = files.count
            work = { _ = try scorer.embed(imageFiles: files) }
        } else if let textsURL {
            let lines = try String(contentsOf: textsURL, encoding: .utf8).split(separator: "\n").map(String.init)
            count = lines.count
            work = { _ = try scorer.embed(texts: lines) }
        } else {
            return
        }
        try work()
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try work()
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        Console.output("{\"\(imagesURL != nil ? "images" : "texts")\": \(count), \"seconds\": \(best)}")
    }
}
