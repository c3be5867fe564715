import Foundation
import Testing
import TinyformerIO

/// Class 3: checkpoints are validated against themselves: finite weights, the configuration
/// stored in the weights' metadata, sizes checked before anything is allocated.
@Suite struct CheckpointValidationTests {
    /// Rewrites the run's kept weights with every value replaced.
    private func replaceWeights(in run: String, with value: Float) throws {
        let url = URL(fileURLWithPath: run + "/checkpoint.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        let tensors = file.tensors.mapValues { SafeTensorsEntry(shape: $0.shape, scalars: [Float](repeating: value, count: $0.scalars.count)) }
        try SafeTensorsFile.write(tensors, metadata: file.metadata, to: url)
    }

    @Test(arguments: [Float.nan, .infinity])
    func nonFiniteWeightsAreRefusedAtLoad(_ value: Float) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        try replaceWeights(in: run, with: value)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "hello"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("corrupt checkpoint") && result.stderr.contains("expected finite values"), "\(result.stderr)")
    }

    @Test func aConfigThatDisagreesWithTheWeightsInWaysShapesCannotShowIsRefused() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let data = try scratch.pairs(60)
        let run = scratch.path("run")
        let trained = try ToolProcess.run("nmt", TinyRun.train(data: data, out: run, epochs: 1), in: scratch.url)
        try #require(trained.status == 0)
        let config = run + "/checkpoint.json"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: "\"heads\" : 1", with: "\"heads\" : 4").write(toFile: config, atomically: true, encoding: .utf8)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "hello"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("heads 4 / 1"), "\(result.stderr)")
    }

    @Test func anOversizedConfigFailsBeforeAllocatingAnything() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let config = run + "/checkpoint.json"
        let text = try String(contentsOfFile: config, encoding: .utf8)
            .replacingOccurrences(of: "\"hiddenSize\" : 8", with: "\"hiddenSize\" : 8192")
            .replacingOccurrences(of: "\"layers\" : 1", with: "\"layers\" : 256")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let start = Date()
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "hello"], in: scratch.url, timeout: 30)
        #expect(result.status == 1)
        #expect(result.stderr.contains("parameters") && result.stderr.contains("at most 2²⁸"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test func aConfigWhoseSizeDisagreesWithOldWeightsWithoutMetadataIsRefusedBeforeAllocating() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        let url = URL(fileURLWithPath: run + "/checkpoint.safetensors")
        let file = try SafeTensorsFile(contentsOf: url)
        try SafeTensorsFile.write(file.tensors, metadata: file.metadata.filter { $0.key != "transformer_config" }, to: url)
        let config = run + "/checkpoint.json"
        let text = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "\"hiddenSize\" : 8", with: "\"hiddenSize\" : 2048")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "hello"], in: scratch.url, timeout: 30)
        #expect(result.status == 1)
        #expect(result.stderr.contains("describes a model of") && result.stderr.contains("holds 1442 weights"), "\(result.stderr)")
    }

    @Test func aBrokenVocabularyIsBlamedOnItsOwnFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let run = try TinyRun.trained(scratch, epochs: 1)
        try #"{"characters":["a","a"]}"#.write(toFile: run + "/vocabulary.json", atomically: true, encoding: .utf8)
        let result = try ToolProcess.run("nmt", ["translate", "--checkpoint", run, "hello"], in: scratch.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("vocabulary.json") && result.stderr.contains("appears twice"))
        #expect(!result.stderr.contains("checkpoint.json"))
    }
}
