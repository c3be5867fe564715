/// How a sweep spends its compute.
public enum SweepProtocol: String, Codable, Sendable, CaseIterable {
    /// The course's: one run per model size with the course's fixed schedule (Adam, lr × 0.99
    /// per epoch, a fixed number of epochs); the loss at each budget is read off its curve.
    case course
    /// Hoffmann et al.'s IsoFLOP profiles: one run per (budget, size), as long as the budget
    /// allows, with a cosine learning rate decaying to 10 % over exactly that run; the final
    /// validation loss is the point.
    case isoflop
}
