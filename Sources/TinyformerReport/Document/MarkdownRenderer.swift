import Foundation

/// `REPORT.md`: the document as GitHub-flavoured Markdown; figures link their SVG files
/// (relative to the report's folder), code answers are fenced blocks with file and lines.
public enum MarkdownRenderer {
    public static func render(_ document: ReportDocument) -> String {
        var out = ["# \(document.title)", ""]
        out += document.preamble.map { "\($0)  " } + [""]
        out.append("## Contents")
        out.append("")
        for section in document.sections {
            out.append("- \(section.title): " + section.questions.map { $0.number }.joined(separator: ", "))
        }
        out.append("")
        for section in document.sections {
            out.append("## \(section.title)")
            out.append("")
            out.append(statusLine(section.status))
            out.append("")
            for question in section.questions {
                out.append("### \(question.number) \(question.title)")
                out.append("")
                for block in question.blocks { out += render(block) + [""] }
            }
        }
        return out.joined(separator: "\n")
    }

    static func statusLine(_ status: SectionStatus) -> String {
        switch status {
        case let .complete(note): return "_\(note)_"
        case let .failed(step, message, log): return "**Failed** at `\(step)`: \(message) (log: `\(log)`)"
        case let .notAvailable(reason): return "**Not yet available**: \(reason)"
        }
    }

    static func render(_ block: ReportBlock) -> [String] {
        switch block {
        case let .paragraph(text):
            return [text]
        case let .table(header, rows):
            func row(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
            return [row(header), "|" + header.map { _ in "---" }.joined(separator: "|") + "|"] + rows.map(row)
        case let .figure(caption, path, _):
            return ["![\(caption)](\(path))", "", "_\(caption)_"]
        case let .code(quote):
            return ["`\(quote.path)`, lines \(quote.lines.lowerBound)–\(quote.lines.upperBound):", "",
                    "```\(quote.language)", quote.text, "```"]
        case let .list(items):
            return items.map { "- \($0)" }
        }
    }
}
