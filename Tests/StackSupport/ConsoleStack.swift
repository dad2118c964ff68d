import CollectorSvc
import ConsoleCore
import Contract
import ExecutorSvc
import Foundation
import HTTPTransport
import MQTT
import NotifierSvc
import PVESimulator
import ScoringSvc
import ServiceRuntime
import TestSupport
import WebSvc

/// The whole system on the demo cluster, in-process: a real broker, the simulator over HTTPS,
/// the collector, scoring, the executor, the notifier and `pb-web`, with two console accounts: `alice`
/// (operator) and `victor` (viewer), both with password `correct-horse`.
public final class ConsoleStack: @unchecked Sendable {
    public static let password = "correct-horse"
    /// The notifier's destinations: a disabled webhook whose URL and token are secrets.
    public static let notifierSecret = "s3cr3t-hook-token"
    public static let notifierDestinations =
        #"[{"id": "ops-hook", "kind": "ntfy", "url": "https://hooks.example.invalid/s3cr3t-hook-token", "token": "s3cr3t-hook-token", "enabled": false}]"#
    public let broker: MosquittoBroker
    public let simulator: RunningSimulator
    public let topics: Topics
    /// The console's port (fixed, so it stays the same across `restartWeb()`).
    public let port: Int
    public let directory: String
    private let webRoot: String?
    private var web: RunningService?
    /// The services started by `run`, by name, until the stack stops or `stop(_:)` stops one.
    private var services: [ServiceName: RunningService] = [:]
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(broker: MosquittoBroker, simulator: RunningSimulator, topics: Topics, port: Int, directory: String, webRoot: String?) {
        self.broker = broker
        self.simulator = simulator
        self.topics = topics
        self.port = port
        self.directory = directory
        self.webRoot = webRoot
    }

    /// Runs `body` with the stack started; stops everything afterwards.
    /// - Parameters:
    ///   - executor: whether to start the executor too.
    ///   - timeScale: the simulator's migration speed (0.3: a 4 GiB VM in about 2 s).
    ///   - adjust: changes to the demo scenario before the simulator starts.
    public static func run(
        executor: Bool = true, timeScale: Double = 0.3, webRoot: String? = nil, adjust: (inout Scenario) -> Void = { _ in },
        _ body: (ConsoleStack) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "console-stack")
        defer { directory.remove() }
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        var scenario = try SimulatorScenarios.demo()
        scenario.migration.timeScale = timeScale
        adjust(&scenario)
        let topics = Topics(cluster: scenario.cluster)
        try await withSimulator(scenario: scenario) { simulator in
            let stack = ConsoleStack(
                broker: broker, simulator: simulator, topics: topics, port: try freeLoopbackPort(), directory: directory.path,
                webRoot: webRoot)
            do {
                let common = simulator.serviceSettings.merging([
                    "PROXBALANCE_CLUSTER": topics.cluster, "PROXBALANCE_DATA_DIR": directory.path,
                    "PROXBALANCE_CONSOLE_URL": stack.baseURL,
                ]) { $1 }
                stack.services[.scoring] = try await RunningService.start(
                    ScoringProgram(), broker: broker, settings: common, readyOn: topics.settings(.scoring))
                if executor {
                    stack.services[.executor] = try await RunningService.start(
                        ExecutorProgram(), broker: broker,
                        settings: common.merging(["PROXBALANCE_EXECUTOR_POLL_INTERVAL_MS": "200"]) { $1 },
                        readyOn: topics.settings(.executor))
                }
                // One destination whose URL and token are secrets: the console must never show them.
                let destinations = directory.path + "/destinations.json"
                try Data(Self.notifierDestinations.utf8).write(to: URL(fileURLWithPath: destinations))
                stack.services[.notifier] = try await RunningService.start(
                    NotifierProgram(), broker: broker,
                    settings: common.merging(["PROXBALANCE_NOTIFIER_DESTINATIONS_FILE": destinations]) { $1 },
                    readyOn: topics.availability(.notifier))
                stack.services[.collector] = try await RunningService.start(
                    CollectorProgram(), broker: broker,
                    settings: common.merging(["PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "2"]) { $1 },
                    readyOn: topics.availability(.collector))
                try await stack.startWeb()
                try await body(stack)
            } catch {
                try? await stack.stopWeb()
                for name in Self.stopOrder { try? await stack.stop(name) }
                throw error
            }
            try await stack.stopWeb()
            for name in Self.stopOrder { try await stack.stop(name) }
        }
    }

    /// The reverse of the start order.
    private static let stopOrder: [ServiceName] = [.collector, .notifier, .executor, .scoring]

    /// Stops one service of the stack gracefully (as SIGTERM), e.g. to see a request go unanswered.
    public func stop(_ service: ServiceName) async throws {
        guard let running = services.removeValue(forKey: service) else { return }
        try await running.stop()
    }

    /// Starts `pb-web` on the stack's port; returns once it is `online`.
    public func startWeb() async throws {
        web = try await Self.startWeb(broker: broker, directory: directory, webRoot: webRoot, port: port)
    }

    /// Stops `pb-web` gracefully (as SIGTERM).
    public func stopWeb() async throws {
        try await web?.stop()
        web = nil
    }

    /// Stops and starts `pb-web` again on the same port and data folder.
    public func restartWeb() async throws {
        try await stopWeb()
        try await startWeb()
    }

    /// Writes the users file and starts `pb-web` on a free port; returns once it is `online`.
    public static func startWeb(
        broker: MosquittoBroker, directory: String, webRoot: String?, port: Int, extra: [String: String] = [:]
    ) async throws -> RunningService {
        let users = directory + "/web-users"
        if !FileManager.default.fileExists(atPath: users) {
            try UserCommand.add(.init(name: "alice", role: .operator, file: users), password: password, cost: 4)
            try UserCommand.add(.init(name: "victor", role: .viewer, file: users), password: password, cost: 4)
        }
        let root = try webRoot ?? placeholderRoot(directory)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let settings = [
            "PROXBALANCE_WEB_BIND": "127.0.0.1:\(port)", "PROXBALANCE_WEB_USERS_FILE": users, "PROXBALANCE_WEB_ROOT": root,
            "PROXBALANCE_DATA_DIR": directory,
        ].merging(extra) { $1 }
        let web = try await RunningService.start(
            WebProgram(onListening: { sink.yield($0) }), broker: broker, settings: settings,
            readyOn: Topics.availability(base: "proxbalance", .web))
        var iterator = ports.makeAsyncIterator()
        guard await iterator.next() != nil else { throw ConsoleStackError("pb-web did not listen") }
        return web
    }

    /// The repository's `web/` folder when it has the console, else a folder with a stub page.
    public static func placeholderRoot(_ directory: String) throws -> String {
        let repository = SimulatorScenarios.packageRoot.appendingPathComponent("web").path
        if FileManager.default.fileExists(atPath: repository + "/index.html") { return repository }
        let root = directory + "/web-root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data("<!doctype html><title>ProxBalance</title>".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
        return root
    }

    /// A logged-in API client.
    public func client(_ user: String = "alice") async throws -> ConsoleHTTPClient {
        let client = ConsoleHTTPClient(baseURL: baseURL)
        let response = try await client.login(user, Self.password)
        guard response.status == 200 else { throw ConsoleStackError("login of \(user) answered \(response.status)") }
        return client
    }
}

public struct ConsoleStackError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
