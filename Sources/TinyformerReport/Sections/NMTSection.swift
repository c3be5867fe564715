import Foundation
import TinyformerNMT

/// Sections 2.1–2.2: English → Pig Latin with attention (`nmt`): the attention code, the decoder
/// tensors, and the course's runs.
public struct NMTSection: SectionPlan {
    public let id = "nmt"
    public let title = "2.1–2.2 Neural machine translation with attention (English → Pig Latin)"
    public let questions: [(number: String, title: String)] = [
        ("2.1.1", "Scaled dot-product attention"),
        ("2.1.2", "Causal (masked) attention"),
        ("2.1.3", "The decoder-only model's tensors"),
        ("2.1.4", "Translating a sentence, and what the attention looks at"),
        ("2.2.1", "Does a larger hidden size help?"),
        ("2.2.2", "Does more data help?"),
        ("2.2.3", "Decoder-only vs encoder–decoder"),
    ]
    static let sentence = "the air conditioning is working"

    public init() {}

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        let fraction = mode == .quick ? ["--epoch-fraction", "0.2"] : []
        return [
            ReproductionStep(name: "experiment", executable: "nmt",
                             arguments: ["experiment", "--out", "{out}/experiment", "--overwrite"] + fraction,
                             estimatedSeconds: mode == .quick ? 45 : 170),
            ReproductionStep(name: "translate", executable: "nmt",
                             arguments: ["translate", "--checkpoint", "{out}/experiment/h64-large", "--attention", "{out}/attention.svg",
                                         Self.sentence], estimatedSeconds: 1),
        ]
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        let experiment = folder.appendingPathComponent("experiment")
        let results = try context.read([ExperimentResult].self, experiment.appendingPathComponent("results.json"))
        func run(_ name: String) throws -> ExperimentResult {
            guard let r = results.first(where: { $0.name == name }) else {
                throw ReportError.missingResult(path: experiment.appendingPathComponent("results.json").path, what: "no run \(name)")
            }
            return r
        }
        let h32 = try run("h32-small"), h64 = try run("h64-small"), large = try run("h64-large"), decoder = try run("decoder-h128-small")
        let translated = (try? String(contentsOf: folder.appendingPathComponent("logs/translate.out"), encoding: .utf8))?
            .split(separator: "\n").first.map(String.init) ?? "(no translation)"
        let expected = PigLatin.translateSentence(Self.sentence)

