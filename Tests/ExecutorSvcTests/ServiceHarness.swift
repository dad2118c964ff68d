import Contract
import ExecutorSvc
import Foundation
import MQTT
import ProxmoxAPI
import ProxmoxClient
import TestSupport

/// `pb-executor`'s service running in-process against the simulator and a real broker, with a
/// client to command it.
struct ServiceHarness {
    let runner: RunnerHarness
    let client: MQTTClient
    let directory: String
    var configuration = ExecutorConfiguration(runner: RunnerHarness.configuration)
    /// The executor's clock (the wall clock unless a test sets its own).
    var clock: @Sendable () -> Date = { Date() }
    var topics: Topics { runner.topics }

    /// Runs `body` with the executor service started on a fresh data directory (or not started,
    /// when `body` starts and stops it itself).
    static func run(
        timeScale: Double = 0.3, configuration: ExecutorConfiguration = ExecutorConfiguration(runner: RunnerHarness.configuration),
        clock: @escaping @Sendable () -> Date = { Date() }, startsService: Bool = true, _ body: (ServiceHarness) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: "executor-service")
        defer { directory.remove() }
        try await RunnerHarness.run(timeScale: timeScale) { runner in
            let client = try await TestBus.client(runner.broker, name: "admin")
            let harness = ServiceHarness(
                runner: runner, client: client, directory: directory.path, configuration: configuration, clock: clock)
            let service = startsService ? try await harness.startService() : nil
            do {
                try await body(harness)
            } catch {
                try? await service?.stop()
                await client.disconnect()
                throw error
            }
            try await service?.stop()
            await client.disconnect()
        }
    }

    /// Starts `pb-executor`'s wiring on the simulator, with this harness's configuration and
    /// clock (and `extra` settings), and returns once it announced its settings. `stop()` shuts
    /// it down gracefully.
    func startService(_ extra: [String: String] = [:]) async throws -> RunningService {
        let settings = ["PROXBALANCE_CLUSTER": RunnerHarness.cluster, "PROXBALANCE_DATA_DIR": directory].merging(extra) { $1 }
        return try await RunningService.start(
            ExecutorProgram(configuration: configuration, clock: clock), broker: runner.broker,
            settings: runner.simulator.serviceSettings.merging(settings) { $1 }, readyOn: topics.settings(.executor))
    }

    /// The service's journal (its own database file).
    func journal() throws -> MigrationJournal {
        MigrationJournal(
            database: try ExecutorDatabase.open(directory: directory, cluster: RunnerHarness.cluster, logger: RunnerHarness.logger))
    }

    /// Sends a command and decodes the reply.
    func request<T: Codable & Sendable>(_ op: String, _ json: String, as type: T.Type) async throws -> Reply<T> {
        try await TestBus.request(client, topics.request(.executor, op: op), json, as: type)
    }

    /// Sends a settings update and decodes the reply.
    func settings(_ json: String) async throws -> Reply<AutomationSettings> {
        try await TestBus.request(client, topics.settingsSet(.executor), json, as: AutomationSettings.self)
    }

    /// Publishes `plan` retained, as scoring does, and waits until the executor can have read it.
    func publish(_ plan: RecommendationSet) async throws {
        try await client.publish(MQTTMessage(topic: topics.recommendations, data: try MessageCoding.encode(plan), retain: true))
    }

    /// The final state of migration `id`, from its retained topic.
    func finalState(_ id: String, within timeout: Duration = .seconds(30)) async throws -> MigrationStatus {
        let states = try await client.subscribe(topics.migration(id))
        let (status, _) = try await TestBus.next(MigrationStatus.self, on: states, within: timeout) { $0.state.isFinal }
        return status
    }

    /// A fresh plan for the demo cluster (`RunnerHarness.plan`).
    func plan(_ moves: [Recommendation]) async throws -> RecommendationSet {
        try await runner.plan(moves)
    }

    /// A confident move of a demo guest.
    static func move(
        _ vmid: Int, _ source: String, _ target: String, step: Int = 1, kind: MoveKind = .overloadRelief, type: GuestType = .qemu
    ) -> Recommendation {
        AutomationFixtures.move(vmid, source, target, step: step, kind: kind, type: type)
    }
}

extension RunnerHarness {
    /// A plan for the demo cluster made now, with the nodes' live CPU as the plan's "before"
    /// figures (so it passes the drift check, as a fresh plan from scoring would).
    func plan(_ moves: [Recommendation]) async throws -> RecommendationSet {
        let nodes = try await pve.clusterResources(type: .node)
        func cpu(_ name: String) -> Double { nodes.first { $0.node == name }?.cpuPct ?? 0 }
        var plan = AutomationFixtures.plan(moves, at: Date())
        plan.cluster = RunnerHarness.cluster
        for index in plan.recommendations.indices {
            plan.recommendations[index].sourceBefore.cpuPct = cpu(plan.recommendations[index].source)
            plan.recommendations[index].targetBefore.cpuPct = cpu(plan.recommendations[index].target)
        }
        return plan
    }

    /// An executor on this harness's journal, publishing on its bus.
    func makeExecutor(clock: @escaping @Sendable () -> Date = { Date() }) -> Executor {
        Executor(
            topics: topics, client: pve, database: database, bus: bus,
            configuration: ExecutorConfiguration(runner: Self.configuration), logger: Self.logger, clock: clock)
    }
}
