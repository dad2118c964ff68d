// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode plus the upcoming features the
/// well-kept server packages use.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ProxBalance",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pb-collector", targets: ["CollectorMain"]),
        .executable(name: "pb-scoring", targets: ["ScoringMain"]),
        .executable(name: "pb-executor", targets: ["ExecutorMain"]),
        .executable(name: "pb-notifier", targets: ["NotifierMain"]),
        .executable(name: "pb-pvesim", targets: ["PVESimMain"]),
        .executable(name: "pb-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
    ],
    targets: [
        // C libraries (Debian -dev packages, found through pkg-config).
        .systemLibrary(
            name: "CMosquitto", path: "Sources/CMosquitto", pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"]), .brew(["mosquitto"])]),
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"]), .brew(["curl"])]),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),

        // The contract and the adapters every service uses.
        .target(
            name: "Shared",
            dependencies: [
                "CMosquitto", "CCurl", "CSQLite",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings),

        // Services: all logic lives in these libraries; the executables below only start them.
        .target(name: "CollectorSvc", dependencies: ["Shared"], swiftSettings: swiftSettings),
        .target(name: "ScoringSvc", dependencies: ["Shared"], swiftSettings: swiftSettings),
        .target(name: "ExecutorSvc", dependencies: ["Shared"], swiftSettings: swiftSettings),
        .target(name: "NotifierSvc", dependencies: ["Shared"], swiftSettings: swiftSettings),

        // The Proxmox VE simulator: scenario model, workload, migrations, HTTPS API.
        .target(
            name: "PVESimulator",
            dependencies: [
                "Shared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),

        .executableTarget(name: "CollectorMain", dependencies: ["CollectorSvc"], path: "Sources/Main/Collector", swiftSettings: swiftSettings),
        .executableTarget(name: "ScoringMain", dependencies: ["ScoringSvc"], path: "Sources/Main/Scoring", swiftSettings: swiftSettings),
        .executableTarget(name: "ExecutorMain", dependencies: ["ExecutorSvc"], path: "Sources/Main/Executor", swiftSettings: swiftSettings),
        .executableTarget(name: "NotifierMain", dependencies: ["NotifierSvc"], path: "Sources/Main/Notifier", swiftSettings: swiftSettings),
        .executableTarget(
            name: "PVESimMain",
            dependencies: ["PVESimulator", "Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/Main/PVESim", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Bench",
            dependencies: [
                "Shared", "CollectorSvc", "ScoringSvc", "ExecutorSvc", "NotifierSvc", "PVESimulator", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings),

        // Helpers for tests: a real mosquitto on a free port, fixtures, temporary folders.
        .target(name: "CSpawn", path: "Tests/CSpawn"),
        .target(
            name: "TestSupport",
            dependencies: ["Shared", "PVESimulator", "CSpawn", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support", swiftSettings: swiftSettings),
        .testTarget(
            name: "SharedTests", dependencies: ["Shared", "TestSupport", .product(name: "Logging", package: "swift-log")], swiftSettings: swiftSettings),
        .testTarget(name: "PVESimulatorTests", dependencies: ["PVESimulator", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ScoringSvcTests", dependencies: ["ScoringSvc", "CollectorSvc", "PVESimulator", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "NotifierSvcTests", dependencies: ["NotifierSvc", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ExecutorSvcTests", dependencies: ["ExecutorSvc", "PVESimulator", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CollectorSvcTests", dependencies: ["CollectorSvc", "PVESimulator", "TestSupport"],
            swiftSettings: swiftSettings),
    ]
)
