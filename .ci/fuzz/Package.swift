// swift-tools-version: 6.0
import PackageDescription

/// A libFuzzer target for the level parser, kept out of the main package because it only
/// builds with `--sanitize fuzzer` (libFuzzer supplies `main`). See docs/testing.md,
/// "Fuzzing": `cd .ci/fuzz && swift build -c release --sanitize fuzzer --sanitize address`.
let package = Package(
    name: "BellmanFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Bellman", path: "../..")],
    targets: [
        .executableTarget(
            name: "LevelFuzzer",
            dependencies: [.product(name: "BellmanCore", package: "Bellman")],
            swiftSettings: [.swiftLanguageMode(.v6), .unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
