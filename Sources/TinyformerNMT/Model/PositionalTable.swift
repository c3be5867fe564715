import TinyformerNN
import TinyformerTensor

// Shape letters: T positions, C model width, L maxLength.

/// The course's sinusoidal positional encoding (`SinusoidalPositionalEncoding`:
/// PE(p, 2i) = sin(p / 10000^(2i/C)), PE(p, 2i+1) = cos(p / 10000^(2i/C))) with its prefixes
/// PE[0..<T] and single rows PE[p] kept as constant tensors, built on first use, so a forward pass
/// adds them by broadcasting without copying the table again.
/// PyTorch: `sinusoidal_table` in `Scripts/nmt_torch_twin.py` (a buffer sliced per call).
final class PositionalTable {
    let maxLength: Int
    let width: Int
    private let table: Tensor  // (L, C)
    private var prefixes: [Tensor?]  // [T] → (T, C)
    private var rows: [Tensor?]  // [p] → (1, C)

    init(maxLength: Int, width: Int) throws {
        self.maxLength = maxLength
        self.width = width
        table = try SinusoidalPositionalEncoding(maxLength: maxLength, width: width).table
        prefixes = Array(repeating: nil, count: maxLength + 1)
        rows = Array(repeating: nil, count: maxLength)
    }

    private init(copying other: PositionalTable) {
        maxLength = other.maxLength
        width = other.width
        table = other.table
        prefixes = other.prefixes
        rows = other.rows
    }

    /// A table with its own caches (the constant tensors already built are shared), for a model
    /// replica on another thread.
    func copy() -> PositionalTable { PositionalTable(copying: self) }

    /// PE[0..<length]: (T, C).
    /// - Throws: `TransformerError.sequenceTooLong` past `maxLength`.
    func prefix(_ length: Int) throws -> Tensor {
        guard length >= 1, length <= maxLength else {
            throw TransformerError.sequenceTooLong(input: "positions", length: length, maxLength: maxLength)
        }
        if let cached = prefixes[length] { return cached }
        let t = try table.slice(axis: 0, range: 0..<length)  // (T, C)
        prefixes[length] = t
        return t
    }

    /// PE[position] as (1, C), for one decoding step.
    func row(_ position: Int) throws -> Tensor {
        guard position >= 0, position < maxLength else {
            throw TransformerError.sequenceTooLong(input: "positions", length: position + 1, maxLength: maxLength)
        }
        if let cached = rows[position] { return cached }
        let t = try table.slice(axis: 0, range: position..<(position + 1))  // (1, C)
        rows[position] = t
        return t
    }
}
