import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerNMT

struct PrepareData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare-data",
        abstract: "Derive the small and large Pig Latin datasets from the shared data folder (used by Scripts/make-piglatin-data).")

    @Option(help: "The shared data folder (austen-sense.txt, norvig-count_1w-top50000.tsv).") var shared = "../shared/data"
    @Option(help: "Output folder for small.txt and large.txt.") var out = "Fixtures/piglatin"
    @Option(help: "Seed of the small set's word selection.") var seed: UInt64 = PigLatinCorpus.selectionSeed

    func run() throws {
        let sharedURL = try PathFlag.inputFolder(shared, flag: "--shared")
        let outURL = try PathFlag.outputFolder(out, flag: "--out")
        let counts = try PigLatinCorpus.writeDatasets(sharedDirectory: sharedURL, outputDirectory: outURL, seed: seed)
        Console.output("wrote \(outURL.path)/small.txt (\(counts.small) pairs) and \(outURL.path)/large.txt (\(counts.large) pairs)")
    }
}
