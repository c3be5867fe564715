import Foundation

/// The assignment's report as data: sections (one per part of the assignment), each with its
/// questions, each answered by blocks built from a run's results. Rendered as Markdown
/// (`MarkdownRenderer`) and as one self-contained HTML page (`HTMLRenderer`).
public struct ReportDocument: Sendable {
    public var title: String
    /// Lines under the title: how the report was made (settings, code version, times).
    public var preamble: [String]
    public var sections: [ReportSection]

    public init(title: String, preamble: [String], sections: [ReportSection]) {
        self.title = title
        self.preamble = preamble
        self.sections = sections
    }
}

/// One part of the assignment (e.g. "1. Noisy quadratic model").
public struct ReportSection: Sendable {
    /// A stable id for anchors and checks ("nqm", "nmt", …).
    public var id: String
    public var title: String
    /// What ran and whether it succeeded, shown first.
    public var status: SectionStatus
    public var questions: [ReportQuestion]

    public init(id: String, title: String, status: SectionStatus, questions: [ReportQuestion]) {
        self.id = id
        self.title = title
        self.status = status
        self.questions = questions
    }
}

/// Whether a section's runs produced its results.
public enum SectionStatus: Sendable, Equatable {
    /// Every step ran (or was reused); `note` says which settings.
    case complete(note: String)
    /// A step failed: its name, the error's last lines and the log file.
    case failed(step: String, message: String, log: String)
    /// The capability is not in this build of the project yet.
    case notAvailable(reason: String)

    public var succeeded: Bool { if case .complete = self { true } else { false } }
}

/// One question of the assignment ("2.2.1"), with its answer.
public struct ReportQuestion: Sendable {
    /// The assignment's number, e.g. "2.2.1".
    public var number: String
    public var title: String
    public var blocks: [ReportBlock]

    public init(number: String, title: String, blocks: [ReportBlock]) {
        self.number = number
        self.title = title
        self.blocks = blocks
    }

    /// The anchor id of this question in the HTML page ("q-2-2-1").
    public var anchor: String { "q-" + number.replacingOccurrences(of: ".", with: "-") }
}

/// A piece of an answer.
public enum ReportBlock: Sendable {
    /// Prose with inline Markdown (`**bold**`, `` `code` ``).
    case paragraph(String)
    /// A table: header and rows of cells.
    case table(header: [String], rows: [[String]])
    /// An SVG figure (the file's text, inlined in HTML; linked by `path` in Markdown).
    case figure(caption: String, path: String, svg: String)
    /// Source lines quoted from the repository.
    case code(SourceQuote)
    /// A bullet list.
    case list([String])
}
