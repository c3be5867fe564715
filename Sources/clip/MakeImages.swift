import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP
import TinyformerIO

extension SyntheticShapes.Split: ExpressibleByArgument {}

struct MakeImages: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make-images",
        abstract: "Write synthetic shape images (PNG) with their captions (captions.json) into a new folder.")

    @Option(help: "An empty or new folder.") var out: String
    @Option(help: "How many images.") var count = 100
    @Option(help: "train (no held-out shape–colour combination) or heldout (each image shows one).") var split: SyntheticShapes.Split = .heldOut
    @Option(help: "Image side in pixels.") var side = 64
    @Option(help: "Seed of the scenes (the training data uses 0).") var seed: UInt64 = 0
    @Option(name: .customLong("coloured-backgrounds"),
            help: "Fraction of train-split scenes on a saturated background, as `clip train --coloured-backgrounds` draws them (default 0).")
    var colouredBackgrounds = 0.0
    @Flag(help: "Replace the images and captions.json a previous make-images wrote in --out.") var overwrite = false

    func run() throws {
        let outURL = try PathFlag.outputFolder(out, flag: "--out")
        _ = try FlagValue.integer(count, flag: "--count", in: 1...1_000_000)
        _ = try FlagValue.integer(side, flag: "--side", in: 32...1024)
        let shapes: SyntheticShapes
        do {
            shapes = try SyntheticShapes(side: side, seed: seed, colouredBackgroundFraction: colouredBackgrounds)
        } catch {
            throw CLIError.usage("--coloured-backgrounds \(colouredBackgrounds): \(error)")
        }
        do {
            _ = try RunFolder(outURL, mode: overwrite ? .overwrite : .new, marker: "captions.json")
        } catch {
            throw CLIError.usage("--out \(out): \(error)")
        }
        let records = try shapes.writeImages(split, count: count, to: outURL)
        Console.output("wrote \(records.count) images and captions.json to \(out); first: \(records.first?.file ?? "") \"\(records.first?.caption ?? "")\"")
    }
}
