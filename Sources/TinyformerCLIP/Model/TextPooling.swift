// Shape letters: B batch, T token positions.

/// Which position of each token row the text tower pools (the row's end-of-text token), chosen
/// from `eos_token_id` exactly as Hugging Face's `CLIPTextModel` chooses:
///
/// - `eos_token_id == 2` (OpenAI's converted checkpoints, whose configs predate transformers
///   PR #24773): `legacyArgmax`, the position of the row's largest id (the first on ties) — the
///   end token is OpenAI's largest id;
/// - otherwise `firstEndToken(id)`: the first position holding `id`, or 0 when the row has none
///   (`(ids == eos).int().argmax(-1)`).
public enum TextPooling: Sendable, Equatable {
    case legacyArgmax
    case firstEndToken(Int)

    /// The pooled position of each row of `ids` (B rows of T ids): (B).
    public func positions(rows: Int, length: Int, ids: [Int]) -> [Int] {
        (0..<rows).map { b in
            let row = ids[(b * length)..<((b + 1) * length)]
            switch self {
            case .legacyArgmax:
                var best = row.startIndex
                for i in row.indices where row[i] > row[best] { best = i }
                return best - row.startIndex
            case let .firstEndToken(eos):
                return (row.firstIndex(of: eos) ?? row.startIndex) - row.startIndex
            }
        }
    }
}
