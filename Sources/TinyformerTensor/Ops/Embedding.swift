import COpenBLAS

// Row gathers: the embedding lookup and one position per batch row (CLIP's pooled token).
// Shape letters: V vocabulary (table rows), C row width, S the shape of the index array,
// B batch, T positions.

extension Tensor {
    /// Rows of the table (V, C) selected by `indices` (row-major, shaped `indexShape`):
    /// out[s, :] = table[indices[s], :] (`torch.nn.functional.embedding(ids, table, padding_idx)`).
    /// Returns (S…, C). Backward scatter-adds the output gradient into the selected rows, except
    /// into row `paddingIndex` (when given), which gets no gradient (as PyTorch's `padding_idx`:
    /// Hugging Face BERT's padding token embedding stays fixed).
    /// - Throws: `TensorError.indexOutOfRange` naming the first bad index, or a padding index
    ///   outside the table.
    public static func embedding(_ table: Tensor, indices: [Int], indexShape: [Int], paddingIndex: Int? = nil) throws -> Tensor {
        guard table.rank == 2 else {
            throw TensorError.invalidShape(op: "embedding", shape: table.shape, expected: "a (V, C) table")
        }
        let expected = try validatedCount(indexShape, op: "embedding")
        guard expected == indices.count else {
            throw TensorError.scalarCount(op: "embedding indices", shape: indexShape, count: indices.count)
        }
        let vocabulary = table.shape[0], c = table.shape[1]
        for index in indices where index < 0 || index >= vocabulary {
            throw TensorError.indexOutOfRange(op: "embedding", index: index, validRange: "0..<\(vocabulary)")
        }
        if let paddingIndex, paddingIndex < 0 || paddingIndex >= vocabulary {
            throw TensorError.indexOutOfRange(op: "embedding paddingIndex", index: paddingIndex, validRange: "0..<\(vocabulary)")
        }
        let rows = indices.map { Int64($0) }  // (S) validated above
        return try gatheringRows(rows, of: table, width: c, outputShape: indexShape + [c], op: "embedding",
                                 skippingGradientOf: paddingIndex.map(Int64.init) ?? -1)  // (S…, C)
    }

    /// `embedding(_:indices:indexShape:paddingIndex:)` with the ids and their shape in one
    /// `IntTensor` (`torch.nn.functional.embedding(ids, table, padding_idx)`): (S…) ids → (S…, C).
    public static func embedding(_ table: Tensor, ids: IntTensor, paddingIndex: Int? = nil) throws -> Tensor {
        try embedding(table, indices: ids.values, indexShape: ids.shape, paddingIndex: paddingIndex)
    }

    /// One position per batch row: out[b, :] = x[b, positions[b], :] for x (B, T, C) → (B, C)
    /// (`x[torch.arange(B), positions]`), e.g. CLIP's text embedding taken at each sequence's
    /// end-of-text token. Backward adds dy[b, :] into row positions[b] of item b.
    /// - Throws: `TensorError.invalidShape` unless x is (B, T, C), `TensorError.shapeMismatch`
    ///   unless there are B positions, `TensorError.indexOutOfRange` naming the row whose position
    ///   is outside 0..<T.
    public func gatherPositions(_ positions: [Int]) throws -> Tensor {
        let op = "gatherPositions"
        guard rank == 3 else { throw TensorError.invalidShape(op: op, shape: shape, expected: "rank 3 (B, T, C)") }
        let batch = shape[0], length = shape[1], c = shape[2]
        guard positions.count == batch else {
            throw TensorError.shapeMismatch(op: op, lhs: shape, rhs: [positions.count], expected: "one position per batch row (\(batch))")
        }
        var rows: [Int64] = []  // (B) rows of x viewed as (B·T, C)
        rows.reserveCapacity(batch)
        for (b, p) in positions.enumerated() {
            guard p >= 0, p < length else {
                throw TensorError.indexOutOfRange(op: op, index: p, validRange: "0..<\(length) (the position of row \(b))")
            }
            rows.append(Int64(b * length + p))
        }
        return try Tensor.gatheringRows(rows, of: self, width: c, outputShape: [batch, c], op: op)  // (B, C)
    }

    /// `gatherPositions(_:)` with the positions as a rank-1 `IntTensor` (B).
    /// - Throws: `TensorError.invalidShape` for another rank, then as `gatherPositions(_:)`.
    public func gatherPositions(_ positions: IntTensor) throws -> Tensor {
        guard positions.rank == 1 else {
            throw TensorError.invalidShape(op: "gatherPositions positions", shape: positions.shape, expected: "rank 1 (B)")
        }
        return try gatherPositions(positions.values)
    }

    /// out[r, :] = source row rows[r] (source viewed as rows of `c` floats, every index valid),
    /// shaped `outputShape`; the recorded backward scatter-adds the output gradient into those
    /// rows, except into row `skipped` (−1: none).
    private static func gatheringRows(_ rows: [Int64], of source: Tensor, width c: Int, outputShape: [Int],
                                      op: String, skippingGradientOf skipped: Int64 = -1) throws -> Tensor {
        let out = try Tensor(outputShape: outputShape, op: op)  // (rows, C)
        let y = out.data, x = source.data
        rows.withUnsafeBufferPointer { rows in
            Parallel.elementwise(rows.count, elementsPerItem: c) { range in
                guard let first = rows.baseAddress else { return }  // no indices: nothing to gather
                tf_gather_rows(range.count, c, first + range.lowerBound, x, y + range.lowerBound * c)
            }
        }
        out.record([source]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gs = source.gradientBuffer()
            // Threads take disjoint columns and add the rows in order: repeated indices never race,
            // and every sum is the same whatever the split.
            rows.withUnsafeBufferPointer { rows in
                Parallel.elementwise(c, elementsPerItem: rows.count) { columns in
                    tf_scatter_add_rows(rows.count, c, columns.lowerBound, columns.upperBound, rows.baseAddress, g, gs, skipped)
                }
            }
        }
        return out
    }
}
