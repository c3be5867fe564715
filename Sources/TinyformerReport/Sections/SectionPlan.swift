import Foundation
import TinyformerIO

/// One part of the assignment in a reproduction: the commands that produce its results, and the
/// answers built from those results. The answers read only the files the steps wrote, so a
/// reused result gives the same report.
public protocol SectionPlan: Sendable {
    /// The folder and anchor name ("nqm").
    var id: String { get }
    var title: String { get }
    /// The assignment's questions this section answers: (number, title), in order.
    var questions: [(number: String, title: String)] { get }
    /// The commands, in order (each may rely on the ones before).
    func steps(mode: ReproductionMode) -> [ReproductionStep]
    /// Why this section cannot run in this build (its executable is missing), or nil.
    func unavailableReason(binaries: URL) -> String?
    /// The answers, from the results in `folder`.
    func answers(folder: URL, mode: ReproductionMode, context: ReportContext) throws -> [ReportQuestion]
}

extension SectionPlan {
    public func unavailableReason(binaries: URL) -> String? {
        let missing = Set(steps(mode: .quick).map(\.executable))
            .filter { !FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent($0).path) }
        return missing.isEmpty ? nil : "the \(missing.sorted().joined(separator: ", ")) executable is not part of this build"
    }

    /// Every question with one paragraph saying why there is no answer.
    func placeholders(_ reason: String) -> [ReportQuestion] {
        questions.map { ReportQuestion(number: $0.number, title: $0.title, blocks: [.paragraph(reason)]) }
    }
}

/// What answers may read besides their section's folder.
public struct ReportContext: Sendable {
    /// The package root, for quoting sources.
    public let root: URL
    /// The report's folder (figure paths are relative to it).
    public let out: URL

    public init(root: URL, out: URL) {
        self.root = root
        self.out = out
    }

    /// A figure block from an SVG file in the report folder.
    /// - Throws: `ReportError.missingResult` naming the file when it is absent.
    public func figure(_ url: URL, caption: String) throws -> ReportBlock {
        guard let svg = try? String(contentsOf: url, encoding: .utf8) else {
            throw ReportError.missingResult(path: url.path, what: "figure")
        }
        let relative = url.path.hasPrefix(out.path + "/") ? String(url.path.dropFirst(out.path.count + 1)) : url.path
        return .figure(caption: caption, path: relative, svg: svg)
    }

    /// The quoted declaration, or a paragraph saying why it could not be quoted.
    public func quote(_ path: String, _ anchor: String) -> ReportBlock {
        do { return .code(try SourceQuote(path: path, anchor: anchor, root: root)) } catch { return .paragraph("(\(error))") }
    }

    /// A JSON result file decoded as `T`.
    public func read<T: Decodable>(_ type: T.Type, _ url: URL) throws -> T {
        do { return try JSONFile.read(type, from: url) } catch { throw ReportError.missingResult(path: url.path, what: "\(error)") }
    }
}

/// Errors building a report: a result a section needs is missing or unreadable.
public enum ReportError: Error, CustomStringConvertible, Sendable {
    case missingResult(path: String, what: String)

    public var description: String {
        switch self {
        case let .missingResult(path, what): return "\(path): \(what)"
        }
    }
}

/// Numbers for prose: 3 significant digits, thousands kept readable.
func number(_ value: Double, digits: Int = 3) -> String {
    guard value.isFinite else { return "\(value)" }
    if abs(value) >= 1000 && value == value.rounded() { return String(format: "%.0f", value) }
    return String(format: "%.\(digits)g", value)
}
