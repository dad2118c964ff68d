import Foundation
import Logging
import ServiceLifecycle
import Shared

/// Scoring on the bus: plans every cluster snapshot, takes maintenance commands and settings
/// updates, answers requests. Runs until shutdown; a bad message is logged (and answered when
/// it is a command or request), never fatal.
public struct ScoringService: Service {
    private let mqtt: MQTTClient
    private let scorer: Scorer
    private let topics: Topics
    private let logger: Logger

    public init(mqtt: MQTTClient, scorer: Scorer, topics: Topics, logger: Logger) {
        self.mqtt = mqtt
        self.scorer = scorer
        self.topics = topics
        self.logger = logger
    }

    public func run() async throws {
        let snapshots = try await mqtt.subscribe(topics.clusterState)
        let maintenance = try await mqtt.subscribe(topics.maintenanceSet(node: "+"), ignoreRetained: true)
        let settings = try await mqtt.subscribe(topics.settingsSet(.scoring), ignoreRetained: true)
        let requests = try await mqtt.subscribe(topics.request(.scoring, op: "+"), ignoreRetained: true)
        await scorer.announce()
        // Shutdown cancels the loops while they wait; that is the normal end, not a failure.
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { for await message in snapshots { await snapshot(message) } }
                group.addTask { for await message in maintenance { await maintenanceCommand(message) } }
                group.addTask { for await message in settings { await settingsUpdate(message) } }
                group.addTask { for await message in requests { await request(message) } }
            }
        }
    }

    private func snapshot(_ message: MQTTMessage) async {
        guard !message.payload.isEmpty else { return }  // the retained snapshot was cleared
        do {
            await scorer.receive(try MessageCoding.decode(ClusterSnapshot.self, from: message.payloadData))
        } catch {
            logger.error("malformed cluster snapshot skipped", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
    }

    private func maintenanceCommand(_ message: MQTTMessage) async {
        let answer: Result<MaintenanceState, ReplyError>
        if let node = MaintenanceCommand.node(in: message.topic, topics: topics), let on = MaintenanceCommand.parse(message.payload) {
            do {
                answer = .success(try await scorer.setMaintenance(node, on))
            } catch {
                logger.error("maintenance not stored", metadata: ["node": "\(node)", "error": "\(error)"])
                answer = .failure(.internal("maintenance of \(node) could not be stored: \(error)"))
            }
        } else {
            logger.warning("maintenance command ignored: payload must be ON or OFF", metadata: ["topic": "\(message.topic)"])
            answer = .failure(.invalid("\(message.topic): payload must be ON or OFF"))
        }
        await respond(to: message, ReplyPayload.make(id: nil, answer), op: "maintenance")
    }

    private func settingsUpdate(_ message: MQTTMessage) async {
        let answer = await scorer.updateSettings(message.payloadData)
        if case .failure(let error) = answer {
            logger.warning("settings update refused", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
        }
        await respond(to: message, ReplyPayload.make(id: RequestHeader.id(in: message.payloadData), answer), op: "settings")
    }

    private func request(_ message: MQTTMessage) async {
        let op = String(message.topic.dropFirst(topics.request(.scoring, op: "").count))
        let answer = ScoringRequests.answer(op: op, payload: message.payloadData, state: await scorer.state())
        await respond(to: message, answer, op: op)
    }

    private func respond(to message: MQTTMessage, _ payload: [UInt8], op: String) async {
        do {
            try await mqtt.respond(
                to: message, payload: payload, fallbackTopic: topics.response(.scoring, op: op), contentType: "application/json")
        } catch {
            logger.warning("answer not published", metadata: ["op": "\(op)", "error": "\(error)"])
        }
    }
}
