// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Klynge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "klynge", targets: ["klynge"]),
        .library(name: "KlyngeKit", targets: ["KlyngeKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        // Writes the deck's .pptx (a ZIP of XML parts) with fixed dates, so builds stay byte-identical.
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // zlib deflates the .pptx parts (`ZIPRecord`), as ZIPFoundation does.
        .target(name: "CSystemSupport", linkerSettings: [.linkedLibrary("z")]),
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(
            name: "KlyngeKit",
            dependencies: [
                "CMarkGFM",
                "CSystemSupport",
                "CQRencode",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .executableTarget(
            name: "klynge",
            dependencies: [
                "KlyngeKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // jemalloc instead of glibc's malloc: a build allocates many small strings
            // on every core, and this took 10 % off its CPU time (BENCHMARKS.md).
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-as-needed"]), .linkedLibrary("jemalloc")]
        ),
        // The command tests run the real `klynge` binary, so it is built with the tests.
        .testTarget(
            name: "KlyngeKitTests",
            dependencies: [
                "KlyngeKit",
                "klynge",
                .product(name: "PropertyBased", package: "swift-property-based"),
                // The deck tests open the built .pptx as PowerPoint would: as a ZIP of parts.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
