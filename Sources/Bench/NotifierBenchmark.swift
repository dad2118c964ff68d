import Contract
import Foundation
import Logging
import MQTT
import NotifierSvc
import ServiceLifecycle
import ServiceRuntime
import TestSupport

/// The notifier's throughput: events stored into the SQLite outbox (directly, and from the bus
/// through `NotifierService`), and deliveries to a local webhook endpoint, one request per event
/// and in summaries.
enum NotifierBenchmark {
    static func run(events: Int, deliveries: Int, logger: Logger) async throws -> BenchReport.Notifier {
        let directory = try TemporaryDirectory(prefix: "bench-notifier")
        defer { directory.remove() }
        let outboxRate = try await outbox(events: events, directory: directory.file("outbox"), logger: logger)
        let busRate = try await bus(events: events, directory: directory.file("bus"), logger: logger)
        let single = try await delivery(events: deliveries, window: 0, directory: directory.file("single"), logger: logger)
        let coalesced = try await delivery(events: deliveries * 5, window: 0.05, directory: directory.file("coalesced"), logger: logger)
        return .init(
            events: events, outboxEventsPerSecond: outboxRate, busEventsPerSecond: busRate, deliveries: deliveries,
            deliveriesPerSecond: single.rate, coalescedEvents: deliveries * 5, coalescedEventsPerSecond: coalesced.rate,
            coalescedRequests: coalesced.requests)
    }

    static func event(_ index: Int) -> BusEvent {
        BusEvent(
            cluster: "bench", category: .migrations, kind: "completed", severity: .info, at: Date(),
            title: "Migration completed: VM \(index) (guest-\(index))", message: "VM \(index) moved from pve3 to pve5 in 42 s.",
            details: [.init("vmid", "\(index)"), .init("source", "pve3"), .init("target", "pve5"), .init("duration_s", "42")])
    }

    /// `Outbox.enqueue` for two destinations, one transaction per event, as the intake does.
    static func outbox(events: Int, directory: String, logger: Logger) async throws -> Double {
        let outbox = Outbox(database: try NotifierDatabase.open(directory: directory, logger: logger))
        let batch = (0..<events).map(event)
        let (_, seconds) = try await measure {
            for event in batch { try await outbox.enqueue(event, for: ["slack", "discord"], at: Date()) }
        }
        return Double(events) / seconds
    }

    /// Events published to mosquitto and stored by a running `NotifierService` (its one
    /// destination hangs, so delivery does not compete).
    static func bus(events: Int, directory: String, logger: Logger) async throws -> Double {
        let sink = try await WebhookTestServer.start(flavor: .webhook)
        sink.setFallback(.hang(.seconds(30)))
        defer { Task { await sink.stop() } }
        return try await withBroker(options: .init(maxQueuedMessages: events * 2)) { broker in
            let settingsFile = (directory as NSString).appendingPathComponent("destinations.json")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(#"[{"id": "sink", "kind": "webhook", "url": "\#(sink.baseURL)/hook", "timeout_seconds": 60}]"#.utf8)
                .write(to: URL(fileURLWithPath: settingsFile))
            let mqtt = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "bench-notifier"), logger: logger)
            try await mqtt.connect()
            let database = try NotifierDatabase.open(directory: directory, logger: logger)
            let topics = NotifierTopics(base: "bench", cluster: nil)
            let ready = try await mqtt.subscribe(topics.settings)
            let service = try await NotifierService(
                mqtt: mqtt,
                intake: NotifierService.intakeConfiguration(
                    try MQTTConfiguration(url: broker.url, clientID: "x"), clientID: "bench-notifier-events", sessionExpiry: 600),
                topics: topics, database: database, configuration: NotifierConfiguration(destinationsFile: settingsFile), logger: logger)
            let group = ServiceGroup(configuration: .init(services: [service], logger: logger))
            let running = Task { try await group.run() }
            for await _ in ready { break }

            let publisher = MQTTClient(configuration: try MQTTConfiguration(url: broker.url, clientID: "bench-events"), logger: logger)
            try await publisher.connect()
            let messages = try (0..<events).map {
                MQTTMessage(topic: "bench/bench/events/migrations", data: try MessageCoding.encode(event($0)))
            }
            let outbox = Outbox(database: database)
            let (_, seconds) = try await measure {
                _ = await publisher.publishAll(messages, inFlight: 500)
                while (try await outbox.counts()["sink"]?.values.reduce(0, +) ?? 0) < events {
                    try await Task.sleep(for: .milliseconds(5))
                }
            }
            await publisher.disconnect()
            await group.triggerGracefulShutdown()
            _ = await running.result
            await mqtt.disconnect()
            return Double(events) / seconds
        }
    }

    /// Delivers `events` queued events to a local webhook; `window` 0 sends one request per event.
    static func delivery(events: Int, window: Double, directory: String, logger: Logger) async throws -> (rate: Double, requests: Int) {
        let server = try await WebhookTestServer.start(flavor: .webhook)
        let outbox = Outbox(database: try NotifierDatabase.open(directory: directory, logger: logger))
        for index in 0..<events { try await outbox.enqueue(event(index), for: ["local"], at: Date()) }
        let destination = Destination(
            id: "local", kind: .webhook, url: "\(server.baseURL)/hook", rateLimit: RateLimit(requests: 1_000_000, perSeconds: 1))
        let settings = SettingsBox(NotifierSettings(destinations: [destination], coalesceWindowSeconds: window))
        let dispatcher = DeliveryDispatcher(
            outbox: outbox, settings: settings, makeClient: { NotifierService.httpClient(for: $0, logger: logger) }, report: { _ in },
            logger: logger)
        let (_, seconds) = try await measure {
            await dispatcher.sync()
            while (try await outbox.counts()["local"]?["delivered"] ?? 0) < events {
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        await dispatcher.stop()
        let requests = server.accepted.count
        await server.stop()
        return (Double(events) / seconds, requests)
    }
}
