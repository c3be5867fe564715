import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP
import TinyformerIO

struct Rank: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank a folder's images for a caption: softmax over images of exp(logit_scale) · cos(image, caption).")

    @Option(help: "A Hugging Face CLIP folder (config.json, model.safetensors, vocab.json, merges.txt, preprocessor_config.json).")
    var model: String
    @Option(help: "The folder of images (PNG, JPEG, BMP, GIF; other files are skipped).") var images: String
    @Argument(help: "The caption.") var caption: String
    @Option(help: "How many images to list (and put on the contact sheet).") var top = 10
    @Option(help: "Write a self-contained HTML contact sheet (thumbnails, score bars) here.") var html: String?
    @Option(help: "Write the contact sheet as an SVG picture (thumbnails inline) here.") var svg: String?
    @Option(help: "Write every image's score (index, name, cosine, logit, probability), best first, as JSON here.") var json: String?
    @Option(help: "The embedding cache file (default: .clip-embeddings-<model>.safetensors in --images).") var cache: String?
    @Flag(help: "Embed every image again and write no cache.") var noCache = false

    func run() throws {
        let modelURL = try PathFlag.inputFolder(model, flag: "--model")
        let folder = try PathFlag.inputFolder(images, flag: "--images")
        let htmlURL = try html.map { try PathFlag.outputFile($0, flag: "--html") }
        let svgURL = try svg.map { try PathFlag.outputFile($0, flag: "--svg") }
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        let cacheFlag = try cache.map { try PathFlag.outputFile($0, flag: "--cache") }
        _ = try FlagValue.integer(top, flag: "--top", in: 1...1_000_000)
        let scorer = try ClipScorer(directory: modelURL)
        let cacheURL = noCache ? nil : try cacheFlag ?? scorer.defaultCacheURL(for: folder)
        let embedded = try scorer.embedFolder(folder, cache: cacheURL)
        for skipped in embedded.skipped { Console.warning("skipped \(skipped.url.lastPathComponent): \(skipped.reason)") }
        if let note = embedded.cacheNote { Console.warning("embedding cache: \(note)") }
        let scores = try scorer.rankImages(for: caption, imageEmbeddings: embedded.embeddings, names: embedded.names)
        Console.output("\"\(caption)\" — \(embedded.files.count) images (\(embedded.cacheHits) from the cache), logit scale \(String(format: "%.2f", scorer.logitScale))")
        Console.output("rank  probability  cosine   image")
        for (rank, s) in scores.prefix(top).enumerated() {
            Console.output(String(format: "%4d  %11.4f  %7.4f  ", rank + 1, s.probability, s.cosine) + s.name)
        }
        if htmlURL != nil || svgURL != nil {
            let sheet = try ContactSheet(caption: caption, scores: scores, files: embedded.files, limit: top)
            if let htmlURL { try AtomicFile.write(sheet.html(), to: htmlURL, createDirectories: true); Console.output("wrote \(htmlURL.path)") }
            if let svgURL { try AtomicFile.write(sheet.svg(), to: svgURL, createDirectories: true); Console.output("wrote \(svgURL.path)") }
        }
        if let jsonURL {
            try JSONFile.write(RankResult(caption: caption, logitScale: scorer.logitScale, scores: scores), to: jsonURL)
            Console.output("wrote \(jsonURL.path)")
        }
    }
}
