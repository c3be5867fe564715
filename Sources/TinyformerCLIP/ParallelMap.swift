import TinyformerTensor

/// `transform` over `items`, split into one contiguous share per pool thread (image decoding,
/// rendering, preprocessing), results in item order. An error of the earliest failing share is
/// rethrown after all have finished.
func parallelMap<Item, Output, Failure: Error>(_ items: [Item], _ transform: (Item) throws(Failure) -> Output) throws -> [Output] {
    let parts = max(1, min(WorkerPool.threadCount, items.count))
    let shares = try Parallel.concurrentParts(parts) { part -> [Output] in
        let range = (part * items.count / parts)..<((part + 1) * items.count / parts)
        return try items[range].map { item throws(Failure) in try transform(item) }
    }
    return shares.flatMap { $0 }
}
