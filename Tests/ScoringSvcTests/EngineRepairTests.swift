import Contract
import Foundation
import Testing

@testable import ScoringEngine

/// Broken anti-affinity and affinity placements: reported in the summary and repaired with the fewest moves.
@Suite("Engine: repair of broken placement rules")
struct EngineRepairTests {
    static let nodes = [
        Lab.node("pve1", cpu: 45, memory: 40), Lab.node("pve2", cpu: 25, memory: 35), Lab.node("pve3", cpu: 20, memory: 30),
    ]

    @Test("two exclude_ guests on one node: one moves to a node without the group, nothing else moves")
    func antiAffinityPair() throws {
        let snapshot = Lab.snapshot(
            Self.nodes,
            [
                Lab.guest(101, on: "pve1", tags: ["exclude_web"]), Lab.guest(102, on: "pve1", cores: 1, tags: ["exclude_web"]),
                Lab.guest(103, on: "pve1"), Lab.guest(201, on: "pve2", tags: ["exclude_web"]), Lab.guest(301, on: "pve3"),
            ])
        let plan = Lab.plan(snapshot)
        #expect(plan.recommendations.count == 1)
        let move = try #require(plan.recommendations.first)
        #expect([101, 102].contains(move.vmid))
        #expect(move.kind == .ruleRepair && move.target == "pve3")
        #expect(move.reason.primaryReason == "rule_repair")
        #expect(move.reason.summary.contains("repairs anti-affinity group web"))
        #expect(plan.status == .recommendations)
        #expect(plan.message.contains("repair 1 placement rule"))
        let violation = try #require(plan.summary.ruleViolations.first)
        #expect(plan.summary.ruleViolations.count == 1)
        #expect(violation.rule == "anti_affinity" && violation.group == "web" && violation.nodes == ["pve1"])
        #expect(violation.vmids == [101, 102] && violation.repaired)
        // As published: the summary's rule_violations and the move's kind and mode.
        let json = try #require(String(data: try MessageCoding.encode(plan), encoding: .utf8))
        #expect(json.contains(#""rule_violations":[{"#) && json.contains(#""kind":"rule_repair""#))
        #expect(json.contains(#""mode":"online""#))
    }

    @Test("an affinity group split across nodes gathers where the fewest guests move")
    func affinitySplit() throws {
        let guests = [
            Lab.guest(101, on: "pve1", tags: ["affinity_db"]), Lab.guest(201, on: "pve2", tags: ["affinity_db"]),
            Lab.guest(202, on: "pve2", tags: ["affinity_db"]), Lab.guest(301, on: "pve3"),
        ]
        let plan = Lab.plan(Lab.snapshot(Self.nodes, guests))
        #expect(plan.recommendations.map(\.vmid) == [101])
        #expect(plan.move(101)?.target == "pve2" && plan.move(101)?.kind == .ruleRepair)
        #expect(plan.move(101)?.reason.summary.contains("repairs affinity group db") == true)
        let violation = try #require(plan.summary.ruleViolations.first)
        #expect(violation.rule == "affinity" && violation.nodes == ["pve1", "pve2"] && violation.repaired)
        #expect(violation.vmids == [101, 201, 202])

        // pve2 cannot commit an 80 GiB guest: the two on pve2 join it on pve1 instead.
        var large = guests
        large[0] = Lab.guest(101, on: "pve1", maxGiB: 80, tags: ["affinity_db"])
        let cooler = [Lab.node("pve1", cpu: 20, memory: 40), Lab.node("pve2", cpu: 45, memory: 35), Self.nodes[2]]
        let other = Lab.plan(
            Lab.snapshot(cooler, large + [Lab.guest(203, on: "pve2", cores: 0.5, memoryGiB: 2, maxGiB: 60)]))
        #expect(Set(other.recommendations.map(\.vmid)) == [201, 202])
        #expect(other.recommendations.allSatisfy { $0.target == "pve1" })
        #expect(other.summary.ruleViolations.first?.repaired == true)
    }

    @Test("a violation no move can repair is reported, and nothing moves")
    func unrepairable() throws {
        let snapshot = Lab.snapshot(
            Self.nodes,
            [
                Lab.guest(101, on: "pve1", tags: ["exclude_web"]), Lab.guest(102, on: "pve1", tags: ["exclude_web"]),
                Lab.guest(201, on: "pve2", tags: ["exclude_web"]), Lab.guest(301, on: "pve3", tags: ["exclude_web"]),
            ])
        let plan = Lab.plan(snapshot)
        #expect(plan.recommendations.isEmpty)
        let violation = try #require(plan.summary.ruleViolations.first)
        #expect(!violation.repaired)
        #expect(violation.detail.contains("no move repairs it"))
    }

    @Test("a healthy cluster that breaks no rule reports no violation")
    func noViolation() {
        let snapshot = Lab.snapshot(
            Self.nodes,
            [Lab.guest(101, on: "pve1", tags: ["exclude_web", "affinity_db"]), Lab.guest(201, on: "pve2", tags: ["exclude_web"])])
        let plan = Lab.plan(snapshot)
        #expect(plan.summary.ruleViolations.isEmpty)
        #expect(plan.recommendations.isEmpty)
    }
}
