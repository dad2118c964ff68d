import CollectorSvc
import ConsoleCore
import Contract
import ExecutorSvc
import Foundation
import HTTPTransport
import MQTT
import PVESimulator
import ScoringSvc
import ServiceRuntime
import TestSupport
import WebSvc

/// The whole system on the demo cluster, in-process: a real broker, the simulator over HTTPS,
/// the collector, scoring, the executor and `pb-web`, with two console accounts: `alice`
/// (operator) and `victor` (viewer), both with password `correct-horse`.
struct ConsoleStack {
    static let password = "correct-horse"
    let broker: MosquittoBroker
    let simulator: RunningSimulator
    let topics: Topics
    let port: Int
    let directory: String
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` with the stack started; stops everything afterwards.
    /// - Parameters:
    ///   - executor: whether to start the executor too.
    ///   - timeScale: the simulator's migration speed (0.3: a 4 GiB VM in about 2 s).
    static func run(
        executor: Bool = true, timeScale: Double = 0.3, webRoot: String? = nil, _ body: (ConsoleStack) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "console-stack")
        defer { directory.remove() }
        let broker = try MosquittoBroker()
        defer { broker.stop() }
        var scenario = try SimulatorScenarios.demo()
        scenario.migration.timeScale = timeScale
        let topics = Topics(cluster: scenario.cluster)
        try await withSimulator(scenario: scenario) { simulator in
            var services: [RunningService] = []
            do {
                let common = simulator.serviceSettings.merging([
                    "PROXBALANCE_CLUSTER": topics.cluster, "PROXBALANCE_DATA_DIR": directory.path,
                ]) { $1 }
                services.append(
                    try await RunningService.start(
                        ScoringProgram(), broker: broker, settings: common, readyOn: topics.settings(.scoring)))
                if executor {
                    services.append(
                        try await RunningService.start(
                            ExecutorProgram(), broker: broker,
                            settings: common.merging(["PROXBALANCE_EXECUTOR_POLL_INTERVAL_MS": "200"]) { $1 },
                            readyOn: topics.settings(.executor)))
                }
                services.append(
                    try await RunningService.start(
                        CollectorProgram(), broker: broker,
                        settings: common.merging(["PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "2"]) { $1 },
                        readyOn: topics.availability(.collector)))
                let (web, port) = try await startWeb(broker: broker, directory: directory.path, webRoot: webRoot)
                services.append(web)
                let stack = ConsoleStack(
                    broker: broker, simulator: simulator, topics: topics, port: port, directory: directory.path)
                try await body(stack)
            } catch {
                for service in services.reversed() { try? await service.stop() }
                throw error
            }
            for service in services.reversed() { try await service.stop() }
        }
    }

    /// Writes the users file and starts `pb-web` on a free port; returns once it is `online`.
    static func startWeb(
        broker: MosquittoBroker, directory: String, webRoot: String?, extra: [String: String] = [:]
    ) async throws -> (RunningService, Int) {
        let users = directory + "/web-users"
        if !FileManager.default.fileExists(atPath: users) {
            try UserCommand.add(.init(name: "alice", role: .operator, file: users), password: password, cost: 4)
            try UserCommand.add(.init(name: "victor", role: .viewer, file: users), password: password, cost: 4)
        }
        let root = try webRoot ?? placeholderRoot(directory)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        let settings = [
            "PROXBALANCE_WEB_BIND": "127.0.0.1:0", "PROXBALANCE_WEB_USERS_FILE": users, "PROXBALANCE_WEB_ROOT": root,
        ].merging(extra) { $1 }
        let web = try await RunningService.start(
            WebProgram(onListening: { sink.yield($0) }), broker: broker, settings: settings,
            readyOn: Topics.availability(base: "proxbalance", .web))
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw ConsoleStackError("pb-web did not listen") }
        return (web, port)
    }

    /// The repository's `web/` folder when it has the console, else a folder with a stub page.
    static func placeholderRoot(_ directory: String) throws -> String {
        let repository = SimulatorScenarios.packageRoot.appendingPathComponent("web").path
        if FileManager.default.fileExists(atPath: repository + "/index.html") { return repository }
        let root = directory + "/web-root"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data("<!doctype html><title>ProxBalance</title>".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
        return root
    }

    /// A logged-in API client.
    func client(_ user: String = "alice") async throws -> ConsoleHTTPClient {
        let client = ConsoleHTTPClient(baseURL: baseURL)
        let response = try await client.login(user, Self.password)
        guard response.status == 200 else { throw ConsoleStackError("login of \(user) answered \(response.status)") }
        return client
    }
}

struct ConsoleStackError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
