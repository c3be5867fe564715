import Foundation

extension TransformerConfig {
    /// The fields in which `self` differs from `other`, as "name self-value / other-value"
    /// (e.g. "heads 4 / 1"), in key order; empty when they are equal.
    public func differences(from other: TransformerConfig) -> [String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let mine = try? encoder.encode(self), let theirs = try? encoder.encode(other),
              let a = try? JSONSerialization.jsonObject(with: mine) as? [String: Any],
              let b = try? JSONSerialization.jsonObject(with: theirs) as? [String: Any] else {
            return self == other ? [] : ["(the configurations differ)"]
        }
        return Set(a.keys).union(b.keys).sorted().compactMap { key in
            let x = a[key].map { "\($0)" } ?? "absent", y = b[key].map { "\($0)" } ?? "absent"
            return x == y ? nil : "\(key) \(x) / \(y)"
        }
    }
}
