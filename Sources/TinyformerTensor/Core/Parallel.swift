import COpenBLAS

/// Splits work over the cores with the shim's persistent worker pool: the batch of bmm and
/// attention (each item computed by the same kernel whichever chunk it falls in, so these are
/// bit-identical for any thread count — tested) and the rows of large GEMMs (each chunk one
/// single-threaded OpenBLAS call; OpenBLAS rounds some shapes differently for different row
/// counts, so a model's numbers can differ in the last bits between thread counts, while they
/// are exactly reproducible for a given count). Calls below `minimumFlops` stay on the calling
/// thread, where a hand-off would cost about as much as it saves (the threshold was measured:
/// docs/PERFORMANCE.md, "Design measurements").
///
/// The library owns parallelism: on first use it sets OpenBLAS to one thread, because OpenBLAS's
/// idle threads spin (sched_yield) after every call and fight the pool for the cores. Large GEMMs
/// are split by rows over the pool instead.
package enum Parallel {
    /// Threads of the pool (the caller plus the workers).
    package static let poolThreads: Int = {
        tf_set_num_threads(1)
        return Int(tf_pool_size())
    }()

    /// Threads an op may split over here: the pool's, or 1 inside a part of a parallel region
    /// (a data-parallel replica), where every op runs serially — and so the same way on any thread.
    package static var threads: Int { tf_pool_inside_part() != 0 ? 1 : poolThreads }
    static let minimumFlops = 500_000.0
    /// Memory-bound loops (elementwise ops, gradient accumulation, zero-fill) split from this many
    /// elements: 32 KiB of floats, a few µs of work against a hand-off of about a microsecond.
    package static let minimumElements = 1 << 13

    /// Calls `body` on disjoint ranges covering 0..<count, concurrently when worth it.
    static func chunks(count: Int, flops: Double, _ body: (Range<Int>) -> Void) {
        let parts = chunkCount(count: count, flops: flops)
        if parts <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            run([Work(count: count, parts: parts, body: body)])
        }
    }

    /// How many ranges `chunks(count:flops:)` cuts 0..<count into: several per thread, since
    /// parts are claimed dynamically and a caller takes over more of them when a worker is slowed
    /// (another process).
    static func chunkCount(count: Int, flops: Double) -> Int {
        (flops < minimumFlops || threads == 1) ? 1 : min(4 * threads, count)
    }

    /// `body(range, part)` for part in 0..<parts on the ranges `chunks` would use with that many
    /// parts: for work that needs scratch memory per part, allocated (and its failure thrown)
    /// before the region starts.
    static func chunks(count: Int, parts: Int, _ body: (Range<Int>, Int) -> Void) {
        if parts <= 1 {
            body(0..<count, 0)
            return
        }
        withoutActuallyEscaping(body) { body in
            run([Work(count: parts, parts: parts) { range in
                for part in range { body((part * count / parts)..<((part + 1) * count / parts), part) }
            }])
        }
    }

    /// Calls `body` on disjoint ranges covering 0..<count, one per thread when `count` times
    /// `elementsPerItem` reaches `minimumElements`. For loops whose items are independent
    /// (elementwise maps, per-column sums), so the result is bit-identical for any split.
    package static func elementwise(_ count: Int, elementsPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        withoutActuallyEscaping(body) { body in
            let work = Work(count: count, elementsPerItem: elementsPerItem, body: body)
            if work.parts == 1 || threads == 1 { body(0..<count) } else { run([work]) }
        }
    }

    /// One splittable piece of work: `body` is called on `parts` disjoint ranges covering 0..<count.
    struct Work {
        let count: Int
        let parts: Int
        let body: (Range<Int>) -> Void

        init(count: Int, parts: Int, body: @escaping (Range<Int>) -> Void) {
            self.count = count
            self.parts = max(1, min(parts, count))
            self.body = body
        }

        /// Split one part per thread when `flops` reaches `minimumFlops`, else one part.
        init(count: Int, flops: Double, body: @escaping (Range<Int>) -> Void) {
            self.init(count: count, parts: flops < minimumFlops ? 1 : threads, body: body)
        }

        /// Split one part per thread when count × `elementsPerItem` reaches `minimumElements`
        /// (memory-bound loops), else one part.
        init(count: Int, elementsPerItem: Int, body: @escaping (Range<Int>) -> Void) {
            self.init(count: count, parts: count * elementsPerItem < minimumElements ? 1 : threads, body: body)
        }

        func range(_ part: Int) -> Range<Int> { (part * count / parts)..<((part + 1) * count / parts) }
    }

    /// Runs independent pieces of work in one parallel region (one hand-off instead of one per
    /// piece: a layer's backward runs its input-gradient, weight-gradient and bias-gradient
    /// products together). Serial when everything is one part or there is one thread.
    static func run(_ works: [Work]) {
        let total = works.reduce(0) { $0 + $1.parts }
        if total <= 1 || threads == 1 {
            for work in works where work.count > 0 { work.body(0..<work.count) }
            return
        }
        var region = Region(works: works)
        withUnsafeMutablePointer(to: &region) { pointer in
            tf_parallel_run(Int32(total), { context, part in
                let region = context!.assumingMemoryBound(to: Region.self)
                var p = Int(part)
                for work in region.pointee.works {
                    if p < work.parts {
                        let range = work.range(p)
                        if !range.isEmpty { work.body(range) }
                        return
                    }
                    p -= work.parts
                }
            }, pointer)
        }
    }

    /// Runs `body(part)` for every part in 0..<parts concurrently, one part per pool thread, and
    /// returns the results in part order: the data-parallel replicas of a training step. Inside a
    /// part every op runs serially (`threads` is 1), so a part computes the same numbers on any
    /// thread, and it sees the caller's grad mode and allocation tracker. When a part throws, the
    /// error of the lowest such part is rethrown after all have finished.
    package static func concurrentParts<R>(_ parts: Int, _ body: (Int) throws -> R) throws -> [R] {
        guard parts > 1 else { return parts == 1 ? [try body(0)] : [] }
        let gradMode = GradMode.isEnabled
        let tracker = AllocationTracker.current
        let results = UnsafeMutableBufferPointer<Result<R, any Error>>.allocate(capacity: parts)  // (parts)
        results.initialize(repeating: .failure(PartNotRun()))  // every part overwrites its slot
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(body) { body in
            run([Work(count: parts, parts: parts) { range in
                for part in range {
                    results[part] = GradMode.$isEnabled.withValue(gradMode) {
                        AllocationTracker.$current.withValue(tracker) { Result { try body(part) } }
                    }
                }
            }])
        }
        return try results.map { try $0.get() }
    }

    /// The placeholder result of a part before it runs (never seen: every part runs).
    private struct PartNotRun: Error {}

    /// What one parallel region needs, passed to the C pool as its context pointer.
    private struct Region {
        let works: [Work]
    }
}
