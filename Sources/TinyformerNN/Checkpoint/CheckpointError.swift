// Why a checkpoint did not load (thrown inside `ModuleError.checkpoint`).

/// A checkpoint that `Module.load(from:mapping:strict:allowNonFinite:)` refused; nothing was
/// modified. Thrown wrapped as `ModuleError.checkpoint(_:)`.
public enum CheckpointError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Missing, unexpected, mis-shaped or ambiguous names, all of them at once.
    case mismatch(CheckpointMismatch)
    /// The tensor `tensor` of `source` (loading into `parameter`, of `shape`) holds NaN or ±inf:
    /// `value` is the first such value, at row-major `index` of the parameter.
    case nonFiniteValue(source: String, tensor: String, parameter: String, shape: [Int], index: Int, value: Float)

    /// Equality that compares `value` bit for bit, so equal NaNs are equal.
    public static func == (a: CheckpointError, b: CheckpointError) -> Bool {
        switch (a, b) {
        case let (.mismatch(x), .mismatch(y)):
            return x == y
        case let (.nonFiniteValue(s1, t1, p1, shape1, i1, v1), .nonFiniteValue(s2, t2, p2, shape2, i2, v2)):
            return (s1, t1, p1, shape1, i1) == (s2, t2, p2, shape2, i2) && v1.bitPattern == v2.bitPattern
        default:
            return false
        }
    }

    public var description: String {
        switch self {
        case let .mismatch(mismatch):
            return mismatch.description
        case let .nonFiniteValue(source, tensor, parameter, shape, index, value):
            let origin = tensor == parameter ? "tensor '\(tensor)'" : "tensor '\(tensor)' (→ parameter '\(parameter)')"
            return "checkpoint \(source): \(origin) holds \(value) at index \(index) \(Self.position(of: index, in: shape)) "
                + "(expected finite values; pass allowNonFinite: true to load it anyway); nothing was loaded"
        }
    }

    /// `[i, j, …] of shape [a, b, …]` for a row-major flat index.
    private static func position(of index: Int, in shape: [Int]) -> String {
        var rest = index
        var position = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            position[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return "= \(position) of shape \(shape)"
    }
}
