import Foundation

/// One-line descriptions of `DecodingError`s for messages that name the file: the key path and
/// what was expected ("key model.heads: expected Int (…)"), without Swift's debug dump.
public enum DecodingErrorDescription {
    public static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "" : "key \(keys.joined(separator: ".")): "
        }
        switch error {
        case let .typeMismatch(type, context):
            return "\(path(context))expected \(type) (\(context.debugDescription))"
        case let .valueNotFound(type, context):
            return "\(path(context))expected \(type), found null"
        case let .keyNotFound(key, context):
            return "\(path(context))missing key \(key.stringValue)"
        case let .dataCorrupted(context):
            // JSON syntax errors carry the line and column in the underlying error's debug text.
            let detail = context.underlyingError.flatMap { ($0 as NSError).userInfo[NSDebugDescriptionErrorKey] as? String }
            let underlying = detail.map { " (\($0))" } ?? ""
            return "\(path(context))\(context.debugDescription)\(underlying)"
        @unknown default:
            return "\(error)"
        }
    }
}
