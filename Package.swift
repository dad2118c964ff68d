// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every Swift target: Swift 6 language mode plus the upcoming features the
/// well-kept server packages use.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
/// Every library below the services, for tests and the bench.
let layers: [Target.Dependency] = [
    "Contract", "Primitives", "ProxmoxAPI", "ProxmoxClient", "HTTPTransport", "MQTT", "SQLite", "ServiceRuntime", "ScoringEngine",
    "ExecutorPolicy", "ConsoleCore",
]

let package = Package(
    name: "ProxBalance",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pb-collector", targets: ["CollectorMain"]),
        .executable(name: "pb-scoring", targets: ["ScoringMain"]),
        .executable(name: "pb-executor", targets: ["ExecutorMain"]),
        .executable(name: "pb-notifier", targets: ["NotifierMain"]),
        .executable(name: "pb-web", targets: ["WebMain"]),
        .executable(name: "pb-pvesim", targets: ["PVESimMain"]),
        .executable(name: "pb-bench", targets: ["Bench"]),
        .executable(name: "pbctl", targets: ["PbctlMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
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

        // Pure Swift, no C library below them (`swift package describe` shows it): the bus
        // contract, small concurrency and time helpers, the Proxmox API's value types, and the
        // pure cores (planner, executor policy and validation), which see the world only through
        // these values.
        .target(name: "Primitives", swiftSettings: swiftSettings),
        .target(name: "Contract", swiftSettings: swiftSettings),
        .target(name: "ProxmoxAPI", dependencies: ["Contract"], swiftSettings: swiftSettings),
        .target(name: "ScoringEngine", dependencies: ["Contract", "ProxmoxAPI"], swiftSettings: swiftSettings),
        .target(name: "ExecutorPolicy", dependencies: ["Contract", "ProxmoxAPI"], swiftSettings: swiftSettings),
        .target(name: "ConsoleCore", dependencies: ["Contract"], swiftSettings: swiftSettings),
        // pbctl's pure part: arguments to payloads, answers to tables and text, exit codes.
        .target(name: "PbctlCore", dependencies: ["Contract", "ConsoleCore"], swiftSettings: swiftSettings),

        // Adapters: each wraps one C library or the process around a service.
        .target(
            name: "MQTT",
            dependencies: ["CMosquitto", logging],
            swiftSettings: swiftSettings),
        .target(
            name: "HTTPTransport",
            dependencies: ["CCurl", "Primitives", logging],
            swiftSettings: swiftSettings),
        .target(
            name: "ProxmoxClient",
            dependencies: ["ProxmoxAPI", "HTTPTransport", logging],
            swiftSettings: swiftSettings),
        .target(
            name: "SQLite",
            dependencies: ["CSQLite", "Contract", "Primitives", logging],
            swiftSettings: swiftSettings),
        .target(
            name: "ServiceRuntime",
            dependencies: [
                "Contract", "Primitives", "MQTT", "HTTPTransport", "ProxmoxAPI", "ProxmoxClient",
                logging,
                lifecycle,
                .product(name: "Yams", package: "Yams"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                metrics,
                .product(name: "Prometheus", package: "swift-prometheus"),
                hummingbird,
            ],
            swiftSettings: swiftSettings),

        // Services: all logic lives in these libraries; the executables below only start them.
        .target(
            name: "CollectorSvc",
            dependencies: ["Contract", "Primitives", "ProxmoxAPI", "ProxmoxClient", "MQTT", "ServiceRuntime", logging, lifecycle, metrics],
            swiftSettings: swiftSettings),
        .target(
            name: "ScoringSvc",
            dependencies: ["ScoringEngine", "Contract", "MQTT", "SQLite", "ServiceRuntime", logging, lifecycle, metrics],
            swiftSettings: swiftSettings),
        .target(
            name: "ExecutorSvc",
            dependencies: [
                "ExecutorPolicy", "Contract", "Primitives", "ProxmoxAPI", "ProxmoxClient", "MQTT", "SQLite", "ServiceRuntime", logging, lifecycle,
                metrics,
            ],
            swiftSettings: swiftSettings),
        .target(
            name: "NotifierSvc",
            dependencies: ["Contract", "Primitives", "HTTPTransport", "MQTT", "SQLite", "ServiceRuntime", logging, lifecycle, metrics],
            swiftSettings: swiftSettings),

        .target(
            name: "WebSvc",
            dependencies: [
                "ConsoleCore", "Contract", "Primitives", "MQTT", "ServiceRuntime", logging, lifecycle, metrics, hummingbird,
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings),

        // pbctl's commands and its MQTT edge.
        .target(
            name: "PbctlKit", dependencies: ["PbctlCore", "ConsoleCore", "Contract", "MQTT", logging, argumentParser], swiftSettings: swiftSettings),

        // The Proxmox VE simulator: scenario model, workload, migrations, HTTPS API.
        .target(
            name: "PVESimulator",
            dependencies: [
                "Contract", "ProxmoxAPI", "Primitives",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings),

        .executableTarget(name: "CollectorMain", dependencies: ["CollectorSvc"], path: "Sources/Main/Collector", swiftSettings: swiftSettings),
        .executableTarget(name: "ScoringMain", dependencies: ["ScoringSvc"], path: "Sources/Main/Scoring", swiftSettings: swiftSettings),
        .executableTarget(name: "ExecutorMain", dependencies: ["ExecutorSvc"], path: "Sources/Main/Executor", swiftSettings: swiftSettings),
        .executableTarget(name: "NotifierMain", dependencies: ["NotifierSvc"], path: "Sources/Main/Notifier", swiftSettings: swiftSettings),
        .executableTarget(name: "WebMain", dependencies: ["WebSvc"], path: "Sources/Main/Web", swiftSettings: swiftSettings),
        .executableTarget(name: "PbctlMain", dependencies: ["PbctlKit"], path: "Sources/Main/Pbctl", swiftSettings: swiftSettings),
        .executableTarget(
            name: "PVESimMain",
            dependencies: ["PVESimulator", "Contract", "ProxmoxAPI", "ProxmoxClient", "ServiceRuntime", argumentParser],
            path: "Sources/Main/PVESim", swiftSettings: swiftSettings),
        .executableTarget(
            name: "Bench",
            dependencies: [
                "Contract", "Primitives", "ProxmoxAPI", "ProxmoxClient", "HTTPTransport", "MQTT", "SQLite", "ServiceRuntime", "ScoringEngine",
                "ExecutorPolicy", "CollectorSvc", "ScoringSvc", "ExecutorSvc", "NotifierSvc", "WebSvc", "ConsoleCore", "PVESimulator", "TestSupport",
                argumentParser,
            ],
            swiftSettings: swiftSettings),

        // Helpers for tests: a real mosquitto on a free port, fixtures, temporary folders.
        .target(name: "CSpawn", path: "Tests/CSpawn"),
        .target(
            name: "TestSupport",
            dependencies: layers + ["PVESimulator", "CSpawn", .product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Support", swiftSettings: swiftSettings),
        .testTarget(
            name: "ContractAndAdapterTests", dependencies: layers + ["TestSupport", logging], swiftSettings: swiftSettings),
        .testTarget(name: "PVESimulatorTests", dependencies: layers + ["PVESimulator", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ScoringSvcTests", dependencies: layers + ["ScoringSvc", "CollectorSvc", "PVESimulator", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "NotifierSvcTests", dependencies: layers + ["NotifierSvc", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ExecutorSvcTests", dependencies: layers + ["ExecutorSvc", "PVESimulator", "TestSupport"], swiftSettings: swiftSettings),
        // The whole system in-process (broker, simulator, every service, pb-web) for end-to-end tests.
        .target(
            name: "StackSupport",
            dependencies: layers + ["WebSvc", "ScoringSvc", "CollectorSvc", "ExecutorSvc", "NotifierSvc", "PVESimulator", "TestSupport"],
            path: "Tests/StackSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "WebSvcTests",
            dependencies: layers + [
                "WebSvc", "ScoringSvc", "CollectorSvc", "ExecutorSvc", "NotifierSvc", "PVESimulator", "TestSupport", "StackSupport",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PbctlTests",
            dependencies: layers + ["PbctlCore", "PbctlKit", "StackSupport", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "CollectorSvcTests", dependencies: layers + ["CollectorSvc", "PVESimulator", "TestSupport"],
            swiftSettings: swiftSettings),
    ]
)
