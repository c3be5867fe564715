import Foundation

/// What the report reads from one scaling run's `result.json`: its size, compute and loss.
struct ScalingRunRecord: Decodable, Sendable {
    var name: String
    var hiddenSize: Int
    /// The course's parameter count N.
    var params: Double
    /// Training FLOPs by the course's count.
    var flops: Double
    /// 6·N·D, so D = flops6ND / (6N) target tokens.
    var flops6ND: Double
    var finalValidationLoss: Double?
    var seconds: Double

    var tokens: Double { flops6ND / (6 * params) }

    /// Every run folder's `result.json` in `sweep`, by width.
    static func all(in sweep: URL, context: ReportContext) throws -> [ScalingRunRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: sweep.path)) ?? []
        return try names.sorted().compactMap { name -> ScalingRunRecord? in
            let url = sweep.appendingPathComponent(name).appendingPathComponent("result.json")
            guard FileManager.default.fileExists(atPath: url.path) else { return nil }
            return try context.read(ScalingRunRecord.self, url)
        }.sorted { $0.params < $1.params }
    }
}
