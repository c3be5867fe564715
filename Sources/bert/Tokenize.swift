import ArgumentParser
import Foundation
import TinyformerBERT
import TinyformerCLI

struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "WordPiece tokens and ids of texts, as Hugging Face's BertTokenizerFast gives them.")

    @Option(help: "minilm or a Hugging Face BERT folder (its vocab.txt and tokenizer_config.json).") var model = "minilm"
    @Option(help: "Also write {\"input_ids\": [[…]], \"tokens\": [[…]]} to this file.") var json: String?
    @Argument(help: "Texts.") var texts: [String] = []

    struct Output: Codable {
        var inputIDs: [[Int]]
        var tokens: [[String]]
        enum CodingKeys: String, CodingKey { case inputIDs = "input_ids", tokens }
    }

    func run() throws {
        let folderURL = try modelFolder(model)
        let jsonURL = try json.map { try PathFlag.outputFile($0, flag: "--json") }
        guard !texts.isEmpty else { throw CLIError.usage("no texts given") }
        let tokenizer = try BertFolder.tokenizer(at: folderURL)
        var output = Output(inputIDs: [], tokens: [])
        for text in texts {
            let encoding = try tokenizer.encode(text, truncation: false)
            output.inputIDs.append(encoding.inputIDs)
            output.tokens.append(encoding.tokens)
            Console.output(zip(encoding.tokens, encoding.inputIDs).map { "\($0)(\($1))" }.joined(separator: " "))
        }
        if let jsonURL { try writeJSON(output, to: jsonURL) }
    }
}
