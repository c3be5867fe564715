// swift-tools-version: 6.0
// An example consumer: a separate package that depends on Tinyformer by path.
import PackageDescription

let package = Package(
    name: "TinyClassifier",
    dependencies: [.package(name: "Tinyformer", path: "../..")],
    targets: [
        .executableTarget(name: "tiny-classifier", dependencies: [.product(name: "Tinyformer", package: "Tinyformer")]),
    ]
)
