import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run BertModel on texts; writes input ids, the [CLS] hidden states and the pooled outputs as JSON.")

    @Option(help: "minilm or a Hugging Face BERT folder.") var model = "minilm"
    @Option(help: "Output file: {\"input_ids\": [[…]], \"last_hidden_state_cls\": [[…]], \"pooler_output\": [[…]]}.") var json: String
    @Option(name: .customLong("batch-size"), help: "Texts per batch.") var batchSize = 32
    @Argument(help: "Texts; none: read lines from standard input.") var texts: [String] = []

    func run() throws {
        let folderURL = try modelFolder(model)
        let output = try PathFlag.outputFile(json, flag: "--json")
        _ = try FlagValue.integer(batchSize, flag: "--batch-size", in: 1...4096)
        let inputs = try textsOrStandardInput(texts, what: "texts")
        let folder = try BertFolder(folderURL)
        // A masked-LM folder has no pooler: its pooler_output rows are then empty.
        let encoder = try BertTextEncoder(model: folder.loadModel(pooler: folder.hasPooler()).model, tokenizer: folder.tokenizer())
        let start = Date()
        let encoded = try encoder.encode(inputs, batchSize: batchSize)
        let seconds = Date().timeIntervalSince(start)
        Console.output(String(format: "encoded %d texts in %.3f s (%.0f per second)", inputs.count, seconds, Double(inputs.count) / max(seconds, 1e-9)))
        try writeJSON(encoded, to: output)
    }
}
