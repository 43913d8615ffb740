// swift-tools-version:6.1
// Benchmarks live in their own package so that `swift test` of the CLI stays fast.
// Run in release: cd Benchmarks && swift run -c release czk-bench
import PackageDescription

let package = Package(
    name: "ChuzhikaBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Chuzhika", path: "..")],
    targets: [
        .executableTarget(
            name: "czk-bench",
            dependencies: [
                .product(name: "ChuzhikaApp", package: "Chuzhika"), .product(name: "ChuzhikaEngines", package: "Chuzhika"),
                .product(name: "ChuzhikaSeeding", package: "Chuzhika"),
            ],
            path: "Sources/czk-bench")
    ]
)
