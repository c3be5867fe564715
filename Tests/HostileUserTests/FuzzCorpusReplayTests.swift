import Foundation
import Testing

/// Every input the fuzzer kept (Fuzz/corpus, including crashes it once found, added after their
/// fix) goes through its parser again in the ordinary build: none may trap, hang or exhaust
/// memory. `Scripts/fuzz` does the coverage-guided search itself, outside CI.
@Suite struct FuzzCorpusReplayTests {
    static let corpus = Scratch.packageRoot.appendingPathComponent("Fuzz/corpus")

    static let targets = ["safetensors", "wordpiece", "clip", "transformer-config", "training-config", "vocabulary", "image",
                          "preprocessor-config", "pairs"]

    @Test func everyTargetHasACommittedCorpus() throws {
        for target in Self.targets {
            let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.appendingPathComponent(target).path)
            #expect(!files.isEmpty, "Fuzz/corpus/\(target) is empty")
        }
    }

    @Test(arguments: targets)
    func theCorpusReplaysWithoutATrap(_ target: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = Self.corpus.appendingPathComponent(target)
        let count = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.count
        let result = try ToolProcess.run("tinyformer-fuzz", [target, folder.path], in: scratch.url, timeout: 60)
        #expect(result.status == 0 && !result.signaled, "\(target): \(result.stderr)")
        #expect(result.stdout.contains("\(target): \(count) inputs replayed"), "\(result.stdout)")
    }
}
