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
    ],
    targets: [
        .systemLibrary(
            name: "CMarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(
            name: "KlyngeKit",
            dependencies: [
                "CMarkGFM",
                "CQRencode",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "klynge",
            dependencies: [
                "KlyngeKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KlyngeKitTests", dependencies: ["KlyngeKit"]),
    ],
    swiftLanguageModes: [.v6]
)
