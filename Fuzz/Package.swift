// swift-tools-version:6.1
// libFuzzer over what people hand the card: rule expressions, CSV and .xlsx sheets, rule files.
// Its own package, built with -sanitize=fuzzer (see RELIABILITY.md, "libFuzzer"):
//   swift build -c release --package-path Fuzz --scratch-path .build/fuzz \
//     -Xswiftc -sanitize=fuzzer
//   .build/fuzz/release/czk-fuzz Fuzz/corpus -runs=1000000
import PackageDescription

let package = Package(
    name: "ChuzhikaFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Chuzhika", path: "..")],
    targets: [
        .executableTarget(
            name: "czk-fuzz",
            dependencies: [
                .product(name: "ChuzhikaApp", package: "Chuzhika"), .product(name: "ChuzhikaSheets", package: "Chuzhika"),
            ],
            path: "Sources/czk-fuzz",
            // libFuzzer brings `main`; this target has none.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    ]
)
