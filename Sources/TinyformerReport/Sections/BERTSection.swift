import Foundation
import TinyformerBERT

/// Section 3: BERT fine-tuning on verbal arithmetic (`bert`): the classifier, MiniLM fine-tuned,
/// frozen and random-init, two miniatures pretrained on arithmetic and on prose, and where the
/// five classifiers disagree. Every number comes from the files `bert compare`, `bert evaluate`
/// and `bert predict` write.
public struct BERTSection: SectionPlan {
    public let id = "bert"
    public let title = "3 BERT fine-tuning"
    public let questions: [(number: String, title: String)] = [
        ("3.1", "The classifier on BERT"),
        ("3.2", "Fine-tuning a pretrained BERT on verbal arithmetic"),
        ("3.3", "Frozen encoder and random initialisation"),
        ("3.4", "Does the pretraining data matter?"),
        ("3.5", "Where the models disagree and where they all fail"),
    ]
    /// Expressions `bert predict` classifies for the report (one per label, and two near zero).
    static let examples = ["eight minus ten", "nineteen plus zero", "seven minus seven", "three minus twelve", "zero plus zero"]
    /// The recipe of each mode: fine-tuning epochs and pretraining steps of each miniature.
    static func recipe(_ mode: ReproductionMode) -> (epochs: Int, pretrainSteps: Int) {
        mode == .quick ? (3, 30) : (10, 600)
    }

    public init() {}

    public func steps(mode: ReproductionMode) -> [ReproductionStep] {
        let recipe = Self.recipe(mode)
        let run = "{out}/compare/minilm-finetune"
        return [
            ReproductionStep(name: "compare", executable: "bert",
                             arguments: ["compare", "--out", "{out}/compare", "--overwrite", "--model", "minilm",
                                         "--epochs", String(recipe.epochs), "--lr", "2e-4", "--seed", "0",
                                         "--pretrain-steps", String(recipe.pretrainSteps)],
                             estimatedSeconds: mode == .quick ? 80 : 680),
            ReproductionStep(name: "evaluate", executable: "bert",
                             arguments: ["evaluate", "--checkpoint", run, "--json", "{out}/evaluate.json"], estimatedSeconds: 2),
            ReproductionStep(name: "predict", executable: "bert",
                             arguments: ["predict", "--checkpoint", run, "--json", "{out}/predict.json"] + Self.examples,
                             estimatedSeconds: 2),
        ]
    }

