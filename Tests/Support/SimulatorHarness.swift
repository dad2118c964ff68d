import Foundation
import HTTPTransport
import Logging
import PVESimulator
import ServiceLifecycle

/// A simulator server running in-process on loopback, over HTTPS with its own certificate.
public struct RunningSimulator: Sendable {
    /// `https://127.0.0.1:<port>` (append `/api2/json/...`).
    public let baseURL: String
    public let port: Int
    /// The accepted token, `<user>@<realm>!<tokenid>=<secret>`.
    public let token: String
    /// SHA-256 fingerprint of the served certificate, `AB:CD:…`.
    public let fingerprint: String
    /// The simulated cluster, for direct inspection or fault injection.
    public let simulator: PVESimulator
    /// Where the certificate lives; pass it to `startSimulator` again to restart with the same certificate.
    public let dataDirectory: String

    private let group: ServiceGroup
    private let serverTask: Task<Void, any Error>
    /// The temporary data directory the harness created, deleted by `stop()`.
    private let ownedDirectory: TemporaryDirectory?

    fileprivate init(
        endpoint: PVESimulatorEndpoint, token: String, fingerprint: String, simulator: PVESimulator, dataDirectory: String,
        group: ServiceGroup, serverTask: Task<Void, any Error>, ownedDirectory: TemporaryDirectory?
    ) {
        self.baseURL = endpoint.baseURL
        self.port = endpoint.port
        self.token = token
        self.fingerprint = fingerprint
        self.simulator = simulator
        self.dataDirectory = dataDirectory
        self.group = group
        self.serverTask = serverTask
        self.ownedDirectory = ownedDirectory
    }

    /// The `Authorization` header value carrying `token`.
    public var authorizationHeader: String { "PVEAPIToken=\(token)" }

    /// A libcurl client pinned to this simulator's certificate (as a collector would be).
    public func pinnedClient(logger: Logger = Logger(label: "pvesim-test-client")) throws -> CurlHTTPClient {
        CurlHTTPClient(
            configuration: HTTPClientConfiguration(timeout: .seconds(20), pinnedSHA256: try CertificateFingerprint.parse(fingerprint)),
            logger: logger)
    }

    /// Stops the server (graceful shutdown, the port is free afterwards) and deletes the data
    /// directory if the harness created it.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await serverTask.result
        ownedDirectory?.remove()
    }
}

/// Runs `body` against a simulator for `scenario` on a free loopback port, and stops it
/// afterwards, also when `body` throws.
public func withSimulator<T>(
    scenario: Scenario, token: String = "root@pam!test=secret", _ body: (RunningSimulator) async throws -> T
) async throws -> T {
    let running = try await startSimulator(scenario: scenario, token: token)
    do {
        let result = try await body(running)
        await running.stop()
        return result
    } catch {
        await running.stop()
        throw error
    }
}

/// Starts a simulator for `scenario` on `127.0.0.1:<port>` (0 = a free port) and returns once it
/// listens. The certificate is generated into `dataDirectory` (a new temporary directory when nil)
/// or reused from it, so a restart on the same port and directory serves the same certificate.
/// Failed authentications are answered without Proxmox's 3 s delay. Call `stop()` when done.
public func startSimulator(
    scenario: Scenario, token: String = "root@pam!test=secret", port: Int = 0, dataDirectory: String? = nil
) async throws -> RunningSimulator {
    var logger = Logger(label: "pvesim-test")
    logger.logLevel = .warning
    let ownedDirectory = dataDirectory == nil ? try TemporaryDirectory(prefix: "pvesim") : nil
    let directory = dataDirectory ?? ownedDirectory?.path ?? ""
    do {
        let (endpoints, endpointSink) = AsyncStream.makeStream(of: PVESimulatorEndpoint.self)
        let server = try PVESimulatorServer(
            scenario: scenario,
            configuration: PVESimulatorServerConfiguration(
                host: "127.0.0.1", port: port, token: try PVEAPIToken(token), authFailureDelay: .zero,
                transport: .httpsGenerated(dataDirectory: directory)),
            logger: logger,
            onRunning: { endpointSink.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let serverTask = Task {
            defer { endpointSink.finish() }
            try await group.run()
        }
        var listening = endpoints.makeAsyncIterator()
        guard let endpoint = await listening.next() else {
            // The server ended before listening: surface its error (e.g. the port is taken).
            try await serverTask.value
            throw SimulatorHarnessError("the simulator stopped before listening on port \(port)")
        }
        return RunningSimulator(
            endpoint: endpoint, token: token, fingerprint: server.certificate?.fingerprint ?? "", simulator: server.simulator,
            dataDirectory: directory, group: group, serverTask: serverTask, ownedDirectory: ownedDirectory)
    } catch {
        ownedDirectory?.remove()
        throw error
    }
}

/// Scenarios shipped with the package, found from this file's location.
public enum SimulatorScenarios {
    /// The package root (the folder holding `Package.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `scenarios/demo.json`: the four-node demo cluster.
    public static func demo() throws -> Scenario {
        try load("demo.json")
    }

    /// Loads `scenarios/<name>`.
    public static func load(_ name: String) throws -> Scenario {
        try Scenario.load(path: packageRoot.appendingPathComponent("scenarios").appendingPathComponent(name).path)
    }
}

/// A harness failure, described in one line.
public struct SimulatorHarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
