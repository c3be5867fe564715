// Several encoded texts.
//
// Shape letters: B batch, T sequence length.

/// The model inputs for a batch of texts: rows of equal length unless encoded with `.none` padding.
public struct ClipBatchEncoding: Equatable, Sendable {
    /// One `ClipEncoding` per text, in input order.
    public let rows: [ClipEncoding]

    /// (B, T) ids.
    public var inputIDs: [[Int]] { rows.map(\.inputIDs) }
    /// (B, T) attention masks.
    public var attentionMask: [[Int]] { rows.map(\.attentionMask) }
    /// B.
    public var count: Int { rows.count }
    /// T when every row has the same length (always, unless padded with `.none`), else nil.
    public var length: Int? {
        guard let first = rows.first?.count else { return 0 }
        return rows.allSatisfy { $0.count == first } ? first : nil
    }
    /// The ids row-major, (B, T), when the rows are rectangular.
    public var flatInputIDs: [Int]? { length == nil ? nil : rows.flatMap(\.inputIDs) }
}
