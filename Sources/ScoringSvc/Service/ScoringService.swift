import Contract
import Foundation
import Logging
import MQTT
import ScoringEngine
import ServiceLifecycle
import ServiceRuntime

/// Scoring on the bus: plans every cluster snapshot, takes maintenance commands and settings
/// updates, answers requests — for one cluster or for every cluster on the bus (see
/// `ScorerDirectory`). Runs until shutdown; a bad message is logged (and answered when it is a
/// command or request), never fatal.
///
/// It subscribes when created — before its client connects, so a persistent session's queued
/// commands reach it and `online` follows the SUBACKs — and announces its retained state from
/// `run()`, after subscribing.
public struct ScoringService: Service {
    private let mqtt: MQTTClient
    private let scorers: ScorerDirectory
    private let admission: RequestAdmission
    private let answerer: RequestAnswerer
    private let logger: Logger
    private let snapshots: MQTTSubscription
    private let maintenance: MQTTSubscription
    private let settings: MQTTSubscription
    private let requests: MQTTSubscription
    private let outcomes: MQTTSubscription
    private let migrations: MQTTSubscription

    /// Subscribes to scoring's topics. State (snapshots, outcomes) is taken at QoS 0: its
    /// retained copy arrives on every (re)subscribe, so a persistent session queues only
    /// commands, settings and requests, taken at up to QoS 2 (exactly once when sent so).
    public init(mqtt: MQTTClient, scorers: ScorerDirectory, admission: RequestAdmission = RequestAdmission(), logger: Logger) async throws {
        self.mqtt = mqtt
        self.scorers = scorers
        self.admission = admission
        self.logger = logger
        answerer = RequestAnswerer(publisher: mqtt, policy: ResponseTopicPolicy(base: scorers.filters.base, service: .scoring), logger: logger)
        let filters = scorers.filters
        snapshots = try await mqtt.subscribe(filters.clusterState, qos: .atMostOnce)
        maintenance = try await mqtt.subscribe(filters.maintenanceSet(node: "+"), qos: .exactlyOnce, ignoreRetained: true)
        settings = try await mqtt.subscribe(filters.settingsSet(.scoring), qos: .exactlyOnce, ignoreRetained: true)
        requests = try await mqtt.subscribe(filters.request(.scoring, op: "+"), qos: .exactlyOnce, ignoreRetained: true)
        outcomes = try await mqtt.subscribe(filters.outcomes, qos: .atMostOnce)
        migrations = try await mqtt.subscribe(filters.migration("+"), qos: .atMostOnce)
    }

    public func run() async throws {
        // Shutdown cancels the loops while they wait (and the first announcement, should the
        // broker be away); that is the normal end, not a failure.
        do {
            try await cancelWhenGracefulShutdown { try await serve() }
        } catch is CancellationError {}
    }

    private func serve() async throws {
        // A single cluster is served (and its maintenance and settings announced) from the start.
        if let fixed = scorers.fixedCluster { _ = try await scorers.scorer(for: fixed, create: true) }
        await withDiscardingTaskGroup { group in
            group.addTask { for await message in snapshots { await snapshot(message) } }
            group.addTask { for await message in maintenance { await maintenanceCommand(message) } }
            group.addTask { for await message in settings { await settingsUpdate(message) } }
            group.addTask { for await message in requests { await request(message) } }
            group.addTask { for await message in outcomes { await outcomeReport(message) } }
            group.addTask { for await message in migrations { await migration(message) } }
        }
    }

