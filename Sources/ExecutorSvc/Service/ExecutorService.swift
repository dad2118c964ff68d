public import Contract
import Foundation
public import Logging
public import MQTT
import Primitives
public import ServiceLifecycle
public import ServiceRuntime

/// The executor on the bus: takes commands on `{b}/executor/request/<op>` and settings on
/// `{b}/executor/settings/set`, follows scoring's plan, maintenance and placement changes and
/// the collector's snapshot, and runs automation every `check_interval_seconds`. Runs until
/// shutdown; a bad message is answered with an error (or logged and dropped), never fatal.
///
/// It subscribes when created — before its client connects, so a persistent session's queued
/// commands reach it and `online` follows the SUBACKs — and announces its retained settings
/// from `run()`, after subscribing.
public struct ExecutorService: Service {
    private let mqtt: MQTTClient
    private let executor: Executor
    private let topics: Topics
    private let admission: RequestAdmission
    private let answerer: RequestAnswerer
    private let logger: Logger
    private let plans: MQTTSubscription
    private let snapshots: MQTTSubscription
    private let maintenance: MQTTSubscription
    private let placements: MQTTSubscription
    private let settings: MQTTSubscription
    private let requests: MQTTSubscription

    /// Subscribes to the executor's topics. State (plan, snapshot, maintenance) is taken at QoS 0:
    /// its retained copy arrives on every (re)subscribe, so a persistent session queues only
    /// scoring's placement changes (QoS 1; recorded once however often delivered) and commands,
    /// settings and requests, taken at up to QoS 2 (exactly once when sent so).
    public init(
        mqtt: MQTTClient, executor: Executor, topics: Topics, admission: RequestAdmission = RequestAdmission(), logger: Logger
    ) async throws {
        self.mqtt = mqtt
        self.executor = executor
        self.topics = topics
        self.admission = admission
        self.logger = logger
        answerer = RequestAnswerer(publisher: mqtt, policy: ResponseTopicPolicy(base: topics.base, service: .executor), logger: logger)
        plans = try await mqtt.subscribe(topics.recommendations, qos: .atMostOnce)
        snapshots = try await mqtt.subscribe(topics.clusterState, qos: .atMostOnce)
        maintenance = try await mqtt.subscribe(topics.maintenance, qos: .atMostOnce)
        placements = try await mqtt.subscribe(topics.placements, qos: .atLeastOnce, ignoreRetained: true)
        settings = try await mqtt.subscribe(topics.settingsSet(.executor), qos: .exactlyOnce, ignoreRetained: true)
        requests = try await mqtt.subscribe(topics.request(.executor, op: "+"), qos: .exactlyOnce, ignoreRetained: true)
    }

    public func run() async throws {
        await executor.start()
        try? await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { for await message in plans { await receive(message, as: RecommendationSet.self) { await executor.receive($0) } } }
                group.addTask { for await message in snapshots { await receive(message, as: ClusterSnapshot.self) { await executor.receive($0) } } }
                group.addTask {
                    for await message in maintenance { await receive(message, as: MaintenanceState.self) { await executor.receive($0) } }
                }
                group.addTask {
                    for await message in placements { await receive(message, as: PlacementChange.self) { await executor.receive($0) } }
                }
                group.addTask { for await message in settings { await settingsUpdate(message) } }
                group.addTask { for await message in requests { await request(message) } }
                group.addTask { await automationLoop() }
                group.addTask { await outcomeLoop() }
            }
        }
        // On its own task: a cancelled `run()` (tests) must still wait out the grace.
        let owner = executor
        await Task { await owner.shutdown(grace: owner.configuration.shutdownGrace) }.value
    }

    private func receive<T: Decodable & Sendable>(_ message: MQTTMessage, as type: T.Type, _ body: (T) async -> Void) async {
        guard !message.payload.isEmpty else { return }
        do {
            await body(try MessageCoding.decode(type, from: message.payloadData))
        } catch {
            logger.error("message skipped", metadata: ["topic": "\(message.topic)", "error": "\(error)"])
        }
    }

    private func settingsUpdate(_ message: MQTTMessage) async {
        if let refusal = admission.refusal(of: message) {
            logger.warning("settings update refused", metadata: ["code": "\(refusal.error.code)", "error": "\(refusal.error.message)"])
            return await respond(to: message, refusal.payload, op: "settings")
        }
        let id = RequestHeader.id(in: message.payloadData)
        let answer = await executor.updateSettings(message.payloadData)
        if case .failure(let error) = answer {
            logger.warning("settings update refused", metadata: ["code": "\(error.code)", "error": "\(error.message)"])
        }
        await respond(to: message, ReplyPayload.make(id: id, answer), op: "settings")
    }

    private func request(_ message: MQTTMessage) async {
        let op = String(message.topic.dropFirst(topics.request(.executor, op: "").count))
        if let refusal = admission.refusal(of: message) {
            logger.warning("request refused", metadata: ["op": "\(op)", "code": "\(refusal.error.code)", "error": "\(refusal.error.message)"])
            return await respond(to: message, refusal.payload, op: op)
        }
        // One request at a time, in arrival order: a redelivered command then always finds the
        // first one's answer (commands answer at once; migrations run on their own tasks).
        let answer = await executor.handle(op: op, payload: message.payloadData)
        await respond(to: message, answer, op: op)
    }

    private func respond(to message: MQTTMessage, _ payload: [UInt8], op: String) async {
        await answerer.answer(message, with: payload, fallbackTopic: topics.response(.executor, op: op))
    }

    private func outcomeLoop() async {
        let interval = executor.configuration.outcomeCheckSeconds
        var lastPurge = ContinuousClock.now - .seconds(3_600)
        while !Task.isCancelled {
            if ContinuousClock.now - lastPurge >= .seconds(3_600) {
                await executor.purgeOld()
                lastPurge = ContinuousClock.now
            }
            do {
                try await Task.sleep(for: .seconds(interval))
            } catch {
                return
            }
            await executor.outcomes.measureDue()
        }
    }

    /// Decides every `check_interval_seconds` after the last decision; a changed interval
    /// applies at once. A decision returns at once even when its moves take long (they run on
    /// the executor's own task), so decisions keep their pace during a run.
    private func automationLoop() async {
        var last = Date()
        while !Task.isCancelled {
            let interval = await executor.automationSettings.checkIntervalSeconds
            let due = last.addingTimeInterval(Double(interval))
            guard Date() >= due else {
                await executor.settingsChanged.wait(until: due)
                continue
            }
            last = Date()
            await executor.runScheduled()
        }
    }
}
