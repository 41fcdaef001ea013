// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swift-bento",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "bento", targets: ["bento"]),
        .library(name: "BentoCore", targets: ["BentoCore"]),
        .library(name: "BentoONNX", targets: ["BentoONNX"]),
        .library(name: "BentoCLI", targets: ["BentoCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .target(
            name: "BentoCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "BentoONNX",
            dependencies: [
                "BentoCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "BentoBuild",
            dependencies: ["BentoCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "BentoCLI",
            dependencies: [
                "BentoCore",
                "BentoONNX",
                "BentoHTTP",
                "BentoBuild",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "BentoHTTP",
            dependencies: [
                "BentoCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        .executableTarget(name: "bento", dependencies: ["BentoCLI"]),
        .executableTarget(
            name: "iris-service",
            dependencies: ["BentoCLI", "BentoCore", "BentoONNX"],
            path: "Examples/IrisService"
        ),
        // Drives BentoONNX for scripts/bench/onnx-overhead and scripts/leak-check.
        .executableTarget(name: "ONNXBench", dependencies: ["BentoONNX", "BentoCore"], path: "Benchmarks/ONNXBench"),
        .executableTarget(
            name: "bento-http-bench",
            dependencies: [
                "BentoHTTP", "BentoCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "scripts/bench/http-server"
        ),
        // The SwiftBento MiniLM service (token ids in, mean-pooled embedding out) of scripts/bench/compare.
        .executableTarget(
            name: "bench-minilm-service",
            dependencies: ["BentoCLI", "BentoCore", "BentoONNX", "WordPiece"],
            path: "scripts/bench/minilm-service"
        ),
        .target(name: "BentoTesting", dependencies: ["BentoCore"]),
        .executableTarget(name: "BatchingBenchmark", dependencies: ["BentoCore", "BentoONNX"], path: "Benchmarks/BatchingBenchmark"),
        // JSON tensor decoding of the zero-code predict route (issue 8): prints figures, never fails on time.
        .executableTarget(name: "JSONTensorBenchmark", dependencies: ["BentoCore"], path: "Benchmarks/JSONTensorBenchmark"),
        .testTarget(name: "BentoCoreTests", dependencies: ["BentoCore", "BentoTesting"]),
        .testTarget(name: "BentoONNXTests", dependencies: ["BentoONNX", "BentoCore", "BentoTesting"]),
        .testTarget(
            name: "BentoHTTPTests",
            dependencies: [
                "BentoHTTP", "BentoCore", "BentoTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            exclude: ["Scripts"]
        ),
        .testTarget(name: "BentoBuildTests", dependencies: ["BentoBuild", "BentoCore", "BentoTesting"]),
        .testTarget(name: "BentoCLITests", dependencies: ["BentoCLI", "BentoCore", "BentoTesting", "bento", "iris-service", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // The example service of issue 5: sentence embeddings with a Swift WordPiece tokenizer.
        .target(name: "WordPiece", path: "Examples/EmbeddingService/WordPiece"),
        .executableTarget(
            name: "embedding-service",
            dependencies: ["WordPiece", "BentoCore", "BentoONNX", "BentoCLI"],
            path: "Examples/EmbeddingService/Service"
        ),
        .testTarget(name: "EmbeddingServiceTests", dependencies: ["WordPiece", "embedding-service", "BentoCore", "BentoTesting"]),
    ]
)

// House settings, applied once to every target (see STYLE.md).
for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
