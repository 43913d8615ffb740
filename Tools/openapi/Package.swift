// swift-tools-version: 6.0
// The OpenAPI generator, apart from the product: `Tools/openapi/generate` runs it on
// `API/openapi.yaml` and writes `Sources/ChuzhikaAPI/Generated`, which is committed — so that a
// clean build of czk (and CI) never builds the generator. `.ci/run` checks nothing drifted only
// when asked (CZK_CHECK_OPENAPI=1): the generator's first build takes minutes on 2 cores.
import PackageDescription

let package = Package(
    name: "ChuzhikaOpenAPITools",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
    ]
)
