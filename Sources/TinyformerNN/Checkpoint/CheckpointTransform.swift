// How a stored tensor becomes a parameter's value: reshapes (free) and value reorderings
// (transpose, custom), composable. Used by `CheckpointMapping`.

/// A change applied to a tensor between the file and the parameter it loads into, such as
/// flattening a convolution weight (O, C, kh, kw) into a linear weight (O, C·kh·kw), or a transpose.
///
/// A transform is a chain of steps, each with a shape rule (checked before anything is read, so a
/// tensor the rule rejects is reported as mis-shaped) and, unless the step is a reshape, a values
/// rule. Reshapes keep the row-major order, so a chain of reshapes still decodes the file straight
/// into the parameter; any values step needs one temporary buffer per step for that tensor.
///
/// ```swift
/// let conv = CheckpointTransform.flattened(fromAxis: 1)   // (O, C, kh, kw) → (O, C·kh·kw)
/// let linearFromTF = CheckpointTransform.transposed       // (I, O) → (O, I)
/// ```
public struct CheckpointTransform: Sendable {
    /// Writes the values of the step's output (`output`, row-major) from its input (`input`, of
    /// shape `inputShape`, row-major). `output.count` is the element count of the shape the step's
    /// shape rule returned for `inputShape`.
    public typealias Values = @Sendable (
        _ input: UnsafeBufferPointer<Float>, _ inputShape: [Int], _ output: UnsafeMutableBufferPointer<Float>
    ) -> Void

    /// One link of the chain: nil `values` means a reshape (same elements in the same order).
    struct Step: Sendable {
        let shape: @Sendable ([Int]) -> [Int]?
        let values: Values?
    }

    let steps: [Step]

    /// A transform that changes values: `shape` gives the output shape for an input shape (nil:
    /// this tensor cannot be transformed, reported as mis-shaped); `values` fills the output.
    public init(shape: @escaping @Sendable ([Int]) -> [Int]?, values: @escaping Values) {
        steps = [Step(shape: shape, values: values)]
    }

    private init(steps: [Step]) {
        self.steps = steps
    }

    /// A reshape given by a rule: the elements stay in row-major order; a result whose element
    /// count differs from the input's (or nil) makes the tensor mis-shaped.
    public static func reshaping(_ shape: @escaping @Sendable ([Int]) -> [Int]?) -> CheckpointTransform {
        CheckpointTransform(steps: [Step(shape: shape, values: nil)])
    }

    /// A reshape to a fixed `shape` (the element count must match).
    public static func reshaped(to shape: [Int]) -> CheckpointTransform {
        reshaping { _ in shape }
    }

    /// Keeps the dimensions before `axis` and merges `axis` and all later ones into one: with
    /// `axis` 1, a convolution weight (O, C, kh, kw) becomes the linear weight (O, C·kh·kw). A
    /// tensor of rank ≤ `axis` is rejected.
    public static func flattened(fromAxis axis: Int) -> CheckpointTransform {
        reshaping { shape in
            guard axis >= 0, shape.count > axis else { return nil }
            guard let merged = elementCount(Array(shape[axis...])) else { return nil }
            return Array(shape[..<axis]) + [merged]
        }
    }

    /// Swaps the two dimensions of a matrix, (R, C) → (C, R), e.g. for weights stored `[in, out]`.
    /// Any other rank is rejected.
    public static let transposed = CheckpointTransform(
        shape: { shape in shape.count == 2 ? [shape[1], shape[0]] : nil },
        values: { input, shape, output in
            let (rows, columns) = (shape[0], shape[1])  // input (R, C), output (C, R)
            for r in 0..<rows {
                for c in 0..<columns { output[c * rows + r] = input[r * columns + c] }
            }
        })

    /// This transform followed by `next`.
    public func then(_ next: CheckpointTransform) -> CheckpointTransform {
        CheckpointTransform(steps: steps + next.steps)
    }

    /// Whether every step is a reshape, so the file's values load unchanged in row-major order.
    var isReshapeOnly: Bool { steps.allSatisfy { $0.values == nil } }

    /// The shape before and after every step, starting with `stored`; nil when a step rejects its
    /// input, returns an invalid shape, or (reshape) changes the element count.
    func shapes(from stored: [Int]) -> [[Int]]? {
        var shapes = [stored]
        for step in steps {
            guard let input = shapes.last, let output = step.shape(input),
                  let outputCount = Self.elementCount(output) else { return nil }
            if step.values == nil, Self.elementCount(input) != outputCount { return nil }
            shapes.append(output)
        }
        return shapes
    }

    /// Runs the chain on `input` (shape `shapes[0]`) and returns the values for `shapes.last`;
    /// `shapes` comes from `shapes(from:)` for the same transform. Each values step allocates its
    /// output (zero-filled first) and releases its input.
    func apply(_ input: [Float], shapes: [[Int]]) -> [Float] {
        var current = input  // reshapes leave the values as they are
        for (index, step) in steps.enumerated() {
            guard let values = step.values else { continue }
            let count = Self.elementCount(shapes[index + 1]) ?? 0
            let stepInput = current
            current = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                buffer.initialize(repeating: 0)
                stepInput.withUnsafeBufferPointer { values($0, shapes[index], buffer) }
                initialized = count
            }
        }
        return current
    }

    /// The product of `shape` when every dimension is non-negative and it does not overflow.
    static func elementCount(_ shape: [Int]) -> Int? {
        guard !shape.contains(where: { $0 < 0 }) else { return nil }
        if shape.contains(0) { return 0 }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }
}
