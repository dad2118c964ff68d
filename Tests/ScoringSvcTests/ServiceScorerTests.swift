import Contract
import Foundation
import Logging
import MQTT
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@Suite("Service: the scorer without a broker")
struct ServiceScorerTests {
    typealias F = ServiceFixtures
    let directory: TemporaryDirectory
    let topics = Topics(cluster: F.cluster)
    let bus = RecordingBus()
    let clock = TestClock()
    let logger = Logger(label: "scorer-test")

    init() throws {
        directory = try TemporaryDirectory(prefix: "scoring-scorer")
    }

    func makeScorer() async throws -> Scorer {
        let clock = clock
        return try await Scorer(
            database: try ScoringDatabase.open(directory: directory.path, logger: logger), bus: bus, topics: topics,
            now: { clock.now }, logger: logger)
    }

    @Test("announce publishes the retained maintenance list and settings")
    func announce() async throws {
        let scorer = try await makeScorer()
        await scorer.announce()
        let maintenance = try bus.decoded(MaintenanceState.self, on: topics.maintenance)
        #expect(maintenance == [MaintenanceState(cluster: F.cluster, nodes: [], updatedAt: clock.now)])
        #expect(try bus.decoded(ScoringSettings.self, on: topics.settings(.scoring)) == [ScoringSettings()])
        #expect(bus.published.allSatisfy { $0.retain })
    }

    @Test("each snapshot is planned at the injected time with a change log from the second plan on")
    func plansWithClock() async throws {
        let scorer = try await makeScorer()
        let start = clock.now
        await scorer.receive(F.snapshot(at: start.addingTimeInterval(-5), cycle: 1))
        let second = clock.advance(60)
        await scorer.receive(F.snapshot(at: second.addingTimeInterval(-5), cycle: 2))

        let plans = try bus.decoded(RecommendationSet.self, on: topics.recommendations)
        #expect(plans.map(\.snapshotCycle) == [1, 2])
        #expect(plans.map(\.generatedAt) == [start, second])
        #expect(plans[0].changes == nil)
        #expect(plans[1].changes?.previousGeneratedAt == start)
        #expect(plans.allSatisfy { $0.status != .stale })
        #expect(try bus.decoded(NodeScoresReport.self, on: topics.scores).count == 2)
        #expect(bus.published.filter { $0.topic == topics.recommendations || $0.topic == topics.scores }.allSatisfy { $0.retain })
        #expect(await scorer.state().input?.snapshot.collection.cycle == 2)
    }

    @Test("node history feeds the plan input's trends and is reloaded after a restart")
    func history() async throws {
        let scorer = try await makeScorer()
        for cycle in 1...4 {
            await scorer.receive(F.snapshot(at: clock.advance(60), cycle: cycle))
        }
        #expect(await scorer.state().input?.history["pve1"]?.samples == 4)

        let restarted = try await makeScorer()
        await restarted.receive(F.snapshot(at: clock.advance(60), cycle: 5))
        #expect(await restarted.state().input?.history["pve1"]?.samples == 5)
        clock.advance(8 * 86_400)  // past the 7-day retention: the old samples go
        await restarted.receive(F.snapshot(at: clock.now, cycle: 6))
        #expect(await restarted.state().input?.history.isEmpty == true)
    }

    @Test("after a restart the same plan announces nothing again; a changed one does")
    func eventsSurviveRestart() async throws {
        let first = try await makeScorer()
        await first.receive(F.snapshot(at: clock.now, cycle: 1))
        let generated = { [bus, topics] in
            try bus.decoded(BusEvent.self, on: topics.events(.recommendations)).filter { $0.kind == "generated" }
        }
        #expect(try generated().count == 1)

        bus.clear()
        let restarted = try await makeScorer()
        await restarted.receive(F.snapshot(at: clock.advance(60), cycle: 2))
        #expect(try generated().isEmpty)
        let plan = try #require(try bus.decoded(RecommendationSet.self, on: topics.recommendations).first)
        let target = try #require(plan.recommendations.first?.target)

        // Its target goes into maintenance: the moves change, and that is announced.
        _ = try await restarted.setMaintenance(target, true)
        #expect(try generated().count == 1)
    }

    @Test("an old snapshot is planned as stale")
    func stale() async throws {
        let scorer = try await makeScorer()
        await scorer.receive(F.snapshot(at: clock.now.addingTimeInterval(-3600)))
        #expect(try bus.decoded(RecommendationSet.self, on: topics.recommendations).map(\.status) == [.stale])
    }

    @Test("maintenance joins Proxmox HA maintenance in the plan input, is published and re-planned")
    func maintenance() async throws {
        let scorer = try await makeScorer()
        await scorer.receive(F.snapshot(at: clock.now, haMaintenance: ["pve3"]))
        #expect(await scorer.state().input?.maintenance == ["pve3"])
        bus.clear()
        let state = try await scorer.setMaintenance("pve2", true)
        #expect(state.nodes == ["pve2"])
        #expect(await scorer.state().input?.maintenance == ["pve2", "pve3"])
        #expect(try bus.decoded(MaintenanceState.self, on: topics.maintenance).map(\.nodes) == [["pve2"]])
        #expect(try bus.decoded(RecommendationSet.self, on: topics.recommendations).count == 1)

        let restarted = try await makeScorer()
        #expect(await restarted.maintenanceState.nodes == ["pve2"])
    }

    @Test("a settings update is applied, persisted and published; a bad one changes nothing")
    func settings() async throws {
        let scorer = try await makeScorer()
        let refused = await scorer.updateSettings(Data(#"{"penalties": {"cpu_threshold": 0}}"#.utf8))
        guard case .failure(let error) = refused else { throw TestFailure("accepted a bad update") }
        #expect(error.code == "invalid")
        #expect(bus.published.isEmpty)

        let accepted = await scorer.updateSettings(Data(#"{"max_moves_per_plan": 4}"#.utf8))
        #expect((try? accepted.get())?.maxMovesPerPlan == 4)
        #expect(try bus.decoded(ScoringSettings.self, on: topics.settings(.scoring)).map(\.maxMovesPerPlan) == [4])
        await (try await makeScorer()).announce()
        #expect(try bus.decoded(ScoringSettings.self, on: topics.settings(.scoring)).last?.maxMovesPerPlan == 4)
    }
}
