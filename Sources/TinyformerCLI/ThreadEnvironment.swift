import Foundation

/// The `TINYFORMER_NUM_THREADS` setting (the size of the library's worker pool), checked the way
/// the pool reads it: a whole number ≥ 1 written with digits only, capped at the pool's
/// maximum; anything else is ignored and the pool takes one thread per core. The warnings say
/// so instead of leaving a typo to pass silently.
public enum ThreadEnvironment {
    public static let variable = "TINYFORMER_NUM_THREADS"

    /// Warnings about the variable's value in `environment`; none when it is unset or valid.
    /// - Parameters:
    ///   - maximum: the pool's largest size (`WorkerPool.maximumThreads`).
    ///   - cores: the thread count used when the value is ignored.
    public static func warnings(environment: [String: String] = ProcessInfo.processInfo.environment,
                                maximum: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> [String] {
        guard let value = environment[variable] else { return [] }
        let fallback = "ignored; using \(min(cores, maximum)) thread\(min(cores, maximum) == 1 ? "" : "s") (one per core)"
        guard !value.isEmpty else { return ["\(variable) is set but empty; \(fallback)"] }
        guard value.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            return ["\(variable)='\(value)' is not a whole number of threads; \(fallback)"]
        }
        guard let count = Int(value) else {
            return ["\(variable)=\(value) is above the pool's maximum of \(maximum) threads; using \(maximum)"]
        }
        if count < 1 { return ["\(variable)=\(value) must be at least 1; \(fallback)"] }
        if count > maximum { return ["\(variable)=\(value) is above the pool's maximum of \(maximum) threads; using \(maximum)"] }
        return []
    }
}
