// `clip` run as a subprocess the way a careless user would: the shared rules of the executables
// (paths checked before work, run folders owned, typed errors, exit statuses 0/1/64).
import Foundation
import Testing

@Suite struct ClipCommandLineTests {
    static let emptyPaths: [(arguments: [String], flag: String)] = [
        (["train", "--out", ""], "--out"),
        (["rank", "--model", "", "--images", ".", "a cat"], "--model"),
        (["rank", "--model", ".", "--images", "", "a cat"], "--images"),
        (["rank", "--model", ".", "--images", ".", "--html", "", "a cat"], "--html"),
        (["classify", "--model", "", "--labels", "a,b", "x.png"], "--model"),
        (["embed", "--model", ".", "--text", "a", "--json", ""], "--json"),
        (["find-caption", "--model", ".", "--images", ".", "--target", ""], "--target"),
        (["make-images", "--out", ""], "--out"),
    ]

    @Test(arguments: emptyPaths)
    func anEmptyPathIsRefusedWithUsageStatus(_ arguments: [String], _ flag: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("clip", arguments, in: scratch.url)
        #expect(result.status == 64, "\(arguments): status \(result.status), stderr \(result.stderr)")
        #expect(result.stderr.contains(flag))
    }

    @Test(arguments: [
        (["train", "--smoke", "--coloured-backgrounds", "1.5", "--out", "run"], "coloured background fraction must be in 0…1"),
        (["make-images", "--coloured-backgrounds", "2", "--out", "run"], "coloured background fraction must be in 0…1"),
        (["train", "--smoke", "--image-side", "48", "--patch-size", "10", "--out", "run"], "patch size 10 must divide the image side 48"),
        (["train", "--smoke", "--weight-decay", "nan", "--out", "run"], "weight decay must be finite and ≥ 0, got nan"),
        (["train", "--smoke", "--weight-decay=-0.5", "--out", "run"], "weight decay must be finite and ≥ 0, got -0.5"),
        (["train", "--smoke", "--two-object-fraction", "1.01", "--out", "run"], "two-object fraction must be in 0…1, got 1.01"),
    ])
    func anOutOfRangeTrainingOptionIsAUsageErrorNamingItAndCreatesNothing(_ arguments: [String], message: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("clip", arguments, in: scratch.url)
        #expect(result.status == 64, "\(arguments): status \(result.status), stderr \(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent("run").path))
    }

    @Test func aMissingModelFolderIsAUsageErrorNamingIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let result = try ToolProcess.run("clip", ["rank", "--model", "no-such-model", "--images", ".", "a red circle"], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--model no-such-model: no such folder"))
    }

    @Test func aFolderThatIsNotAModelFailsNamingTheMissingFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(at: scratch.url.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let result = try ToolProcess.run("clip", ["embed", "--model", "empty", "--text", "a red circle", "--json", "out.json"], in: scratch.url)
        #expect(result.status == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.contains("config.json"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("out.json")))
    }