    /// Missing `bert`, or a missing MiniLM folder (with the command that fetches it).
    public func unavailableReason(binaries: URL) -> String? {
        guard FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent("bert").path) else {
            return "the bert executable is not part of this build"
        }
        do {
            _ = try BertFolder.resolve("minilm", executable: binaries.appendingPathComponent("bert"))
            return nil
        } catch {
            return "\(BertFolder.miniLMPath) is missing: run Scripts/fetch-minilm from the repository root, then reproduce again"
        }
    }

    public func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion] {
        let compare = folder.appendingPathComponent("compare")
        let results = try context.read(ComparisonReport.JSON.self, compare.appendingPathComponent("results.json"))
        let evaluation = try context.read(ClassificationReport.Summary.self, folder.appendingPathComponent("evaluate.json"))
        let predictions = try context.read([ClassificationReport.Prediction].self, folder.appendingPathComponent("predict.json"))
        func model(_ folderName: String) throws -> ComparisonReport.JSON.Row {
            guard let row = results.models.first(where: { $0.folder == folderName }) else {
                throw ReportError.missingResult(path: compare.appendingPathComponent("results.json").path, what: "no run \(folderName)")
            }
            return row
        }
        let finetuned = try model("minilm-finetune"), frozen = try model("minilm-frozen"), random = try model("minilm-random-init")
        let math = try model("math-finetune"), prose = try model("prose-finetune")
        let chart = try context.figure(compare.appendingPathComponent("val_accuracy.svg"),
                                       caption: "Validation accuracy per epoch of the five classifiers (same split, same recipe)")
        let recipe = Self.recipe(mode)
        return [
            ReportQuestion(number: "3.1", title: questions[0].title, blocks: Self.classifier(context, finetuned, frozen)),
            ReportQuestion(number: "3.2", title: questions[1].title,
                           blocks: Self.fineTuning(chart, finetuned, evaluation, predictions, epochs: recipe.epochs, mode: mode)),
            ReportQuestion(number: "3.3", title: questions[2].title, blocks: Self.frozenAndRandom(finetuned, frozen, random)),
            ReportQuestion(number: "3.4", title: questions[3].title,
                           blocks: Self.pretrainingData(finetuned, math, prose, steps: recipe.pretrainSteps)),
            ReportQuestion(number: "3.5", title: questions[4].title, blocks: Self.disagreements(results)),
        ]
    }

    // MARK: - Answers

    static func classifier(_ context: ReportContext, _ finetuned: ComparisonReport.JSON.Row,
                           _ frozen: ComparisonReport.JSON.Row) -> [ReportBlock] {
        [
            .paragraph("Hugging Face's `BertForSequenceClassification`: the encoder's tanh pooler on the [CLS] state, dropout, and one linear layer to the three classes (negative, zero, positive), trained with cross-entropy. Fine-tuning trains all \(finetuned.trainedParameters) parameters (MiniLM's and the head's); the frozen mode trains the head alone (\(frozen.trainedParameters) parameters) and runs the encoder without building a graph."),
            context.quote("Sources/TinyformerBERT/Classifier/BertClassifier.swift", "public func logits(_ inputs: BertInputs)"),
            .paragraph("The recipe is transformers' Trainer's: AdamW with weight decay 0.01 except on biases and LayerNorm, a linear warmup over 10 % of the steps then linear decay, gradients clipped to norm 1, batches of 32; the epoch with the best validation accuracy is kept:"),
            context.quote("Sources/TinyformerBERT/Training/FineTuneConfig.swift", "public init(model: String, mode: FineTuneMode"),
        ]
    }

    static func fineTuning(_ chart: ReportBlock, _ finetuned: ComparisonReport.JSON.Row, _ evaluation: ClassificationReport.Summary,
                           _ predictions: [ClassificationReport.Prediction], epochs: Int, mode: ReproductionMode) -> [ReportBlock] {
        let labels = VerbalArithmetic.labels
        let target = 0.93
        let verdict: String
        if mode == .full {
            verdict = evaluation.accuracy >= target ? "which meets the target of \(number(target))" : "below the target of \(number(target))"
        } else {
            verdict = "after only \(epochs) epochs (the quick mode; the full run trains 10)"
        }
        let errors = Self.offDiagonal(evaluation.confusion)
        var blocks: [ReportBlock] = [
            chart,
            .paragraph("all-MiniLM-L6-v2 fine-tuned with lr 2e-4, seed 0, reaches a test accuracy of **\(number(evaluation.accuracy))** on the 160 held-out expressions, \(verdict). Its kept epoch is \(finetuned.bestEpoch) of \(finetuned.validationAccuracy.count); an epoch takes \(number(finetuned.secondsPerEpoch)) s here."),
            .table(header: ["true \\ predicted"] + labels,
                   rows: zip(labels, evaluation.confusion).map { label, row in [label] + row.map(String.init) }),
        ]
        if let worst = errors.max(by: { $0.count < $1.count }), worst.count > 0 {
            blocks.append(.paragraph("The most frequent mistake is \(labels[worst.truth]) taken for \(labels[worst.predicted]) (\(worst.count) of \(errors.reduce(0) { $0 + $1.count }) errors)."))
        } else {
            blocks.append(.paragraph("It makes no mistake on the test set."))
        }
        blocks.append(.table(header: ["expression", "prediction"] + labels.map { "p(\($0))" },
                             rows: predictions.map { p in
                                 [p.text, labels.indices.contains(p.predicted) ? labels[p.predicted] : "?"] + p.probabilities.map { String(format: "%.3f", $0) }
                             }))
        return blocks
    }

    static func frozenAndRandom(_ finetuned: ComparisonReport.JSON.Row, _ frozen: ComparisonReport.JSON.Row,
                                _ random: ComparisonReport.JSON.Row) -> [ReportBlock] {
        let frozenGap = finetuned.testAccuracy - frozen.testAccuracy, randomGap = finetuned.testAccuracy - random.testAccuracy
        let baseline = Self.majority(finetuned.confusion)
        func comparedTo(_ gap: Double) -> String {
            abs(gap) < 0.02 ? "about as accurate as fine-tuning (\(points(gap)) points apart)"
                : gap > 0 ? "\(points(gap)) points below fine-tuning" : "\(points(-gap)) points above fine-tuning"
        }
        let frozenSentence = "**Frozen** (the head alone on MiniLM's pooled output): test accuracy \(number(frozen.testAccuracy)), \(comparedTo(frozenGap))"
            + Self.baselineClause(frozen, baseline) + "."
            + (frozenGap > 0.02 ? " A linear head on MiniLM's pooled sentence-similarity features does not separate \"A minus B\" by the sign of the result here; fine-tuning changes the encoder so that they do." : "")
            + " Its epochs take \(number(frozen.secondsPerEpoch)) s against \(number(finetuned.secondsPerEpoch)) s: no backward pass through the encoder and no optimizer state for it."
        let randomSentence = "**Random-init** (MiniLM's architecture, weights drawn as transformers' `_init_weights`): \(number(random.testAccuracy)), \(comparedTo(randomGap))"
            + Self.baselineClause(random, baseline) + "."
            + (randomGap > 0.02 ? " What the pretrained weights bring is the meaning of the number words and of \"plus\" and \"minus\", which 22 M parameters cannot learn from 448 training sentences." : "")
        return [
            .table(header: ["mode", "test accuracy", "kept epoch", "s / epoch", "trained parameters"],
                   rows: [finetuned, frozen, random].map(Self.row)),
            .paragraph(frozenSentence),
            .paragraph(randomSentence),
        ]
    }

    static func pretrainingData(_ finetuned: ComparisonReport.JSON.Row, _ math: ComparisonReport.JSON.Row,
                                _ prose: ComparisonReport.JSON.Row, steps: Int) -> [ReportBlock] {
        let gap = math.testAccuracy - prose.testAccuracy
        let baseline = Self.majority(finetuned.confusion)
        let atBaseline = max(math.testAccuracy, prose.testAccuracy) <= baseline.accuracy + 0.005
        let verdict: String
        if atBaseline {
            verdict = "Neither miniature beats always answering \(baseline.label) (\(number(baseline.accuracy))): \(steps) pretraining steps taught them nothing the task can use, so this run cannot tell the corpora apart."
        } else if abs(gap) < 0.02 {
            verdict = "The two miniatures end " + (gap == 0 ? "at the same accuracy" : "within \(points(gap)) points of each other") + ": with \(steps) pretraining steps the corpus makes no measurable difference here."
        } else if gap > 0 {
            verdict = "The arithmetic-pretrained miniature is \(points(gap)) points better than the prose-pretrained one: pretraining on text like the task's (number words with plus, minus, comparisons) gives representations the classifier can use, as MathBERT does for mathematics."
        } else {
            verdict = "The prose-pretrained miniature is \(points(-gap)) points better than the arithmetic-pretrained one: with \(steps) steps the broader corpus helps more than the narrower, task-like one."
        }
        let scale = atBaseline ? 0 : finetuned.testAccuracy - max(math.testAccuracy, prose.testAccuracy)
        return [
            .paragraph("Two small BERTs (4 layers, hidden 256, 4 heads, MiniLM's vocabulary) pretrained with masked language modelling for the same \(steps) steps, one on generated arithmetic text (never the task's own \"A plus B\" / \"A minus B\" with A, B ≤ nineteen), one on *Sense and Sensibility*, then fine-tuned with the same recipe — the MathBERT vs BERTweet question in miniature."),
            .table(header: ["model", "test accuracy", "kept epoch", "s / epoch", "trained parameters"],
                   rows: [math, prose, finetuned].map(Self.row)),
            .paragraph(verdict + (scale > 0.02 ? " Both stay \(points(scale)) points below MiniLM, pretrained on a billion sentence pairs: the amount of pretraining matters at least as much as its domain." : "")),
        ]
    }

    static func disagreements(_ results: ComparisonReport.JSON) -> [ReportBlock] {
        let names = results.models.map(\.name)
        let labels = VerbalArithmetic.labels
        func table(_ examples: [ComparisonReport.Example]) -> ReportBlock {
            .table(header: ["expression", "true"] + names,
                   rows: examples.prefix(12).map { [$0.text, $0.label] + $0.predictions })
        }
        let hardest = labels.map { label in (label, results.allWrong.filter { $0.label == label }.count) }.max { $0.1 < $1.1 }
        var blocks: [ReportBlock] = [
            .paragraph("The five classifiers disagree on \(results.disagreements.count) of the 160 test expressions" + (results.disagreements.count > 12 ? " (the first 12):" : ":")),
            table(results.disagreements),
        ]
        if results.allWrong.isEmpty {
            blocks.append(.paragraph("No expression defeats all five models."))
        } else {
            let near = results.allWrong.filter { Self.result(of: $0.text).map { abs($0) <= 2 } ?? false }.count
            let share = Double(near) / Double(results.allWrong.count)
            func percent(_ x: Double) -> String { String(format: "%.0f", x * 100) }
            let baseShare = Double(Self.allResults.filter { abs($0) <= 2 }.count) / Double(max(Self.allResults.count, 1))
            blocks.append(.paragraph("All five get \(results.allWrong.count) wrong" + (hardest.map { $0.1 > 0 ? "; \($0.1) of them are \($0.0)" : "" } ?? "") + ". "
                                     + (share > baseShare + 0.1
                                        ? "\(near) of them (\(percent(share)) %, against \(percent(baseShare)) % of all 800 expressions) have a result within 2 of zero: when A and B are close, the sign of A − B hangs on telling two nearby number words apart."
                                        : "Their results are not concentrated near zero (\(near) within 2 of zero, \(percent(share)) % against \(percent(baseShare)) % of all 800 expressions): the common failures are not just the close calls.")))
            blocks.append(table(results.allWrong))
        }
        return blocks
    }

    // MARK: - Helpers

    /// A − B or A + B of "A minus B" / "A plus B", or nil for another text.
    static func result(of text: String) -> Int? {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 3, let a = NumberWords.value(words[0]), let b = NumberWords.value(words[2]) else { return nil }
        switch words[1] {
        case "plus": return a + b
        case "minus": return a - b
        default: return nil
        }
    }

    /// The results of all 800 expressions (the test set is a random fifth of them).
    static let allResults: [Int] = VerbalArithmetic.examples().compactMap { result(of: $0.text) }

    static func row(_ r: ComparisonReport.JSON.Row) -> [String] {
        [r.name, String(format: "%.4f", r.testAccuracy), String(r.bestEpoch), number(r.secondsPerEpoch), String(r.trainedParameters)]
    }

    /// The most frequent true class of the test set and the accuracy of always predicting it.
    static func majority(_ confusion: [[Int]]) -> (label: String, accuracy: Double) {
        let counts = confusion.map { $0.reduce(0, +) }, total = counts.reduce(0, +)
        guard let top = counts.indices.max(by: { counts[$0] < counts[$1] }), total > 0 else { return ("?", 0) }
        return (VerbalArithmetic.labels.indices.contains(top) ? VerbalArithmetic.labels[top] : "?", Double(counts[top]) / Double(total))
    }

    /// ", no better than always answering <majority> (…)" when the model is at that baseline.
    static func baselineClause(_ row: ComparisonReport.JSON.Row, _ baseline: (label: String, accuracy: Double)) -> String {
        row.testAccuracy <= baseline.accuracy + 0.005
            ? ", no better than always answering \(baseline.label) (\(number(baseline.accuracy)) of the test set)" : ""
    }

    /// Accuracy difference in percentage points.
    static func points(_ difference: Double) -> String { number(abs(difference) * 100, digits: 3) }

    /// (true, predicted, count) of every off-diagonal cell.
    static func offDiagonal(_ confusion: [[Int]]) -> [(truth: Int, predicted: Int, count: Int)] {
        confusion.enumerated().flatMap { t, row in
            row.enumerated().compactMap { p, count in t == p ? nil : (t, p, count) }
        }
    }
}
