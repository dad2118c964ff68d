import Contract
import Foundation
import MQTT
import TestSupport
import Testing

/// `pb-notifier` on the bus as an admin runs it: ready when it says `online`, bad input
/// answered without memory kept.
@Suite("pb-notifier process on the bus", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct NotifierProcessBusTests {
    static func start(_ broker: MosquittoBroker, data: String) throws -> RunningProcess {
        try BuiltExecutable.start(
            "pb-notifier", [],
            environment: [
                "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": "", "PROXBALANCE_DATA_DIR": data,
                "PROXBALANCE_LOG_LEVEL": "critical",
            ],
            removing: ["PROXBALANCE_NOTIFIER_DESTINATIONS_FILE"])
    }

    @Test("a request sent the moment pb-notifier says online is answered, after every restart", .timeLimit(.minutes(2)))
    func requestOnOnline() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-ready")
        defer { directory.remove() }
        try await withBroker { broker in
            let client = try await TestBus.client(broker)
            let watch = try await AvailabilityWatch(client, topic: "proxbalance/notifier/availability")
            try await OnlineReadiness.requestOnOnline(watch: watch, client: client, topic: "proxbalance/notifier/request/status") {
                try Self.start(broker, data: directory.path)
            }
            await client.disconnect()
        }
    }

    @Test(
        "40,000 malformed requests are all answered and memory returns near its baseline; 10 MB is refused unread",
        .timeLimit(.minutes(3)))
    func malformedFlood() async throws {
        let directory = try TemporaryDirectory(prefix: "notifier-flood")
        defer { directory.remove() }
        // A queue per client above the flood (paced by PUBACK, not by answers): a lagging service
        // must not lose requests to the broker's limit (10,000 in deploy/mosquitto/mosquitto.conf).
        try await withBroker(options: .init(maxQueuedMessages: ProcessMemory.floodSize + 1000)) { broker in
            let client = try await TestBus.client(broker)
            let watch = try await AvailabilityWatch(client, topic: "proxbalance/notifier/availability")
            let notifier = try Self.start(broker, data: directory.path)
            defer { notifier.terminate() }
            try await watch.online()
            let topic = "proxbalance/notifier/request/test"
            _ = try await TestBus.request(client, "proxbalance/notifier/request/status", #"{"id":"warm-up"}"#, as: JSONValue.self)
            let huge = try await TestBus.request(
                client, topic, #"{"id":"big","pad":""# + String(repeating: "x", count: 10_000_000) + #""}"#, as: JSONValue.self)
            #expect(huge.error?.code == "too_large")

            let load = try await ServiceRequestLoad(broker)
            let flood = try await load.flood(notifier, topic: topic) { #"{"id": "m\#($0)", "destination": ["# }
            #expect(flood.unpublished == 0)
            #expect(flood.answered == flood.sent)
            #expect(flood.after <= flood.before + 10 * 1024, "RSS \(flood.before) KiB before, \(flood.after) KiB after the burst")
            print(
                "notifier flood: \(flood.answered) of \(flood.sent) answered; RSS \(flood.before) KiB before, peak \(flood.peak), \(flood.after) KiB after"
            )
            await load.close()
            notifier.signal(SIGTERM)
            #expect(await notifier.exitStatus(within: .seconds(10)) == 0)
            await client.disconnect()
        }
    }
}