        return [
            ReportQuestion(number: "2.1.1", title: questions[0].title, blocks: [
                .paragraph("softmax(QKᵀ/√d + mask)·V for every head, heads interleaved in the channels as `nn.MultiheadAttention`. The layer projects Q, K and V with one fused GEMM and calls the fused op; its kernel computes each (batch, head) slice's scores with small-matrix GEMMs, the masked softmax, and the weighted sum of the values:"),
                context.quote("Sources/TinyformerNN/Layers/MultiHeadAttention.swift", "public func attend(_ x: Tensor, context: Tensor? = nil"),
                context.quote("Sources/COpenBLAS/kernels/attention.c", "static void rows_forward("),
            ]),
            ReportQuestion(number: "2.1.2", title: questions[1].title, blocks: [
                .paragraph("A decoder position may attend only to itself and earlier positions: scores of keys j > i are excluded before the softmax (the equivalent of adding −∞), so each row's weights are a softmax over the kept keys only. The row softmax with the causal limit and key padding:"),
                context.quote("Sources/COpenBLAS/kernels/softmax.c", "static float softmax_row("),
            ]),
            ReportQuestion(number: "2.1.3", title: questions[2].title, blocks: Self.decoderTensors(context)),
            ReportQuestion(number: "2.1.4", title: questions[3].title, blocks: [
                .paragraph("The h64-large model translates \"\(Self.sentence)\" as **\(translated)**" + (translated == expected ? " — exactly the rule's translation." : " (the rule gives \"\(expected)\").")),
                try context.figure(folder.appendingPathComponent("attention.svg"), caption: "Cross-attention of the h64-large model for each translated word (rows: generated characters, columns: source characters + EOS)"),
            ]),
            ReportQuestion(number: "2.2.1", title: questions[4].title, blocks: [
                try context.figure(experiment.appendingPathComponent("loss_by_hidden.svg"), caption: "Training (dashed) and validation loss of h32 and h64 on the small dataset"),
                .paragraph(Self.compare(h64, h32, better: "the larger model (h64)", worse: "h32", what: "On the small dataset")),
                Self.table([h32, h64]),
            ]),
            ReportQuestion(number: "2.2.2", title: questions[5].title, blocks: [
                try context.figure(experiment.appendingPathComponent("loss_by_dataset.svg"), caption: "h64 trained on the small and the large dataset"),
                .paragraph(Self.compare(large, h64, better: "training on the large dataset", worse: "the small one", what: "With the same h64 model")),
                Self.table([h64, large]),
            ]),
            ReportQuestion(number: "2.2.3", title: questions[6].title, blocks: [
                try context.figure(experiment.appendingPathComponent("decoder_only.svg"), caption: "Decoder-only h128 against the encoder–decoder h64 on the small dataset"),
                .paragraph(Self.compare(decoder, h64, better: "the decoder-only model (h128, 4 layers)", worse: "the encoder–decoder h64", what: "On the small dataset")),
                Self.table([h64, decoder]),
            ]),
        ]
    }

    /// A sentence chosen by the numbers: which of two runs reached the lower validation loss.
    static func compare(_ a: ExperimentResult, _ b: ExperimentResult, better: String, worse: String, what: String) -> String {
        let lower = a.lowestValidationLoss < b.lowestValidationLoss
        let accuracy = a.finalValidationWordAccuracy > b.finalValidationWordAccuracy
        return "\(what), \(better) reaches " + (lower ? "a **lower**" : "**no lower**") + " validation loss than \(worse) (\(number(a.lowestValidationLoss)) vs \(number(b.lowestValidationLoss)), at epoch \(a.bestEpoch) vs \(b.bestEpoch)), and " + (accuracy ? "a higher" : "no higher") + " final word accuracy (\(number(a.finalValidationWordAccuracy)) vs \(number(b.finalValidationWordAccuracy)))."
    }

    static func table(_ runs: [ExperimentResult]) -> ReportBlock {
        .table(header: ["run", "lowest val loss", "at epoch", "epochs run", "final val word accuracy", "s / epoch"],
               rows: runs.map { [$0.name, String(format: "%.4f", $0.lowestValidationLoss), String($0.bestEpoch), String($0.epochsRun),
                                 String(format: "%.3f", $0.finalValidationWordAccuracy), String(format: "%.2f", $0.meanEpochSeconds)] })
    }

    /// The decoder-only layout of one pair, computed by the library, and the code that builds it.
    static func decoderTensors(_ context: ReportContext) -> [ReportBlock] {
        let vocabulary = Vocabulary.pigLatin
        var blocks: [ReportBlock] = [
            .paragraph("The decoder-only model reads SOS + source + EOP + target and predicts each next token; the loss counts only the positions from EOP on, so the model is trained to produce the target (and EOS), not to predict the English word. For the pair \"cat → atcay\":"),
        ]
        if let source = try? vocabulary.encode("cat"), let target = try? vocabulary.encode("atcay"),
           let inputs = try? TransformerInputs(architecture: .decoderOnly, sources: [source], targets: [target]) {
            let names = { (ids: [Int]) in ids.map(vocabulary.tokenName) }
            blocks.append(.table(header: ["position"] + (0..<inputs.decoderLength).map(String.init),
                                 rows: [["input"] + names(inputs.decoderTokens), ["target"] + names(inputs.targets),
                                        ["loss weight"] + (inputs.lossWeights ?? []).map { String(Int($0)) }]))
        }
        blocks.append(context.quote("Sources/TinyformerNMT/Model/TransformerInputs.swift",
                                    "public init(architecture: TransformerConfig.Architecture, sources: [[Int]], targets: [[Int]]"))
        return blocks
    }
}
