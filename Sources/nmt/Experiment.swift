import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerIO
import TinyformerNMT

struct Experiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The course's four encoder–decoder runs and the decoder-only run, with loss plots and a results table.")

    @Option(help: "Output folder (one sub-folder per run, plots and results.md at the top).") var out: String
    @Flag(help: "A smoke run: 2 epochs on at most 500 training pairs per run.") var quick = false
    @Option(help: "Seed for every run.") var seed: UInt64 = 0
    @Flag(help: "Replace runs already in --out.") var overwrite = false
    @Option(name: .customLong("epoch-fraction"),
            help: "Train this fraction of each run's epochs on the full data (e.g. 0.2; default 1: the course's epochs).")
    var epochFraction: Double = 1

    func run() throws {
        let outURL = try PathFlag.outputFolder(out, flag: "--out")
        let results: [ExperimentResult]
        do {
            results = try CourseExperiment.run(outDirectory: outURL, quick: quick, seed: seed, epochFraction: epochFraction,
                                               overwrite: overwrite,
                                               log: { Console.output($0) })
        } catch let RunFolderError.notEmpty(path) {
            throw CLIError.failure("\(path) already holds files; pass --overwrite to replace the runs in \(out), or choose another --out")
        }
        Console.output(CourseExperiment.table(results), terminator: "")
    }
}
