import Foundation

/// Internal: thread-safe slots for results computed by `DispatchQueue.concurrentPerform`, keeping
/// the first error.
final class ResultCollector<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Value?]
    private var error: NQMError?
    private var finished = 0

    init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Stores a value; returns how many slots are filled.
    func store(_ value: Value, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        values[index] = value
        finished += 1
        return finished
    }

    func fail(_ newError: NQMError) {
        lock.lock()
        defer { lock.unlock() }
        if error == nil { error = newError }
    }

    func results() throws(NQMError) -> [Value] {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
        return values.compactMap { $0 }
    }
}
