import Contract
import Foundation
import MQTT
import TestSupport
import Testing

/// `pb-scoring` as an admin runs it: ready when it says `online`.
@Suite("pb-scoring process", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ScoringProcessTests {
    @Test("a request sent the moment pb-scoring says online is answered, after every restart", .timeLimit(.minutes(2)))
    func requestOnOnline() async throws {
        let directory = try TemporaryDirectory(prefix: "scoring-ready")
        defer { directory.remove() }
        try await withBroker { broker in
            let client = try await TestBus.client(broker)
            let topics = Topics(cluster: "lab")
            let watch = try await AvailabilityWatch(client, topic: topics.availability(.scoring))
            try await OnlineReadiness.requestOnOnline(watch: watch, client: client, topic: topics.request(.scoring, op: "recommendations")) {
                try BuiltExecutable.start(
                    "pb-scoring", [],
                    environment: [
                        "PROXBALANCE_MQTT_URL": broker.url, "PROXBALANCE_CLUSTER": "lab", "PROXBALANCE_DATA_DIR": directory.path,
                        "PROXBALANCE_LOG_LEVEL": "error",
                    ])
            }
            await client.disconnect()
        }
    }
}
