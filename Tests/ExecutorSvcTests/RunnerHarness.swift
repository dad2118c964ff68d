import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Logging
import MQTT
import PVESimulator
import ProxmoxAPI
import ProxmoxClient
import SQLite
import TestSupport

/// A migration runner against the simulator over HTTPS, publishing to a real broker, with
/// its journal in a SQLite file of a temporary directory.
struct RunnerHarness {
    static let cluster = "demo"
    let simulator: RunningSimulator
    let broker: MosquittoBroker
    let bus: MQTTClient
    let observer: MQTTClient
    let database: SQLiteDatabase
    let topics: Topics
    let pve: PVEClient

    static let logger: Logger = {
        var logger = Logger(label: "executor-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Fast polling; a 4 GiB VM takes about 2 s to migrate at `timeScale` 0.3.
    static let configuration = RunnerConfiguration(
        pollInterval: .milliseconds(100), timeout: .seconds(60), haStartTimeout: .seconds(20), adoptionMargin: 30,
        startGrace: .seconds(2))

    /// Runs `body` with a harness on the demo cluster whose migrations take `timeScale` × their real time.
    static func run(
        timeScale: Double = 0.3, broker options: MosquittoBroker.Options = .init(), _ body: (RunnerHarness) async throws -> Void
    ) async throws {
        var scenario = try SimulatorScenarios.demo()
        scenario.migration.timeScale = timeScale
        let directory = try TemporaryDirectory(prefix: "executor")
        defer { directory.remove() }
        try await withSimulator(scenario: scenario) { simulator in
            try await withBroker(options: options) { broker in
                let bus = try await TestBus.client(broker, name: "executor")
                let observer = try await TestBus.client(broker)
                let harness = RunnerHarness(
                    simulator: simulator, broker: broker, bus: bus, observer: observer,
                    database: try ExecutorDatabase.open(directory: directory.path, cluster: cluster, logger: logger),
                    topics: Topics(cluster: cluster), pve: try client(simulator))
                do {
                    try await body(harness)
                } catch {
                    await bus.disconnect()
                    await observer.disconnect()
                    throw error
                }
                await bus.disconnect()
                await observer.disconnect()
            }
        }
    }

    static func client(_ simulator: RunningSimulator) throws -> PVEClient {
        PVEClient(
            baseURL: simulator.baseURL, token: try PVEToken(parsing: simulator.token), http: try simulator.pinnedClient(),
            logger: logger)
    }

    var journal: MigrationJournal { MigrationJournal(database: database) }

    /// A new runner on the shared journal (a second one plays the executor after a restart).
    func makeRunner(_ configuration: RunnerConfiguration = Self.configuration) -> MigrationRunner {
        MigrationRunner(
            cluster: Self.cluster, client: pve, journal: journal,
            publisher: MigrationPublisher(bus: bus, topics: topics, logger: Self.logger),
            configuration: configuration, logger: Self.logger)
    }

    /// Sets the simulator's injected faults.
    func inject(_ faults: SimulatorFaults) async {
        await simulator.simulator.setFaults(faults)
    }

    /// A manual order for `vmid` to `target`.
    static func order(_ vmid: Int, to target: String, dryRun: Bool = false, online: Bool? = nil) -> MigrationOrder {
        MigrationOrder(move: MoveRequest(vmid: vmid, source: nil, target: target, origin: .manual), dryRun: dryRun, online: online)
    }

    /// The label facts of a demo guest, read from the live API.
    func label(_ vmid: Int) async throws -> GuestLabelFacts {
        guard let guest = try await pve.clusterResources(type: .vm).first(where: { $0.vmid == vmid }), guest.node != nil else {
            throw TestFailure("guest \(vmid) is not in the simulator")
        }
        return GuestLabelFacts(guest)
    }

    /// Where the guest runs now.
    func node(of vmid: Int) async throws -> String? {
        try await pve.clusterResources(type: .vm).first { $0.vmid == vmid }?.node
    }

    /// The guest's status now (`running`, `stopped`, …).
    func status(of vmid: Int) async throws -> String? {
        try await pve.clusterResources(type: .vm).first { $0.vmid == vmid }?.status
    }

    /// Migration tasks Proxmox ran or runs for the guest on `node`.
    func migrationTasks(_ vmid: Int, on node: String) async throws -> [PVETaskSummary] {
        try await pve.nodeTasks(node, vmid: vmid, source: .all).filter { ["qmigrate", "vzmigrate"].contains($0.type ?? "") }
    }
}
