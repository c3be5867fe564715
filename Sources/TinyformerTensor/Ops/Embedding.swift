import COpenBLAS

// Embedding lookup. Shape letters: V vocabulary (table rows), C embedding width, S the shape of
// the index array.

extension Tensor {
    /// Rows of the table (V, C) selected by `indices` (row-major, shaped `indexShape`):
    /// out[s, :] = table[indices[s], :] (`torch.nn.functional.embedding`). Returns (S…, C).
    /// Backward scatter-adds the output gradient into the selected rows.
    /// - Throws: `TensorError.indexOutOfRange` naming the first bad index.
    public static func embedding(_ table: Tensor, indices: [Int], indexShape: [Int]) throws -> Tensor {
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
        let out = try Tensor(outputShape: indexShape + [c], op: "embedding")  // (S…, C)
        let rows = indices.map { Int64($0) }  // (S) validated above
        let y = out.data, source = table.data
        rows.withUnsafeBufferPointer { rows in
            Parallel.elementwise(rows.count, elementsPerItem: c) { range in
                guard let first = rows.baseAddress else { return }  // no indices: nothing to gather
                tf_gather_rows(range.count, c, first + range.lowerBound, source, y + range.lowerBound * c)
            }
        }
        out.record([table]) { out in
            guard let g = out.gradStorage?.base else { return }
            let gt = table.gradientBuffer()
            // Threads take disjoint columns and add the rows in order: repeated indices never race,
            // and every sum is the same whatever the split.
            rows.withUnsafeBufferPointer { rows in
                Parallel.elementwise(c, elementsPerItem: rows.count) { columns in
                    tf_scatter_add_rows(rows.count, c, columns.lowerBound, columns.upperBound, rows.baseAddress, g, gt)
                }
            }
        }
        return out
    }
}
