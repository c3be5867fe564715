// One encoded text.
//
// Shape letters: T sequence length.

/// The model inputs for one text: `<|startoftext|>`, the BPE tokens, `<|endoftext|>`, padding.
public struct ClipEncoding: Equatable, Sendable {
    /// Token ids, (T).
    public let inputIDs: [Int]
    /// 1 for real tokens (including start and end), 0 for padding, (T).
    public let attentionMask: [Int]

    /// T.
    public var count: Int { inputIDs.count }
    /// The position of the end token (`<|endoftext|>`), whose hidden state CLIP pools: the last
    /// position with attention mask 1.
    public var endPosition: Int { max(0, attentionMask.lastIndex(of: 1) ?? 0) }
}
