/// A row-major tensor of integers with a shape (`torch.LongTensor`): token ids, targets, positions.
/// A value type, not differentiable; the ops that take indices accept it next to their `[Int]`
/// forms (`Tensor.embedding(_:ids:)`, `crossEntropy(targets:)`, `gatherPositions(_:)`).
public struct IntTensor: Sendable, Hashable {
    /// Sizes of the dimensions, outermost first ([] for a single value).
    public let shape: [Int]
    /// The values in row-major order (`shape`'s product of them).
    public let values: [Int]

    /// Number of values.
    public var count: Int { values.count }
    /// Number of dimensions.
    public var rank: Int { shape.count }

    /// A tensor holding `values` in row-major order.
    /// - Throws: `TensorError.scalarCount` when `values.count` differs from the shape's size,
    ///   `TensorError.invalidShape` for a negative or too-large dimension.
    public init(shape: [Int], values: [Int]) throws {
        let op = "IntTensor(shape:values:)"
        guard try Tensor.validatedCount(shape, op: op) == values.count else {
            throw TensorError.scalarCount(op: op, shape: shape, count: values.count)
        }
        self.shape = shape
        self.values = values
    }

    /// A (B, T) tensor from B rows of T values each (`torch.tensor(rows)`); no rows give (0, 0).
    /// - Throws: `TensorError.invalidArgument` naming the first row whose length differs from
    ///   row 0's.
    public init(_ rows: [[Int]]) throws {
        let width = rows.first?.count ?? 0
        for (r, row) in rows.enumerated() where row.count != width {
            throw TensorError.invalidArgument(op: "IntTensor(rows)",
                                              message: "row \(r) has \(row.count) values but row 0 has \(width): rows must be rectangular")
        }
        shape = [rows.count, width]
        values = rows.flatMap { $0 }
    }

    /// Row `row` of a rank-2 (B, T) tensor: its T values.
    /// - Throws: `TensorError.invalidShape` for another rank, `TensorError.indexOutOfRange` for a
    ///   row outside 0..<B.
    public subscript(row row: Int) -> ArraySlice<Int> {
        get throws {
            guard rank == 2 else { throw TensorError.invalidShape(op: "IntTensor[row:]", shape: shape, expected: "rank 2 (B, T)") }
            guard row >= 0, row < shape[0] else {
                throw TensorError.indexOutOfRange(op: "IntTensor[row:]", index: row, validRange: "rows 0..<\(shape[0]) of \(shape)")
            }
            return values[(row * shape[1])..<((row + 1) * shape[1])]
        }
    }

    /// The same values with a new shape (`tensor.reshape`); one entry may be −1 to be inferred.
    /// - Throws: `TensorError.shapeMismatch` for a different number of values,
    ///   `TensorError.invalidShape` for more than one −1.
    public func reshaped(_ newShape: [Int]) throws -> IntTensor {
        try IntTensor(shape: Tensor.resolvedShape(newShape, for: shape, count: count, op: "IntTensor.reshaped"), values: values)
    }
}
