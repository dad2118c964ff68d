import Contract
import Foundation
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

/// The scoring service in-process against a real mosquitto: what an admin sees on the bus.
@Suite("Scoring integration", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(5)))
struct ScoringIntegrationTests {
    typealias F = ServiceFixtures
    typealias Bus = TestBus
    let topics = Topics(cluster: F.cluster)
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-integration")
    }

    func publishSnapshot(_ client: MQTTClient, _ snapshot: ClusterSnapshot) async throws {
        try await client.publish(MQTTMessage(topic: topics.clusterState, data: try MessageCoding.encode(snapshot), retain: true))
    }

    @Test("a snapshot yields retained recommendations and scores; a malformed one is skipped", .timeLimit(.minutes(1)))
    func recommendationsAndScores() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            try await client.publish(MQTTMessage(topic: topics.clusterState, string: "not a snapshot"))
            let live = try await client.subscribe(topics.recommendations)
            try await publishSnapshot(client, F.snapshot(cycle: 7))
            _ = try await Bus.next(RecommendationSet.self, on: live) { $0.snapshotCycle == 7 }

            // Someone connecting later gets both retained.
            let late = try await Bus.client(session.broker)
            let (plan, planMessage) = try await Bus.next(RecommendationSet.self, on: try await late.subscribe(topics.recommendations))
            #expect(planMessage.retain)
            #expect(plan.cluster == F.cluster)
            #expect(plan.snapshotCycle == 7)
            #expect(plan.status != .stale)
            #expect(plan.changes == nil)
            let (scores, scoresMessage) = try await Bus.next(NodeScoresReport.self, on: try await late.subscribe(topics.scores))
            #expect(scoresMessage.retain)
            #expect(scores.cluster == F.cluster)

            await late.disconnect()
        }
    }

    @Test("a snapshot collected long ago is published as a stale plan", .timeLimit(.minutes(1)))
    func stale() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            let plans = try await client.subscribe(topics.recommendations)
            try await publishSnapshot(client, F.snapshot(at: Date().addingTimeInterval(-6 * 3600), cycle: 3))
            let (plan, _) = try await Bus.next(RecommendationSet.self, on: plans)
            #expect(plan.status == .stale)
            #expect(plan.recommendations.isEmpty)
        }
    }

    @Test("maintenance ON/OFF round-trips, is published retained and survives a restart", .timeLimit(.minutes(1)))
    func maintenance() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            let states = try await client.subscribe(topics.maintenance)
            let answers = try await client.subscribe(topics.response(.scoring, op: "maintenance"))
            let (initial, _) = try await Bus.next(MaintenanceState.self, on: states)
            #expect(initial.nodes.isEmpty)
            // Node names are checked against the latest snapshot.
            let plans = try await client.subscribe(topics.recommendations)
            try await publishSnapshot(client, F.snapshot())
            _ = try await Bus.next(RecommendationSet.self, on: plans)

            try await client.publish(MQTTMessage(topic: topics.maintenanceSet(node: "pve2"), string: " on\n"))
            let (on, _) = try await Bus.next(MaintenanceState.self, on: states)
            #expect(on.nodes == ["pve2"])
            #expect(on.cluster == F.cluster)
            let (reply, _) = try await Bus.next(Reply<MaintenanceState>.self, on: answers)
            #expect(reply.ok && reply.result?.nodes == ["pve2"])

            try await client.publish(MQTTMessage(topic: topics.maintenanceSet(node: "pve2"), string: "maybe"))
            let (refused, _) = try await Bus.next(Reply<MaintenanceState>.self, on: answers)
            #expect(refused.error?.code == "invalid")

            // Restart on the same data directory, with the broker's copy gone: the list comes from SQLite.
            try await client.publish(MQTTMessage(topic: topics.maintenance, payload: [], retain: true))
            try await session.restart()
            let (restored, _) = try await Bus.next(MaintenanceState.self, on: states) { !$0.nodes.isEmpty }
            #expect(restored.nodes == ["pve2"])

            try await client.publish(MQTTMessage(topic: topics.maintenanceSet(node: "pve2"), string: "OFF"))
            let (off, _) = try await Bus.next(MaintenanceState.self, on: states) { $0.nodes.isEmpty }
            #expect(off.nodes.isEmpty)
        }
    }

    @Test("a maintenance change sent an hour ago (user property sent_at) is refused as stale and changes nothing", .timeLimit(.minutes(1)))
    func staleMaintenance() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            let answers = try await client.subscribe(topics.response(.scoring, op: "maintenance"))
            let hourAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            var stale = MQTTMessage(topic: topics.maintenanceSet(node: "pve2"), string: "ON")
            stale.userProperties = [MQTTUserProperty(name: "sent_at", value: hourAgo)]
            try await client.publish(stale)
            let (refused, _) = try await Bus.next(Reply<MaintenanceState>.self, on: answers)
            #expect(refused.error?.code == "stale")
            let maintenance = try await Bus.request(client, topics.request(.scoring, op: "recommendations"), #"{"id":"m"}"#, as: JSONValue.self)
            #expect(maintenance.id == "m")
            let states = try await client.subscribe(topics.maintenance)
            let (state, _) = try await Bus.next(MaintenanceState.self, on: states)
            #expect(state.nodes.isEmpty)
        }
    }

    @Test("settings: a bad value is refused naming the field; a good partial update is echoed and persisted", .timeLimit(.minutes(1)))
    func settings() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client
            let set = topics.settingsSet(.scoring)

            let refused = try await Bus.request(client, set, #"{"id":"s1","penalties":{"cpu_threshold":150}}"#, as: ScoringSettings.self)
            #expect(!refused.ok)
            #expect(refused.id == "s1")
            #expect(refused.error?.code == "invalid")
            #expect(refused.error?.message.contains("penalties.cpu_threshold") == true)
            let unknown = try await Bus.request(client, set, #"{"max_moves":3}"#, as: ScoringSettings.self)
            #expect(unknown.error?.code == "invalid")
            #expect(unknown.error?.message.contains("max_moves") == true)
            let malformed = try await Bus.request(client, set, "{oops", as: ScoringSettings.self)
            #expect(malformed.error?.code == "malformed")
            let (unchanged, _) = try await Bus.next(ScoringSettings.self, on: try await client.subscribe(topics.settings(.scoring)))
            #expect(unchanged == ScoringSettings())

            let accepted = try await Bus.request(
                client, set, #"{"id":"s2","max_moves_per_plan":5,"penalties":{"weight_24h":0.25,"weight_7d":0.25}}"#,
                as: ScoringSettings.self)
            #expect(accepted.ok)
            #expect(accepted.id == "s2")
            #expect(accepted.result?.maxMovesPerPlan == 5)
            #expect(accepted.result?.penalties.weight24h == 0.25)

            try await session.restart()
            let late = try await Bus.client(session.broker)
            let (persisted, _) = try await Bus.next(ScoringSettings.self, on: try await late.subscribe(topics.settings(.scoring)))
            #expect(persisted.maxMovesPerPlan == 5)
            #expect(persisted.penalties.weight7d == 0.25)
            await late.disconnect()
        }
    }

    @Test("requests: answers on the response topic or the fallback topic; unknown op and malformed payloads are errors", .timeLimit(.minutes(1)))
    func requests() async throws {
        try await ScoringSession.run(directory: directory.path, topics: topics) { session in
            let client = session.client

            let early = try await Bus.request(client, topics.request(.scoring, op: "why"), #"{"id":"w0","vmid":101}"#, as: GuestExplanation.self)
            #expect(early.error?.code == "no_data")

            let plans = try await client.subscribe(topics.recommendations)
            try await publishSnapshot(client, F.snapshot())
            _ = try await Bus.next(RecommendationSet.self, on: plans)

            let why = try await Bus.request(client, topics.request(.scoring, op: "why"), #"{"id":"w1","vmid":900}"#, as: GuestExplanation.self)
            #expect(why.ok && why.id == "w1")
            #expect(why.result?.answer.contains("template") == true)
            let page = try await Bus.request(
                client, topics.request(.scoring, op: "recommendations"), #"{"id":"r1","limit":10}"#, as: RecommendationPage.self)
            #expect(page.result?.limit == 10)
            let csv = try await Bus.request(client, topics.request(.scoring, op: "export"), #"{"id":"e1","format":"csv"}"#, as: String.self)
            #expect(csv.result?.hasPrefix(RecommendationExport.columns.joined(separator: ",")) == true)

            let unknown = try await Bus.request(client, topics.request(.scoring, op: "teleport"), #"{"id":"u1"}"#, as: JSONValue.self)
            #expect(unknown.error?.code == "unknown_operation")
            #expect(unknown.id == "u1")
            let malformed = try await Bus.request(
                client, topics.request(.scoring, op: "migration_options"), #"{"id":"m1","vmid":"abc"}"#, as: JSONValue.self)
            #expect(malformed.error?.code == "malformed")
            #expect(malformed.id == "m1")

            // An MQTT v3 style requester: no response topic, the answer comes on the fallback topic.
            let fallback = try await client.subscribe(topics.response(.scoring, op: "why"))
            try await client.publish(MQTTMessage(topic: topics.request(.scoring, op: "why"), string: "not json"))
            let (answer, _) = try await Bus.next(Reply<JSONValue>.self, on: fallback)
            #expect(answer.error?.code == "malformed")
            #expect(answer.id == nil)
        }
    }
}
