// swift-tools-version: 6.0
// Tinyformer: small transformers on the CPU through OpenBLAS. Layout and conventions: DEVELOPERS.md.
import PackageDescription

let package = Package(
    name: "Tinyformer",
    products: [
        .library(name: "Tinyformer", targets: ["Tinyformer"]),
        .library(name: "TinyformerRandom", targets: ["TinyformerRandom"]),
        .library(name: "TinyformerTensor", targets: ["TinyformerTensor"]),
        .library(name: "TinyformerNN", targets: ["TinyformerNN"]),
        .library(name: "TinyformerIO", targets: ["TinyformerIO"]),
        .library(name: "TinyformerPlot", targets: ["TinyformerPlot"]),
        .library(name: "TinyformerNQM", targets: ["TinyformerNQM"]),
        .library(name: "TinyformerNMT", targets: ["TinyformerNMT"]),
        .library(name: "TinyformerScaling", targets: ["TinyformerScaling"]),
        .library(name: "TinyformerBERT", targets: ["TinyformerBERT"]),
        .library(name: "TinyformerCLIP", targets: ["TinyformerCLIP"]),
        .executable(name: "matmul-bench", targets: ["matmul-bench"]),
        .executable(name: "nqm", targets: ["nqm"]),
        .executable(name: "nmt", targets: ["nmt"]),
        .executable(name: "reproduce", targets: ["reproduce"]),
        .executable(name: "scaling", targets: ["scaling"]),
        .executable(name: "bert", targets: ["bert"]),
        .executable(name: "clip", targets: ["clip"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation` (Scripts/docs); a plugin, not linked into anything.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // The only code that includes cblas.h / lapacke.h.
        .target(
            name: "COpenBLAS",
            cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])],
            linkerSettings: [.linkedLibrary("openblas"), .linkedLibrary("lapacke")]
        ),
        // The only code that includes jpeglib.h and stb_image.h (Debian's libjpeg62-turbo and libstb):
        // image decoding, and the
        // Pillow-compatible resampler.
        .target(
            name: "CImage",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])],
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("stb")]
        ),
        // The seeded RNG: the only source of randomness.
        .target(name: "TinyformerRandom"),
        // Tensor, reverse-mode autodiff, ops.
        .target(name: "TinyformerTensor", dependencies: ["COpenBLAS", "TinyformerRandom"]),
        // Layers (Module, Linear, attention, ...) and optimizers.
        .target(name: "TinyformerNN", dependencies: ["TinyformerTensor", "TinyformerIO", "COpenBLAS"]),
        // safetensors (a pure format library: no Tensor dependency), run records, the CLIP
        // tokenizer, image decoding and CLIP image preprocessing.
        .target(name: "TinyformerIO", dependencies: ["CImage"]),
        // SVG charts.
        .target(name: "TinyformerPlot", dependencies: ["TinyformerIO"]),
        // Capabilities.
        .target(name: "TinyformerNQM", dependencies: ["TinyformerRandom", "TinyformerPlot"]),
        .target(name: "TinyformerNMT", dependencies: [
            "TinyformerTensor", "TinyformerNN", "TinyformerIO", "TinyformerPlot", "TinyformerRandom",
        ]),
        // Scaling laws of the decoder-only NMT model: accounting, sweeps, fits, charts, reports.
        .target(name: "TinyformerScaling", dependencies: [
            "TinyformerNMT", "TinyformerTensor", "TinyformerNN", "TinyformerIO", "TinyformerPlot", "TinyformerRandom",
        ]),
        // Hugging Face BERT: config, model, checkpoints, classifier fine-tuning, MLM pretraining.
        .target(name: "TinyformerBERT", dependencies: [
            "TinyformerTensor", "TinyformerNN", "TinyformerIO", "TinyformerPlot", "TinyformerRandom",
        ]),
        // Hugging Face CLIP: model, checkpoints, scoring, caption search, a synthetic CLIP trainer.
        .target(name: "TinyformerCLIP", dependencies: [
            "TinyformerTensor", "TinyformerNN", "TinyformerIO", "TinyformerPlot", "TinyformerRandom",
        ]),
        .target(name: "TinyformerBench", dependencies: ["TinyformerTensor", "TinyformerIO", "COpenBLAS"]),
        // The one-command reproduction and its report (runs the executables, reads their results).
        .target(name: "TinyformerReport", dependencies: [
            "TinyformerIO", "TinyformerPlot", "TinyformerNQM", "TinyformerNMT", "TinyformerBERT", "TinyformerCLIP",
        ]),
        // Umbrella: `import Tinyformer` brings the whole library.
        .target(name: "Tinyformer", dependencies: [
            "TinyformerTensor", "TinyformerNN", "TinyformerIO", "TinyformerPlot", "TinyformerRandom", "TinyformerNQM", "TinyformerNMT",
            "TinyformerScaling", "TinyformerBERT", "TinyformerCLIP",
        ]),
        // What every executable shares: one way to start, report errors and exit, path-flag
        // checks, terminal-safe output, environment warnings (DEVELOPERS.md, "Executables").
        .target(name: "TinyformerCLI", dependencies: [
            "TinyformerIO", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Thin executables: parse flags, call the library, print/write results.
        .executableTarget(name: "matmul-bench", dependencies: [
            "TinyformerBench", "TinyformerTensor", "TinyformerIO", "TinyformerCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nqm", dependencies: [
            "TinyformerNQM", "TinyformerPlot", "TinyformerIO", "TinyformerCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "nmt", dependencies: [
            "TinyformerNMT", "TinyformerPlot", "TinyformerTensor", "TinyformerCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "scaling", dependencies: [
            "TinyformerScaling", "TinyformerNMT", "TinyformerTensor", "TinyformerCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "bert", dependencies: [
            "TinyformerBERT", "TinyformerTensor", "TinyformerIO", "TinyformerCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "clip", dependencies: [
            "TinyformerCLIP", "TinyformerIO", "TinyformerTensor", "TinyformerCLI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "reproduce", dependencies: [
            "TinyformerReport", "TinyformerCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Coverage-guided fuzzing of every file parser (Scripts/fuzz builds it with libFuzzer);
        // built normally it replays the committed corpus in Fuzz/corpus.
        .executableTarget(name: "tinyformer-fuzz", dependencies: ["TinyformerIO", "TinyformerNMT"]),
        // Tests (Swift Testing), one folder per library target, plus shared fixture helpers.
        .target(name: "TinyformerTestSupport", dependencies: ["TinyformerTensor", "TinyformerIO", "TinyformerRandom"], path: "Tests/TestSupport"),
        .testTarget(name: "TinyformerTensorTests", dependencies: ["TinyformerTensor", "TinyformerIO", "TinyformerTestSupport", "COpenBLAS"]),
        // ModuleTests checks every layer type of the library, the capabilities' modules included.
        .testTarget(name: "TinyformerNNTests", dependencies: [
            "TinyformerNN", "TinyformerIO", "TinyformerTestSupport", "TinyformerBERT", "TinyformerCLIP",
        ]),
        .testTarget(name: "TinyformerIOTests", dependencies: ["TinyformerIO"]),
        .testTarget(name: "TinyformerCLIPTests", dependencies: ["TinyformerCLIP", "TinyformerTestSupport"]),
        .testTarget(name: "TinyformerNMTTests", dependencies: ["TinyformerNMT", "TinyformerTestSupport"]),
        .testTarget(name: "TinyformerScalingTests", dependencies: ["TinyformerScaling", "TinyformerTestSupport"]),
        .testTarget(name: "TinyformerBERTTests", dependencies: ["TinyformerBERT", "TinyformerTestSupport"]),
        .testTarget(name: "TinyformerNQMTests", dependencies: ["TinyformerNQM", "TinyformerPlot"]),
        .testTarget(name: "TinyformerPlotTests", dependencies: ["TinyformerPlot"]),
        .testTarget(name: "TinyformerRandomTests", dependencies: ["TinyformerRandom"]),
        .testTarget(name: "TinyformerTests", dependencies: ["Tinyformer", "TinyformerTestSupport"]),
        .testTarget(name: "TinyformerReportTests", dependencies: ["TinyformerReport", "TinyformerBERT", "TinyformerCLIP", "TinyformerTestSupport"]),
        .testTarget(name: "TinyformerCLITests", dependencies: ["TinyformerCLI", "TinyformerIO"]),
        // The executables run as subprocesses by a careless or hostile user (they are found next
        // to the test bundle; `swift test` builds them).
        .testTarget(name: "HostileUserTests", dependencies: ["TinyformerIO"]),
    ]
)
