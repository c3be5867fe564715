// A prefix tree over the code points of a vocabulary's tokens, for exact lookup and WordPiece's
// longest match.

/// The tokens of a vocabulary in a trie keyed by Unicode scalar value. Lookups compare code point
/// sequences exactly (Swift's `String ==` would equate canonically equivalent tokens such as
/// "é" and "e\u{301}", which are different tokens to Hugging Face).
struct VocabularyTrie: Sendable {
    /// The root node.
    static let root: Int32 = 0

    /// Child of node n along code point c, keyed `n << 21 | c`.
    private var children: [UInt64: Int32] = [:]
    /// The token id ending at each node, or -1.
    private var terminals: [Int32] = [-1]

    init() {}

    /// The node reached from `node` along `c`, if any.
    @inline(__always)
    func child(of node: Int32, along c: UInt32) -> Int32? {
        children[UInt64(UInt32(bitPattern: node)) << 21 | UInt64(c)]
    }

    /// The token id ending at `node`, if any.
    @inline(__always)
    func tokenID(at node: Int32) -> Int? {
        let id = terminals[Int(node)]
        return id >= 0 ? Int(id) : nil
    }

    /// The node reached from `node` along all of `codes`, if any.
    func walk(from node: Int32 = root, _ codes: some Sequence<UInt32>) -> Int32? {
        var node = node
        for c in codes {
            guard let next = child(of: node, along: c) else { return nil }
            node = next
        }
        return node
    }

    /// Inserts `codes` with `id`; returns the id already stored for exactly these code points, if any
    /// (and then stores nothing).
    mutating func insert(_ codes: some Sequence<UInt32>, id: Int) -> Int? {
        var node = Self.root
        for c in codes {
            let key = UInt64(UInt32(bitPattern: node)) << 21 | UInt64(c)
            if let next = children[key] {
                node = next
            } else {
                let next = Int32(terminals.count)
                terminals.append(-1)
                children[key] = next
                node = next
            }
        }
        if let existing = tokenID(at: node) { return existing }
        terminals[Int(node)] = Int32(id)
        return nil
    }
}
