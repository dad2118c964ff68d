import Contract
import Foundation
import ScoringEngine
import ScoringSvc
import TestSupport
import Testing

@Suite("Reports: settings simulation")
struct SettingsSimulationTests {
    /// pve1 just over the balanced CPU threshold (60 %), under the conservative one (70 %).
    static let warmCluster = Lab.snapshot(
        [Lab.node("pve1", cpu: 66, memory: 50), Lab.node("pve2", cpu: 20, memory: 40), Lab.node("pve3", cpu: 30, memory: 45)],
        (0..<6).map { Lab.guest(101 + $0, on: "pve1", cores: 3) } + [Lab.guest(201, on: "pve2"), Lab.guest(301, on: "pve3")])

    func simulate(_ patch: String, on snapshot: ClusterSnapshot = warmCluster) throws -> (SettingsSimulation, RecommendationSet) {
        let proposed = try SettingsUpdate.apply(Data(patch.utf8), to: ScoringSettings())
        let current = PlanInput(snapshot: snapshot, now: Lab.now)
        let next = PlanInput(snapshot: snapshot, settings: proposed, now: Lab.now)
        let plan = Planner.plan(current)
        return (
            SettingsSimulation.compare(
                current: plan, proposed: Planner.plan(next), scoresBefore: Planner.scores(current), scoresAfter: Planner.scores(next),
                settings: proposed),
            plan
        )
    }

    @Test("a conservative preset makes every move of a node just over 60 % CPU disappear and lowers its score")
    func conservative() throws {
        let (result, current) = try simulate(#"{"sensitivity": "conservative"}"#)
        #expect(!current.recommendations.isEmpty)
        #expect(result.disappeared.map(\.vmid) == current.recommendations.map(\.vmid))
        #expect(result.disappeared.allSatisfy { $0.source == "pve1" })
        #expect(result.appeared.isEmpty && result.changed.isEmpty && result.unchanged == 0)
        #expect(result.current.status == .recommendations && result.current.moves == current.recommendations.count)
        #expect(result.proposed.status == .balanced && result.proposed.moves == 0)
        #expect(result.nodes.map(\.node) == ["pve1", "pve2", "pve3"])
        let pve1 = try #require(result.nodes.first)
        // 66 % is over 60 % (20 points) but under 70 %: the current-CPU penalty goes.
        #expect(try #require(pve1.delta) < 0)
        #expect(pve1.delta == Rounding.round(try #require(pve1.after) - (try #require(pve1.before))))
        #expect(result.settings.penalties.cpuThreshold == 70)
    }

    @Test("the settings in effect compared with themselves change nothing")
    func same() throws {
        let (result, current) = try simulate("{}")
        #expect(result.appeared.isEmpty && result.disappeared.isEmpty && result.changed.isEmpty)
        #expect(result.unchanged == current.recommendations.count)
        #expect(result.nodes.allSatisfy { $0.delta == 0 })
        #expect(result.current == result.proposed)
    }

    @Test("a move with another target or step is reported as changed, with both")
    func changed() throws {
        let current = Lab.plan(Self.warmCluster)
        let first = try #require(current.recommendations.first)
        var proposed = current
        proposed.recommendations[0].target = "pve9"
        proposed.recommendations.append(first)
        proposed.recommendations[proposed.recommendations.count - 1].vmid = 999
        let scores = Planner.scores(PlanInput(snapshot: Self.warmCluster, now: Lab.now))
        let result = SettingsSimulation.compare(
            current: current, proposed: proposed, scoresBefore: scores, scoresAfter: scores, settings: ScoringSettings())
        #expect(result.changed.count == 1)
        let change = try #require(result.changed.first)
        #expect(change.vmid == first.vmid && change.source == first.source && change.name == first.name)
        #expect(change.targetBefore == first.target && change.targetAfter == "pve9")
        #expect(change.stepBefore == first.step && change.stepAfter == first.step)
        #expect(result.appeared.map(\.vmid) == [999])
        #expect(result.disappeared.isEmpty)
        #expect(result.unchanged == current.recommendations.count - 1)
    }
}
