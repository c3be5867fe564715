import ArgumentParser
import TinyformerNQM

/// Flags that define the NQM instance.
struct ModelOptions: ParsableArguments {
    enum Kind: String, ExpressibleByArgument, CaseIterable { case diagonal, scalar }

    @Option(help: "diagonal (h_i = a/i, c_i = sigma²·h_i, i = 1…d) or scalar (L = ½·a·w², noise variance sigma²).")
    var model: Kind = .diagonal

    @Option(help: "Dimension d of the diagonal model.")
    var dimension: Int = 1000

    @Option(name: .customLong("a"), parsing: .unconditional, help: "Curvature a (> 0): the scalar curvature or the scale of the spectrum a/i.")
    var curvature: Double = 1

    @Option(parsing: .unconditional, help: "Gradient-noise standard deviation sigma (≥ 0).")
    var sigma: Double = 1

    @Option(parsing: .unconditional, help: "Initial value of every coordinate of w0.")
    var w0: Double = 1

    func makeModel() throws -> NQM {
        switch model {
        case .diagonal: return try NQM.diagonal(dimension: dimension, curvatureScale: curvature, noiseStd: sigma, initialPoint: w0)
        case .scalar: return try NQM.scalar(curvature: curvature, noiseStd: sigma, initialPoint: w0)
        }
    }
}

extension OptimizerKind: ExpressibleByArgument {}
