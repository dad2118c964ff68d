import CollectorSvc
import Contract
import Foundation
import MQTT
import ScoringSvc
import TestSupport

/// Helpers shared by the scoring integration tests.
enum ScoringIntegration {
    /// Runs `body` with a broker, a client on it, the fixtures' topics and the built `pb-scoring`
    /// online on a temporary directory named after `prefix`; stops and removes them afterwards.
    static func withProcess(
        _ prefix: String, _ body: (MosquittoBroker, MQTTClient, Topics) async throws -> Void
    ) async throws {
        let directory = try TemporaryDirectory(prefix: prefix)
        defer { directory.remove() }
        try await withBroker { broker in
            let client = try await TestBus.client(broker)
            let scoring = try await startProcess(broker: broker, client: client, directory: directory.path)
            defer { scoring.terminate() }
            try await body(broker, client, Topics(cluster: ServiceFixtures.cluster))
        }
    }

    /// Starts the built `pb-scoring` for `ServiceFixtures.cluster` on `directory` and returns once
    /// `client` saw it say `online`; the caller terminates it.
    static func startProcess(broker: MosquittoBroker, client: MQTTClient, directory: String) async throws -> RunningProcess {
        let topics = Topics(cluster: ServiceFixtures.cluster)
        let watch = try await AvailabilityWatch(client, topic: topics.availability(.scoring))
        let scoring = try BuiltExecutable.start(
            "pb-scoring", [],
            environment: [
                "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": ServiceFixtures.cluster,
                "PROXBALANCE_DATA_DIR": directory, "PROXBALANCE_LOG_LEVEL": "error",
            ])
        do {
            try await watch.online()
        } catch {
            scoring.terminate()
            throw error
        }
        return scoring
    }

    /// Starts `pb-scoring`'s wiring on `directory` for `cluster` under `base` (`nil`: every
    /// cluster on the bus) and returns once it listens: once it announced its settings, or with
    /// every cluster (which has no settings before a snapshot) once it is `online`.
    static func start(broker: MosquittoBroker, directory: String, base: String = "proxbalance", cluster: String?) async throws -> RunningService {
        var settings = ["PROXBALANCE_BASE_TOPIC": base, "PROXBALANCE_DATA_DIR": directory]
        settings["PROXBALANCE_CLUSTER"] = cluster
        let ready = cluster.map { Topics(base: base, cluster: $0).settings(.scoring) } ?? Topics.availability(base: base, .scoring)
        return try await RunningService.start(ScoringProgram(), broker: broker, settings: settings, readyOn: ready)
    }
}

/// A fresh broker with scoring running on it and a client to talk to it.
final class ScoringSession {
    let broker: MosquittoBroker
    let client: MQTTClient
    let directory: String
    let topics: Topics
    private(set) var scoring: RunningService

    private init(broker: MosquittoBroker, client: MQTTClient, directory: String, topics: Topics, scoring: RunningService) {
        self.broker = broker
        self.client = client
        self.directory = directory
        self.topics = topics
        self.scoring = scoring
    }

    /// Runs `body` with a new session on `directory`, closing it afterwards even when `body` throws.
    static func run(directory: String, topics: Topics, _ body: (ScoringSession) async throws -> Void) async throws {
        try await withBroker { broker in
            let session = ScoringSession(
                broker: broker, client: try await TestBus.client(broker), directory: directory, topics: topics,
                scoring: try await ScoringIntegration.start(broker: broker, directory: directory, base: topics.base, cluster: topics.cluster))
            do {
                try await body(session)
            } catch {
                try? await session.close()
                throw error
            }
            try await session.close()
        }
    }

    /// Starts `pb-collector`'s wiring against `simulator` for this session's cluster, polling every
    /// second, and returns once it is online.
    func startCollector(_ simulator: RunningSimulator) async throws -> RunningService {
        let settings = [
            "PROXBALANCE_CLUSTER": topics.cluster, "PROXBALANCE_COLLECTOR_INTERVAL_SECONDS": "1",
            "PROXBALANCE_COLLECTOR_CONCURRENCY": "4",
        ]
        return try await RunningService.start(
            CollectorProgram(), broker: broker, settings: simulator.serviceSettings.merging(settings) { $1 },
            readyOn: topics.availability(.collector))
    }

    /// Stops scoring and starts it again on the same data directory.
    func restart() async throws {
        try await scoring.stop()
        scoring = try await ScoringIntegration.start(broker: broker, directory: directory, base: topics.base, cluster: topics.cluster)
    }

    private func close() async throws {
        await client.disconnect()
        try await scoring.stop()
    }
}
