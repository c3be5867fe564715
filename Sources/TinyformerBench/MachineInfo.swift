import Foundation
import TinyformerTensor

/// Facts about the machine a benchmark ran on, recorded next to every figure.
public struct MachineInfo: Codable, Sendable {
    /// CPU model and logical core count, e.g. "AMD EPYC (2 cores)".
    public let machine: String
    /// OpenBLAS's configuration string (version, kernel, threading).
    public let openblas: String
    /// OpenBLAS threads in use.
    public let threads: Int

    public static func current() -> MachineInfo {
        var model = "unknown CPU"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
           let value = line.split(separator: ":", maxSplits: 1).last {
            model = value.trimmingCharacters(in: .whitespaces)
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return MachineInfo(machine: "\(model) (\(cores) cores)", openblas: BLASThreads.configuration,
                           threads: BLASThreads.count)
    }
}

