// swift-tools-version:6.1
import PackageDescription

/// Tests' own code is compiled without optimisation, even in the release build that CI and the
/// README's test command use: the code under test stays optimised, and the four big test modules
/// compile in a fraction of the time (measured: 317 s with -O, see the note in .ci/run).
let testSettings: [SwiftSetting] = [.unsafeFlags(["-Onone"], .when(configuration: .release))]

let package = Package(
    name: "Chuzhika",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "czk", targets: ["czk"]),
        .library(name: "ChuzhikaApp", targets: ["ChuzhikaApp"]),
        .library(name: "ChuzhikaEngines", targets: ["ChuzhikaEngines"]),
        .library(name: "ChuzhikaSheets", targets: ["ChuzhikaSheets"]),
        .library(name: "ChuzhikaSeeding", targets: ["ChuzhikaSeeding"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/pointfreeco/swift-tagged", from: "0.10.0"),
        // Passwords (PBKDF2-HMAC-SHA256) and session-token hashes; see TECH.md §7.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // .xlsx sheets in and out: the zip container, and the sheet XML.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
        // Property-based tests (issue 12's fuzzing of expressions, periods and sheets).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The web portal (`czk serve`): its own target, so the rest never imports it.
        // One trait, named: with its two default traits (ConfigurationSupport, FullFoundation)
        // SwiftPM passed their -D flags in a random order each time it planned a build, so every
        // other `swift build` or `swift test` recompiled Hummingbird's three modules (22-28 s).
        // FullFoundation is what the default gave us; ConfigurationSupport (swift-configuration
        // readers) is not used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        // The integration API (issue 26): the code swift-openapi-generator wrote from API/openapi.yaml
        // (Tools/openapi/generate) needs only the runtime and the Hummingbird transport to build.
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The portal's sheet upload (multipart/form-data).
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        // The PostgreSQL store (issue 13): a province's colleges in one database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Notifications (issue 25): webhooks to 企业微信, 钉钉 and the college's own systems.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Delivery beside the portal in `czk serve`, stopped gracefully with it.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // STARTTLS to the college's SMTP relay (already built for PostgreSQL's TLS).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(
            name: "ChuzhikaCore",
            dependencies: [.product(name: "Tagged", package: "swift-tagged")]),
        .target(
            name: "ChuzhikaRules",
            dependencies: ["ChuzhikaCore", .product(name: "Yams", package: "Yams")]),
        // The store's interface in domain words; the engines implement it.
        .target(name: "ChuzhikaStore", dependencies: ["ChuzhikaCore"]),
        // The card's SQL, written once: the session over a small connection protocol and dialect.
        .target(name: "ChuzhikaSQL", dependencies: ["ChuzhikaCore", "ChuzhikaStore"]),
        // One college in one SQLite file (the default): GRDB's adapter, the file, backup.
        .target(
            name: "ChuzhikaSQLite",
            dependencies: ["ChuzhikaCore", "ChuzhikaStore", "ChuzhikaSQL", .product(name: "GRDB", package: "GRDB.swift")]),
        // Colleges on PostgreSQL, one schema each (issue 13): postgres-nio's adapter, the pool.
        .target(
            name: "ChuzhikaPostgres",
            dependencies: [
                "ChuzhikaCore", "ChuzhikaStore", "ChuzhikaSQL", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The default rules and seeds, embedded into the binary at build time (see Plugins/EmbedDefaults).
        .executableTarget(name: "czk-embed"),
        .plugin(name: "EmbedDefaults", capability: .buildTool(), dependencies: ["czk-embed"]),
        .target(name: "ChuzhikaDefaults", dependencies: ["ChuzhikaCore"], plugins: ["EmbedDefaults"]),
        // Sheets in and out: CSV (UTF-8 or GB18030) and .xlsx, read and written.
        .target(
            name: "ChuzhikaSheets",
            dependencies: [
                "ChuzhikaCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "SWXMLHash", package: "SWXMLHash"),
            ]),
        // The use cases, over the store's interface only: they never learn which engine runs.
        .target(
            name: "ChuzhikaApp",
            dependencies: [
                "ChuzhikaCore", "ChuzhikaRules", "ChuzhikaStore", "ChuzhikaSheets", "ChuzhikaDefaults",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]),
        // The demo college and generated schools and cohorts (demo, benchmarks, risk measures):
        // above the use cases, so that nothing else links a generator.
        .target(
            name: "ChuzhikaSeeding",
            dependencies: [
                "ChuzhikaApp", "ChuzhikaCore", "ChuzhikaRules", "ChuzhikaStore", "ChuzhikaSheets", "ChuzhikaDefaults",
                .product(name: "Yams", package: "Yams"),
            ]),
        // The composition root of the store: which engine a path or URL names, opening, restore,
        // migration between engines, the province's review.
        .target(
            name: "ChuzhikaEngines",
            dependencies: ["ChuzhikaApp", "ChuzhikaCore", "ChuzhikaRules", "ChuzhikaStore", "ChuzhikaSQLite", "ChuzhikaPostgres"]),
        // Reports as documents: self-contained HTML with inline SVG charts, and Markdown.
        .target(name: "ChuzhikaDocuments", dependencies: ["ChuzhikaApp", "ChuzhikaCore"]),
        .target(
            name: "ChuzhikaAPI",
            dependencies: [
                "ChuzhikaApp", "ChuzhikaCore", "ChuzhikaSheets", "ChuzhikaStore", "ChuzhikaWeb",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .target(
            name: "ChuzhikaWeb",
            dependencies: [
                "ChuzhikaApp", "ChuzhikaCore", "ChuzhikaDocuments", "ChuzhikaSheets",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // Delivering notifications: the channels' message formats, signatures and HTTP.
        .target(
            name: "ChuzhikaNotify",
            dependencies: [
                "ChuzhikaApp", "ChuzhikaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "ChuzhikaCLI",
            dependencies: [
                "ChuzhikaApp", "ChuzhikaEngines", "ChuzhikaSheets", "ChuzhikaCore", "ChuzhikaRules", "ChuzhikaStore",
                "ChuzhikaDocuments", "ChuzhikaWeb", "ChuzhikaNotify", "ChuzhikaAPI", "ChuzhikaSeeding",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "czk", dependencies: ["ChuzhikaCLI"]),
        .target(
            name: "ChuzhikaTestSupport",
            dependencies: ["ChuzhikaApp", "ChuzhikaEngines", "ChuzhikaStore", "ChuzhikaSQLite", "ChuzhikaPostgres"],
            path: "Tests/ChuzhikaTestSupport", swiftSettings: testSettings),
        .testTarget(name: "ChuzhikaCoreTests", dependencies: ["ChuzhikaCore"], swiftSettings: testSettings),
        .testTarget(name: "ChuzhikaRulesTests", dependencies: ["ChuzhikaRules", "ChuzhikaTestSupport"], swiftSettings: testSettings),
        .testTarget(
            name: "ChuzhikaStoreTests",
            dependencies: [
                "ChuzhikaStore", "ChuzhikaSQL", "ChuzhikaSQLite", "ChuzhikaPostgres", "ChuzhikaApp", "ChuzhikaEngines",
                "ChuzhikaTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "ChuzhikaAppTests",
            dependencies: [
                "ChuzhikaApp", "ChuzhikaEngines", "ChuzhikaSeeding", "ChuzhikaSheets", "ChuzhikaTestSupport", "ChuzhikaStore",
                "ChuzhikaPostgres", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "ChuzhikaCLITests", dependencies: ["ChuzhikaCLI", "ChuzhikaEngines", "ChuzhikaSheets", "ChuzhikaTestSupport"],
            swiftSettings: testSettings),
        .testTarget(name: "ChuzhikaDocumentsTests", dependencies: ["ChuzhikaDocuments", "ChuzhikaTestSupport"], swiftSettings: testSettings),
        .testTarget(
            name: "ChuzhikaNotifyTests",
            dependencies: [
                "ChuzhikaNotify", "ChuzhikaApp", "ChuzhikaCore", "ChuzhikaStore", "ChuzhikaTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "ChuzhikaAPITests",
            dependencies: [
                "ChuzhikaAPI", "ChuzhikaApp", "ChuzhikaCore", "ChuzhikaWeb", "ChuzhikaTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: testSettings),
        .testTarget(
            name: "ChuzhikaWebTests",
            dependencies: ["ChuzhikaWeb", "ChuzhikaTestSupport", .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: testSettings),
    ]
)
