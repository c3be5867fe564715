// Expecting a thrown `TensorError` whose message names the op and the offending shapes or index.
import Testing
import TinyformerTensor

/// Runs `body`, expects a `TensorError`, and checks its message mentions every fragment
/// (the op name and the shapes, formatted like `[2, 3]`).
@discardableResult
public func expectError(mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () throws -> Any) -> TensorError? {
    do {
        _ = try body()
        Issue.record("expected a TensorError mentioning \(fragments), but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as TensorError {
        for fragment in fragments where !error.description.contains(fragment) {
            Issue.record("message \"\(error.description)\" does not mention \(fragment)", sourceLocation: sourceLocation)
        }
        return error
    } catch {
        Issue.record("expected a TensorError, got \(type(of: error)): \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