    @Test func trainingRefusesAFolderHoldingFilesUnlessAsked() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("run/notes.txt", "mine\n")
        let result = try ToolProcess.run("clip", ["train", "--smoke", "--out", "run"], in: scratch.url)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--resume") && result.stderr.contains("--overwrite"))
        #expect(try String(contentsOfFile: scratch.path("run/notes.txt"), encoding: .utf8) == "mine\n")
        let overwrite = try ToolProcess.run("clip", ["train", "--smoke", "--out", "run", "--overwrite"], in: scratch.url)
        #expect(overwrite.status == 64, "--overwrite replaces only a run folder")
    }

    @Test func aSmokeRunWritesAModelFolderThatRankLoads() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let train = try ToolProcess.run("clip", ["train", "--smoke", "--out", "model"], in: scratch.url)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        for file in ["config.json", "model.safetensors", "vocab.json", "merges.txt", "preprocessor_config.json", "results.json"] {
            #expect(FileManager.default.fileExists(atPath: scratch.path("model/\(file)")), "no \(file)")
        }
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: scratch.url.appendingPathComponent("model/results.json")))
        let evaluation = (results as? [String: Any])?["evaluation"] as? [String: Any]
        let shapeOnly = try #require(evaluation?["heldoutShapeOnlyAccuracy"] as? Double, "results.json: \(results)")
        #expect((0...1).contains(shapeOnly))
        #expect(train.stdout.contains("by shape word alone"))
        let images = try ToolProcess.run("clip", ["make-images", "--out", "images", "--count", "5", "--side", "32"], in: scratch.url)
        #expect(images.status == 0, "stderr: \(images.stderr)")
        let rank = try ToolProcess.run("clip", ["rank", "--model", "model", "--images", "images", "a red circle", "--top", "3",
                                                "--html", "sheet.html", "--json", "rank.json"], in: scratch.url)
        #expect(rank.status == 0, "stderr: \(rank.stderr)")
        let html = try String(contentsOfFile: scratch.path("sheet.html"), encoding: .utf8)
        #expect(html.contains("data:image/png;base64,") && !html.contains("src=\"http"))
        #expect(rank.stderr.contains("skipped captions.json"))
    }

    /// A smoke model and three held-out images in `scratch`.
    private func smokeModelAndImages(_ scratch: Scratch) throws -> [String] {
        let train = try ToolProcess.run("clip", ["train", "--smoke", "--out", "model"], in: scratch.url)
        #expect(train.status == 0, "stderr: \(train.stderr)")
        let images = try ToolProcess.run("clip", ["make-images", "--out", "images", "--count", "3", "--side", "32"], in: scratch.url)
        #expect(images.status == 0, "stderr: \(images.stderr)")
        return try FileManager.default.contentsOfDirectory(atPath: scratch.path("images")).filter { $0.hasSuffix(".png") }.sorted()
            .map { "images/" + $0 }
    }

    @Test func classifyPrintsOneProbabilityPerLabelSummingToOne() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let images = try smokeModelAndImages(scratch)
        let result = try ToolProcess.run("clip", ["classify", "--model", "model", "--labels", "red circle,blue square,green star", images[0]],
                                         in: scratch.url)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let rows = result.stdout.split(separator: "\n").compactMap { line -> (Double, String)? in
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, let p = Double(parts[0]) else { return nil }
            return (p, parts[1].trimmingCharacters(in: .whitespaces))
        }
        #expect(Set(rows.map(\.1)) == ["red circle", "blue square", "green star"], "\(result.stdout)")
        #expect(abs(rows.map(\.0).reduce(0, +) - 1) < 2e-3, "\(result.stdout)")
        #expect(rows.map(\.0) == rows.map(\.0).sorted(by: >), "labels are listed most probable first")
    }

    @Test func classifyNamesAMissingImageAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = try smokeModelAndImages(scratch)
        let result = try ToolProcess.run("clip", ["classify", "--model", "model", "--labels", "a,b", "images/no-such.png"], in: scratch.url)
        #expect(result.status != 0 && !result.signaled)
        #expect(result.stderr.contains("no-such.png"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func embedWritesUnitEmbeddingsAndLogitsOfOneScaleAsHuggingFaceNamesThem() throws {
        struct Embeddings: Decodable {
            let image_embeds: [[Double]]
            let text_embeds: [[Double]]
            let logits_per_image: [[Double]]
        }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let images = try smokeModelAndImages(scratch)
        let result = try ToolProcess.run("clip", ["embed", "--model", "model", "--image", images[0], "--image", images[1],
                                                  "--text", "a red circle", "--text", "a blue square", "--text", "a star",
                                                  "--json", "e.json"], in: scratch.url)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let e = try JSONDecoder().decode(Embeddings.self, from: Data(contentsOf: scratch.url.appendingPathComponent("e.json")))
        #expect(e.image_embeds.count == 2 && e.text_embeds.count == 3)
        #expect(e.logits_per_image.count == 2 && e.logits_per_image.allSatisfy { $0.count == 3 })
        for row in e.image_embeds + e.text_embeds {
            #expect(abs(row.map { $0 * $0 }.reduce(0, +) - 1) < 1e-5, "an embedding is not L2-normalised")
        }
        // logits_per_image = exp(logit_scale) · cos: one positive scale for every pair.
        var scales: [Double] = []
        for (i, image) in e.image_embeds.enumerated() {
            for (j, text) in e.text_embeds.enumerated() {
                let cosine = zip(image, text).map(*).reduce(0, +)
                if abs(cosine) > 1e-2 { scales.append(e.logits_per_image[i][j] / cosine) }
            }
        }
        #expect(!scales.isEmpty)
        let first = scales[0]
        #expect(first > 0 && scales.allSatisfy { abs($0 - first) <= 1e-3 * abs(first) }, "\(scales)")
    }
}
