/// Errors thrown by tensor operations. Messages name the operation and the offending shapes or
/// values, so a user can find the call site from the message alone.
public enum TensorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// Two operands whose shapes do not fit the op (e.g. `matmul` with mismatched inner sizes).
    case shapeMismatch(op: String, lhs: [Int], rhs: [Int], expected: String)
    /// A tensor with the wrong number of dimensions or an impossible size for this op.
    case invalidShape(op: String, shape: [Int], expected: String)
    /// The number of scalars does not match the shape's element count.
    case scalarCount(op: String, shape: [Int], count: Int)
    /// An index (token id, class, axis, range bound) outside its valid range.
    case indexOutOfRange(op: String, index: Int, validRange: String)
    /// Any other invalid argument (probability outside [0, 1), negative epsilon, ...).
    case invalidArgument(op: String, message: String)
    /// `backward()` was called on something it cannot differentiate.
    case notDifferentiable(String)

    public var description: String {
        switch self {
        case let .shapeMismatch(op, lhs, rhs, expected):
            return "\(op): shapes \(lhs) and \(rhs) do not match (\(expected))"
        case let .invalidShape(op, shape, expected):
            return "\(op): invalid shape \(shape) (expected \(expected))"
        case let .scalarCount(op, shape, count):
            return "\(op): shape \(shape) holds \(shape.reduce(1, *)) scalars but \(count) were given"
        case let .indexOutOfRange(op, index, validRange):
            return "\(op): index \(index) is outside \(validRange)"
        case let .invalidArgument(op, message):
            return "\(op): \(message)"
        case let .notDifferentiable(message):
            return "backward: \(message)"
        }
    }
}
