// swift-tools-version: 6.0
import PackageDescription

/// The bundled levels (`levels/*.toml`), shipped as resources so a built binary finds them
/// by name from any directory. A test checks that this list names every file in `levels/`.
let bundledLevels: [Resource] = [
    .copy("aima-4x3.toml"),
    .copy("blackjack.toml"),
    .copy("blocking-maze.toml"),
    .copy("cliff-walking.toml"),
    .copy("dyna-maze.toml"),
    .copy("four-rooms.toml"),
    .copy("frozenlake-4x4.toml"),
    .copy("frozenlake-8x8.toml"),
    .copy("gambler-025.toml"),
    .copy("gambler-055.toml"),
    .copy("gambler.toml"),
    .copy("gridworld-3-2.toml"),
    .copy("infinite-variance.toml"),
    .copy("jacks-car-rental.toml"),
    .copy("maximization-bias.toml"),
    .copy("maze-31.toml"),
    .copy("open-field-100.toml"),
    .copy("random-walk-19.toml"),
    .copy("random-walk.toml"),
    .copy("recycling-robot.toml"),
    .copy("short-corridor.toml"),
    .copy("shortcut-maze.toml"),
    .copy("small-gridworld.toml"),
    .copy("small-maze.toml"),
    .copy("ten-armed-nonstationary.toml"),
    .copy("ten-armed-plus-4.toml"),
    .copy("ten-armed-testbed.toml"),
    .copy("windy-gridworld.toml"),
    .copy("windy-kings-moves.toml"),
    // The guided tours of `bellman lesson`.
    .copy("lessons"),
    // Target policies for prediction methods (`--policy NAME`).
    .copy("policies"),
    // The book's figures as recipes (`bellman figure`).
    .copy("figures"),
]

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "Bellman",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bellman", targets: ["bellman"]),
        .library(name: "BellmanCore", targets: ["BellmanCore"]),
        .library(name: "BellmanTUI", targets: ["BellmanTUI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
    ],
    targets: [
        .target(
            name: "BellmanCore",
            dependencies: ["BellmanLevels", "CSweepKernels", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strict
        ),
        // DP's stencil sweep in the CPU's widest vectors, chosen at run time (the portable
        // Swift build has SSE2's only); bit-identical to the Swift code it stands in for.
        .target(name: "CSweepKernels"),
        // The C allocator's policy for the command (see CAllocator.h): freed memory kept for
        // reuse, so that a study's runs do not fault the same pages in again and again.
        .target(name: "CAllocator"),
        // The bundled levels live at the top of the repository (`levels/*.toml`) and ship as
        // resources, so a built binary finds them by name from any directory.
        .target(
            name: "BellmanLevels",
            path: "levels",
            resources: bundledLevels,
            swiftSettings: strict
        ),
        // The playground: app state, views and the background solver, drawing into an
        // in-memory grid of cells. Knows nothing of ncurses.
        .target(
            name: "BellmanTUI",
            dependencies: ["BellmanCore"],
            swiftSettings: strict
        ),
        // The system ncurses (wide-character API) behind a few C shims (see shim.h).
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .executableTarget(
            name: "bellman",
            dependencies: [
                "BellmanCore",
                "BellmanTUI",
                "CAllocator",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Domain assertions shared by the three test targets: a screen or an output matches
        // its golden lines, values match a printed figure.
        .target(
            name: "BellmanTestSupport",
            dependencies: ["BellmanCore", "BellmanTUI"],
            path: "Tests/BellmanTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "BellmanCoreTests",
            dependencies: ["BellmanCore", "BellmanTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BellmanTUITests",
            dependencies: ["BellmanTUI", "BellmanTestSupport"],
            exclude: ["Screens"],
            swiftSettings: strict
        ),
        // Runs the built `bellman` executable as a user would, from another directory.
        .testTarget(
            name: "BellmanCLITests",
            dependencies: ["bellman", "BellmanCore", "BellmanTestSupport"],
            swiftSettings: strict
        ),
    ]
)
