// The report's pieces: quoting source declarations, rendering Markdown and HTML, sentences chosen
// by numbers, and sections built from real result files (the committed docs/nqm and docs/nmt).
import Foundation
import Testing
import TinyformerNMT
@testable import TinyformerReport
import TinyformerTestSupport

@Suite struct SourceQuoteTests {
    @Test func aQuoteRunsFromItsDocCommentToTheClosingBrace() throws {
        let quote = try SourceQuote(path: "Sources/COpenBLAS/kernels/softmax.c", anchor: "static float softmax_row(", root: packageRoot)
        let lines = quote.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("//") == true)
        #expect(lines.contains { $0.contains("static float softmax_row(") })
        #expect(lines.last == "}")
        #expect(quote.language == "c" && quote.lines.count == lines.count)
    }

    @Test func bracesInStringsAndCommentsDoNotEndTheQuote() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("func f() {\n    let s = \"}{\" // }\n    /* } */ if true { print(s) }\n}\nlet after = 1\n".utf8)
            .write(to: directory.appendingPathComponent("a.swift"))
        let quote = try SourceQuote(path: "a.swift", anchor: "func f()", root: directory)
        #expect(quote.lines == 1...4)
    }

    @Test func aMissingAnchorNamesTheFile() {
        #expect(throws: SourceQuote.NotFound.self) {
            try SourceQuote(path: "Sources/COpenBLAS/kernels/softmax.c", anchor: "no such declaration", root: packageRoot)
        }
    }
}

@Suite struct ReportRenderingTests {
    static let document = ReportDocument(title: "T <1>", preamble: ["made `now`"], sections: [
        ReportSection(id: "s", title: "S & T", status: .complete(note: "quick"), questions: [
            ReportQuestion(number: "9.1", title: "Why?", blocks: [
                .paragraph("**bold** and `x < y` with [a link](https://example.com)"),
                .table(header: ["a", "b"], rows: [["1", "2|3"]]),
                .figure(caption: "c", path: "s/f.svg", svg: "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>"),
                .list(["one", "two"]),
            ]),
        ]),
        ReportSection(id: "u", title: "U", status: .notAvailable(reason: "later"), questions: [
            ReportQuestion(number: "9.2", title: "When?", blocks: [.paragraph("Not yet available.")]),
        ]),
    ])

    @Test func htmlIsSelfContainedEscapedAndAnchored() {
        let html = HTMLRenderer.render(Self.document)
        #expect(html.contains("<title>T &lt;1&gt;</title>"))
        #expect(html.contains("<strong>bold</strong> and <code>x &lt; y</code> with <a href=\"https://example.com\">a link</a>"))
        #expect(html.contains("<svg width=\"10\"") && !html.contains("<?xml"))
        #expect(html.contains("id=\"q-9-1\"") && html.contains("data-status=\"not-available\""))
        #expect(!html.contains("src=\"http") && !html.contains("<link"))
        #expect(html.contains("id=\"report-check\""))
    }

    @Test func markdownLinksFiguresAndEscapesTableCells() {
        let markdown = MarkdownRenderer.render(Self.document)
        #expect(markdown.contains("![c](s/f.svg)"))
        #expect(markdown.contains("| 1 | 2\\|3 |"))
        #expect(markdown.contains("**Not yet available**: later"))
        #expect(markdown.contains("### 9.1 Why?"))
    }
}

@Suite struct ReportSectionTests {
    static let context = ReportContext(root: packageRoot, out: packageRoot.appendingPathComponent("docs"))

    @Test func theNQMAnswersComeFromTheResultFiles() throws {
        let answers = try NQMSection().answers(folder: packageRoot.appendingPathComponent("docs/nqm"), mode: .full, context: Self.context)
        #expect(answers.map(\.number) == ["1.1.1", "1.1.2"])
        let text = answers.flatMap(\.blocks).compactMap { block -> String? in if case let .paragraph(p) = block { p } else { nil } }.joined()
        #expect(text.contains("B_crit ≈ 92.5"))  // docs/nqm/steps_vs_batch.json: critical_batch 92.45…
        #expect(text.contains("grows linearly with B (slope 0.99)"))
    }

    @Test func theComparisonSentenceFollowsTheNumbers() {
        func result(_ name: String, _ loss: Double, _ accuracy: Double) -> ExperimentResult {
            ExperimentResult(name: name, lowestValidationLoss: loss, bestEpoch: 3, epochsRun: 5, finalValidationWordAccuracy: accuracy,
                             meanEpochSeconds: 0.1)
        }
        let better = NMTSection.compare(result("a", 0.3, 0.9), result("b", 0.5, 0.4), better: "A", worse: "B", what: "Here")
        #expect(better.contains("reaches a **lower** validation loss") && better.contains("and a higher final"))
        let worse = NMTSection.compare(result("a", 0.6, 0.3), result("b", 0.5, 0.4), better: "A", worse: "B", what: "Here")
        #expect(worse.contains("reaches **no lower** validation loss") && worse.contains("and no higher final"))
    }

    @Test func theDecoderTensorsAreTheLibrarysOwnLayout() {
        let blocks = NMTSection.decoderTensors(Self.context)
        guard case let .table(header, rows) = blocks[1] else {
            Issue.record("no table")
            return
        }
        #expect(header.count == 1 + 10)  // SOS c a t EOP a t c a y
        #expect(rows[0] == ["input", "<s>", "c", "a", "t", "<p>", "a", "t", "c", "a", "y"])
        #expect(rows[1] == ["target", "c", "a", "t", "<p>", "a", "t", "c", "a", "y", "</s>"])
        #expect(rows[2] == ["loss weight", "0", "0", "0", "0", "1", "1", "1", "1", "1", "1"])
    }

    @Test func everySectionListsItsQuestionsEvenWithoutResults() throws {
        let numbers = ReportBuilder.sections.flatMap { $0.questions.map(\.number) }
        #expect(numbers == ["1.1.1", "1.1.2", "2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "1.2", "2.3.1",
                            "2.3.2", "2.3.3", "2.3.4", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1", "4.2"])
    }
}

@Suite struct RemainingTimeEstimateTests {
    @Test func beforeAnyStepTheEstimateIsTheSumOfTheSteps() {
        #expect(Reproduction.remainingSeconds(total: 1900, estimatedDone: 0, actualDone: 0) == 1900)
    }

    @Test func aFewQuickStepsBarelyMoveAHalfHourEstimate() {
        // A 4-second step done in 0.2 s: the rest (about half an hour) is still about half an hour.
        let remaining = Reproduction.remainingSeconds(total: 1904, estimatedDone: 4, actualDone: 0.2)
        #expect(remaining > 1600 && remaining < 1900, "\(remaining)")
    }

    @Test func longStepsThatTookTwiceTheEstimateNearlyDoubleTheRest() {
        let remaining = Reproduction.remainingSeconds(total: 2000, estimatedDone: 1000, actualDone: 2000)
        #expect(remaining > 1800 && remaining < 2000, "\(remaining)")
    }

    @Test func nothingRemainsOnceEveryStepIsDone() {
        #expect(Reproduction.remainingSeconds(total: 500, estimatedDone: 500, actualDone: 900) == 0)
    }
}
