import Contract
import Foundation
import Logging
import MQTT
import ScoringSvc
import TestSupport

/// The scoring service running in-process against a real broker, as `pb-scoring` runs it.
struct RunningScoring {
    let mqtt: MQTTClient
    let task: Task<Void, any Error>

    /// Starts the service on `directory` and returns once it has subscribed and announced its
    /// settings (a command published afterwards reaches it).
    static func start(broker: MosquittoBroker, directory: String, topics: Topics) async throws -> RunningScoring {
        let logger = ScoringIntegration.logger
        // Announcing is the last step of starting: clear the previous run's retained settings
        // so the next settings message proves this run is ready.
        let observer = try await TestBus.client(broker)
        try await observer.publish(MQTTMessage(topic: topics.settings(.scoring), payload: [], retain: true))
        let ready = try await observer.subscribe(topics.settings(.scoring))

        let mqtt = try await TestBus.client(broker, name: "scoring")
        let scorers = ScorerDirectory(
            base: topics.base, cluster: topics.cluster, directory: directory, bus: mqtt,
            configuration: ScoringConfiguration(), logger: logger)
        let service = try await ScoringService(mqtt: mqtt, scorers: scorers, logger: logger)
        let task = Task { try await service.run() }
        _ = try await ready.next(within: .seconds(10)) { !$0.payload.isEmpty }
        await observer.disconnect()
        return RunningScoring(mqtt: mqtt, task: task)
    }

    /// Stops the service and disconnects it.
    func stop() async {
        task.cancel()
        _ = await task.result
        await mqtt.disconnect()
    }
}

/// Clients and helpers shared by the scoring integration tests.
enum ScoringIntegration {
    static let logger: Logger = {
        var logger = Logger(label: "scoring-test")
        logger.logLevel = .warning
        return logger
    }()
}

/// A fresh broker with scoring running on it and a client to talk to it.
final class ScoringSession {
    let broker: MosquittoBroker
    let client: MQTTClient
    let directory: String
    let topics: Topics
    private(set) var scoring: RunningScoring

    private init(broker: MosquittoBroker, client: MQTTClient, directory: String, topics: Topics, scoring: RunningScoring) {
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
                scoring: try await RunningScoring.start(broker: broker, directory: directory, topics: topics))
            do {
                try await body(session)
            } catch {
                await session.close()
                throw error
            }
            await session.close()
        }
    }

    /// Stops scoring and starts it again on the same data directory.
    func restart() async throws {
        await scoring.stop()
        scoring = try await RunningScoring.start(broker: broker, directory: directory, topics: topics)
    }

    private func close() async {
        await client.disconnect()
        await scoring.stop()
    }
}