    private func snapshot(_ message: MQTTMessage) async {
        guard !message.payload.isEmpty, let cluster = scorers.cluster(of: message.topic) else { return }
        do {
            let snapshot = try MessageCoding.decode(ClusterSnapshot.self, from: message.payloadData)
            guard snapshot.cluster == cluster else {
                logger.error(
                    "cluster snapshot skipped: its cluster does not match its topic",
                    metadata: ["topic": "\(message.topic)", "cluster": "\(snapshot.cluster)"])
                return
            }
            guard let scorer = try await scorers.scorer(for: cluster, create: true) else { return }
            await scorer.receive(snapshot)
        } catch {
            logger.error("cluster snapshot skipped", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
    }

    private func outcomeReport(_ message: MQTTMessage) async {
        guard !message.payload.isEmpty, let cluster = scorers.cluster(of: message.topic) else { return }
        do {
            let report = try MessageCoding.decode(OutcomeReport.self, from: message.payloadData)
            // Retained, it may arrive before the cluster's first snapshot: the scorer is created for it.
            guard let scorer = try await scorers.scorer(for: cluster, create: true) else { return }
            await scorer.receive(report)
        } catch {
            logger.error("outcome report skipped", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
    }

    /// The executor's migration state: tells scoring which placement changes ProxBalance made.
    private func migration(_ message: MQTTMessage) async {
        guard let cluster = scorers.cluster(of: message.topic),
            let id = message.topic.split(separator: "/").last.map(String.init),
            // Retained, it may arrive before the cluster's first snapshot: the scorer is created for it.
            let scorer = try? await scorers.scorer(for: cluster, create: true)
        else { return }
        guard !message.payload.isEmpty else { return await scorer.receive(migration: nil, id: id) }
        do {
            await scorer.receive(migration: try MessageCoding.decode(MigrationStatus.self, from: message.payloadData), id: id)
        } catch {
            logger.warning("migration state skipped", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
    }

    private func maintenanceCommand(_ message: MQTTMessage) async {
        await command(message, op: "maintenance", id: { nil }) { scorer, topics -> Result<MaintenanceState, ReplyError> in
            guard let node = MaintenanceCommand.node(in: message.topic, topics: topics) else {
                return .failure(.invalid("node: the topic \(message.topic.prefix(200)) does not name a node"))
            }
            guard let on = MaintenanceCommand.parse(message.payload) else {
                logger.warning("maintenance command ignored: payload must be ON or OFF", metadata: ["node": "\(node.prefix(80))"])
                let shown = String(decoding: message.payload.prefix(20), as: UTF8.self)
                return .failure(.invalid("payload: must be ON or OFF, got \"\(shown)\"\(message.payload.count > 20 ? "…" : "")"))
            }
            do {
                return .success(try await scorer.setMaintenance(node, on, requestedBy: MaintenanceCommand.requestedBy(of: message)))
            } catch let error as ReplyError {
                logger.warning("maintenance command refused", metadata: ["node": "\(node.prefix(80))", "error": "\(error.message)"])
                return .failure(error)
            } catch {
                logger.error("maintenance not stored", metadata: ["node": "\(node)", "error": "\(error)"])
                return .failure(.internal("maintenance of \(node) could not be stored: \(error)"))
            }
        }
    }

    private func settingsUpdate(_ message: MQTTMessage) async {
        await command(message, op: "settings", id: { RequestHeader.id(in: message.payloadData) }) {
            scorer, _ -> Result<ScoringSettings, ReplyError> in
            let answer = await scorer.updateSettings(message.payloadData)
            if case .failure(let error) = answer {
                logger.warning("settings update refused", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
            }
            return answer
        }
    }

    private func request(_ message: MQTTMessage) async {
        guard let cluster = scorers.cluster(of: message.topic) else { return }
        let topics = Topics(base: scorers.filters.base, cluster: cluster)
        let op = String(message.topic.dropFirst(topics.request(.scoring, op: "").count))
        let answer: [UInt8]
        if let refusal = admission.refusal(of: message) {
            answer = refusal.payload
        } else if let scorer = try? await scorers.scorer(for: cluster, create: false) {
            switch op {
            case ScoringRequests.history: answer = await scorer.history(message.payloadData)
            case ScoringRequests.simulate: answer = await scorer.simulate(message.payloadData)
            case ScoringRequests.scoreHistory: answer = await scorer.scoreHistory(message.payloadData)
            case ScoringRequests.planHistory: answer = await scorer.planHistory(message.payloadData)
            case ScoringRequests.feedback: answer = await scorer.feedback(message.payloadData)
            case ScoringRequests.thresholdSuggestions: answer = await scorer.thresholdSuggestions(message.payloadData)
            default: answer = ScoringRequests.answer(op: op, payload: message.payloadData, state: await scorer.state())
            }
        } else {
            answer = ReplyPayload.failure(id: RequestHeader.id(in: message.payloadData), .unknownCluster(cluster))
        }
        await respond(to: message, answer, topics: topics, op: op)
    }

    /// Runs `body` with the scorer of the command's cluster and answers with its result; a
    /// command for a cluster whose snapshot was never seen is answered `unknown_cluster`.
    private func command<Result: Codable & Sendable>(
        _ message: MQTTMessage, op: String, id: () -> String?,
        _ body: (Scorer, Topics) async -> Swift.Result<Result, ReplyError>
    ) async {
        guard let cluster = scorers.cluster(of: message.topic) else { return }
        let topics = Topics(base: scorers.filters.base, cluster: cluster)
        if let refusal = admission.refusal(of: message) {
            logger.warning("\(op) refused", metadata: ["code": "\(refusal.error.code)", "error": "\(refusal.error.message)"])
            return await respond(to: message, refusal.payload, topics: topics, op: op)
        }
        let answer: Swift.Result<Result, ReplyError>
        if let scorer = try? await scorers.scorer(for: cluster, create: false) {
            answer = await body(scorer, topics)
        } else {
            answer = .failure(.unknownCluster(cluster))
        }
        await respond(to: message, ReplyPayload.make(id: id(), answer), topics: topics, op: op)
    }

    private func respond(to message: MQTTMessage, _ payload: [UInt8], topics: Topics, op: String) async {
        await answerer.answer(message, with: payload, fallbackTopic: topics.response(.scoring, op: op))
    }
}
