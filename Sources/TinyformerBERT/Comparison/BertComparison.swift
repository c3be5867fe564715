// Question 3.5: five classifiers on the same split, one chart, a table, where they disagree.
import Foundation
import TinyformerIO
import TinyformerNN
import TinyformerPlot

/// Runs (or reuses) the five classifiers of `ComparisonSettings` under `out/` and writes
/// `val_accuracy.svg` (validation accuracy per epoch), `results.md` (table, disagreements,
/// expressions every model gets wrong) and `results.json`.
///
/// Each run lives in its own folder (`out/minilm-finetune`, …; the miniatures in
/// `out/pretrain-math`, `out/pretrain-prose`). A folder holding a finished run (`test.json`) is
/// reused, an interrupted one resumed, so an interrupted comparison continues where it stopped;
/// `overwrite` redoes everything.
public final class BertComparison {
    public let settings: ComparisonSettings
    public let out: URL
    public var log: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    public var showProgress = isatty(STDOUT_FILENO) == 1

    public init(settings: ComparisonSettings, out: URL) throws {
        guard !out.path.isEmpty else { throw BertError.invalidArgument("--out: the path is empty") }
        self.settings = settings
        self.out = out
    }

    /// Everything; returns the runs in table order.
    @discardableResult
    public func run(overwrite: Bool = false) throws -> [ComparisonRun] {
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let math = try settings.mathModel ?? pretrain(corpus: PretrainConfig.arithmeticCorpus, folder: "pretrain-math", overwrite: overwrite)
        let prose = try settings.proseModel ?? pretrain(corpus: settings.prose.path, folder: "pretrain-prose", overwrite: overwrite)
        let plan: [(String, String, URL, FineTuneMode)] = [
            ("MiniLM fine-tuned", "minilm-finetune", settings.miniLM, .finetune),
            ("MiniLM frozen", "minilm-frozen", settings.miniLM, .frozen),
            ("MiniLM random-init", "minilm-random-init", settings.miniLM, .randomInit),
            ("math-pretrained mini", "math-finetune", math, .finetune),
            ("prose-pretrained mini", "prose-finetune", prose, .finetune),
        ]
        var runs: [ComparisonRun] = []
        for (name, folder, model, mode) in plan {
            var config = settings.recipe
            config.model = model.path
            config.mode = mode
            runs.append(try fineTune(name: name, folder: folder, config: config, overwrite: overwrite))
        }
        try write(runs)
        return runs
    }

    private func pretrain(corpus: String, folder: String, overwrite: Bool) throws -> URL {
        let directory = out.appendingPathComponent(folder)
        if !overwrite, FileManager.default.fileExists(atPath: directory.appendingPathComponent(BertFolder.Files.weights).path) {
            log("reusing the pretrained model in \(directory.path)")
            return directory
        }
        var config = settings.pretraining
        config.corpus = corpus
        let pretrainer = try Pretrainer(config: config, runDirectory: directory)
        pretrainer.log = log
        pretrainer.showProgress = showProgress
        let resume = !overwrite && FileManager.default.fileExists(atPath: directory.appendingPathComponent(PretrainFiles.resumeState).path)
        try pretrainer.run(resume: resume, overwrite: overwrite)
        return directory
    }

    private func fineTune(name: String, folder: String, config: FineTuneConfig, overwrite: Bool) throws -> ComparisonRun {
        let directory = out.appendingPathComponent(folder)
        log("== \(name) (\(directory.path))")
        let finished = FileManager.default.fileExists(atPath: directory.appendingPathComponent(FineTuneFiles.test).path)
        let records: [MetricsRecord], test: ClassificationReport
        if finished && !overwrite {
            log("reusing the finished run")
            records = try Self.records(directory)
            test = try JSONFile.read(ClassificationReport.self, from: directory.appendingPathComponent(FineTuneFiles.test))
        } else {
            let tuner = try FineTuner(config: config, runDirectory: directory)
            tuner.log = log
            tuner.showProgress = showProgress
            let resume = !overwrite && FileManager.default.fileExists(atPath: directory.appendingPathComponent(FineTuneFiles.resumeState).path)
            let summary = try tuner.run(resume: resume, overwrite: overwrite)
            records = summary.records
            test = summary.test
        }
        let best = records.indices.max { a, b in
            let (x, y) = (records[a]["val_acc"] ?? 0, records[b]["val_acc"] ?? 0)
            return x != y ? x < y : (records[a]["val_loss"] ?? 0) > (records[b]["val_loss"] ?? 0)
        }
        let architecture = try BertConfig.read(from: directory.appendingPathComponent(FineTuneFiles.modelConfig))
        let head = architecture.hiddenSize * 3 + 3
        return ComparisonRun(name: name, folder: folder, config: config, validationAccuracy: records.map { $0["val_acc"] ?? 0 },
                             bestEpoch: best.map { $0 + 1 } ?? 0, test: test,
                             meanEpochSeconds: records.map(\.seconds).reduce(0, +) / Double(max(records.count, 1)),
                             trainedParameters: config.mode == .frozen ? head : architecture.parameterCount() + head)
    }

    /// The metrics of a finished run folder.
    static func records(_ directory: URL) throws -> [MetricsRecord] {
        try MetricsRecord.read(directory.appendingPathComponent(FineTuneFiles.metrics),
                               metrics: [MetricColumn("val_loss"), MetricColumn("val_acc")])
    }

    private func write(_ runs: [ComparisonRun]) throws {
        let chart = LineChart(
            title: "Verbal arithmetic: validation accuracy per epoch",
            xAxis: Axis(label: "epoch"), yAxis: Axis(label: "validation accuracy", range: 0...1),
            series: runs.map { run in
                Series(name: run.name, x: run.validationAccuracy.indices.map { Double($0 + 1) }, y: run.validationAccuracy,
                       style: .lineWithMarkers)
            })
        try chart.write(to: out.appendingPathComponent("val_accuracy.svg"))
        try AtomicFile.write(ComparisonReport(runs: runs).markdown, to: out.appendingPathComponent("results.md"))
        try JSONFile.write(ComparisonReport(runs: runs).json, to: out.appendingPathComponent("results.json"))
        log("wrote \(out.appendingPathComponent("val_accuracy.svg").path), results.md and results.json")
    }
}
