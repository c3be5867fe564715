import ArgumentParser
import Foundation
import TinyformerCLI
import TinyformerCLIP
import TinyformerIO

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a small CLIP on synthetic shapes; --out becomes a Hugging Face CLIP folder (plus metrics.csv, results.json).")

    @Option(help: "The training data: synthetic (procedural shapes, the only source).") var data = "synthetic"
    @Option(help: "Run folder, and the model folder the other commands load.") var out: String
    @Option(help: "Training steps (default \(ClipTrainingConfig().steps); \(ClipTrainingConfig.quick.steps) with --quick).") var steps: Int?
    @Option(name: .customLong("batch-size"), help: "Image–caption pairs per step.") var batchSize: Int?
    @Option(help: "Peak AdamW learning rate.") var lr: Float?
    @Option(name: .customLong("weight-decay"), help: "AdamW weight decay of the weight matrices (decoupled, as CLIP).") var weightDecay: Float?
    @Option(name: .customLong("evaluate-every"), help: "Steps between evaluations.") var evaluateEvery: Int?
    @Option(name: .customLong("image-side"), help: "Side of the synthetic images in pixels.") var imageSide: Int?
    @Option(name: .customLong("patch-size"), help: "Side of the vision transformer's patches (divides --image-side).") var patchSize: Int?
    @Option(name: .customLong("vision-width"), help: "Vision transformer width.") var visionWidth: Int?
    @Option(name: .customLong("vision-layers"), help: "Vision transformer layers (default \(ClipTrainingConfig().visionLayers)).") var visionLayers: Int?
    @Option(name: .customLong("text-width"), help: "Text transformer width.") var textWidth: Int?
    @Option(name: .customLong("text-layers"), help: "Text transformer layers (default \(ClipTrainingConfig().textLayers)).") var textLayers: Int?
    @Option(help: "Seed of the weights.") var seed: UInt64?
    @Flag(name: .customLong("shape-twins"), inversion: .prefixedNo,
          help: "Pair half of each batch with shape twins (the scene with another shape: hard negatives); off by default.")
    var shapeTwins: Bool?
    @Option(name: .customLong("partial-captions"),
            help: "Fraction of lone-object captions naming only the colour or only the shape (default 0; docs/clip.md tried 0.3).")
    var partialCaptions: Double?
    @Option(name: .customLong("unnamed-colours"),
            help: "Fraction of lone training objects in a colour outside the palette, captioned without one (default 0; docs/clip.md tried 0.25).")
    var unnamedColours: Double?
    @Option(name: .customLong("grey-objects"),
            help: "Fraction of lone training objects drawn in grey at their colour's luminance, captioned without a colour (default 0).")
    var greyObjects: Double?
    @Option(name: .customLong("coloured-backgrounds"),
            help: "Fraction of training scenes on a saturated background gradient instead of a near-grey one (default 0).")
    var colouredBackgrounds: Double?
    @Option(name: .customLong("two-object-fraction"),
            help: "Fraction of training scenes with two objects; the rest hold one, as zero-shot images do (default 0.2).")
    var twoObjectFraction: Double?
    @Flag(name: .customLong("matched-positives"), inversion: .prefixedNo,
          help: "Count every caption–image pair of a batch that the caption describes as a positive of the loss (default off).")
    var matchedPositives: Bool?
    @Flag(help: "A tiny run of a few steps (smoke test).") var smoke = false
    @Flag(help: "A short run (about a minute on 2 cores): 32-pixel images, small towers, 400 steps; other flags override it.") var quick = false
    @Flag(help: "Continue the run in --out (its training.json wins).") var resume = false
    @Flag(help: "Replace what --out holds.") var overwrite = false

    func run() throws {
        guard data == "synthetic" else { throw CLIError.usage("--data \(data): only 'synthetic' is available") }
        guard !(resume && overwrite) else { throw CLIError.usage("--resume and --overwrite exclude each other") }
        let outURL = try PathFlag.outputFolder(out, flag: "--out")
        do {
            try RunFolder.check(outURL, mode: resume ? .resume : overwrite ? .overwrite : .new, marker: ClipTrainer.configFile)
        } catch {
            throw CLIError.usage("--out \(out): \(error)")
        }
        guard !(smoke && quick) else { throw CLIError.usage("--smoke and --quick exclude each other") }
        var config = smoke ? ClipTrainingConfig.smoke : quick ? ClipTrainingConfig.quick : ClipTrainingConfig()
        if let steps { config.steps = steps }
        if let batchSize { config.batchSize = batchSize }
        if let lr { config.learningRate = lr }
        if let weightDecay { config.weightDecay = weightDecay }
        if let evaluateEvery { config.evaluateEvery = evaluateEvery }
        if let imageSide { config.imageSide = imageSide }
        if let patchSize { config.patchSize = patchSize }
        if let visionWidth { config.visionWidth = visionWidth }
        if let visionLayers { config.visionLayers = visionLayers }
        if let textWidth { config.textWidth = textWidth }
        if let textLayers { config.textLayers = textLayers }
        if let seed { config.seed = seed }
        if let shapeTwins { config.shapeTwins = shapeTwins }
        if let partialCaptions { config.partialCaptionFraction = partialCaptions }
        if let unnamedColours { config.unnamedColourFraction = unnamedColours }
        if let greyObjects { config.greyObjectFraction = greyObjects }
        if let colouredBackgrounds { config.colouredBackgroundFraction = colouredBackgrounds }
        if let matchedPositives { config.matchedPositives = matchedPositives }
        if let twoObjectFraction { config.twoObjectFraction = twoObjectFraction }
        let trainer: ClipTrainer
        do {
            trainer = try ClipTrainer(config: config, folder: outURL)
        } catch {
            throw CLIError.usage("\(error)")
        }
        trainer.log = { Console.progress($0) }
        trainer.showProgress = isatty(STDERR_FILENO) == 1
        let results = try trainer.run(resume: resume, overwrite: overwrite)
        let e = results.evaluation
        Console.output(String(format: "held-out zero-shot accuracy %.3f (seen combinations %.3f, chance %.3f); held-out caption→image R@1 %.3f, R@5 %.3f over pools of 100; %.0f s",
                                  e.heldoutZeroShotAccuracy, e.seenZeroShotAccuracy, e.chanceAccuracy, e.heldoutRecallAt1,
                                  e.heldoutRecallAt5, results.seconds))
        if let shapeOnly = e.heldoutShapeOnlyAccuracy {
            Console.output(String(format: "held-out images by shape word alone (\"a triangle\"): %.3f (chance %.3f)", shapeOnly, 1.0 / 6))
        }
        Console.output("wrote the model folder \(out) (config.json, model.safetensors, tokenizer, preprocessor_config.json), metrics.csv, results.json")
    }
}
