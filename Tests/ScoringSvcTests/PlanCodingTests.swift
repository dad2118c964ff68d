import Contract
import Foundation
import ScoringEngine
import TestSupport
import Testing

/// The published plan through the fast codec: the same bytes as Foundation's encoder, read back
/// the same.
@Suite("Plan coding")
struct PlanCodingTests {
    @Test("a generated cluster's plan (moves, skips, refused targets) is written as Foundation writes it")
    func generatedPlan() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let snapshot = SyntheticCluster.snapshot(nodes: 8, guests: 400, seed: 3, at: now)
        for maintenance in [Set<String>(), ["pve1"]] {
            let plan = Planner.plan(PlanInput(snapshot: snapshot, maintenance: maintenance, now: now))
            #expect(!plan.skipped.isEmpty)
            let fast = try MessageCoding.encode(plan)
            #expect(String(decoding: fast, as: UTF8.self) == String(decoding: try MessageCoding.encodeWithFoundation(plan), as: UTF8.self))
            #expect(
                try MessageCoding.decode(RecommendationSet.self, from: fast) == MessageCoding.decodeWithFoundation(RecommendationSet.self, from: fast)
            )
        }
    }

    @Test("skipped guests with every optional field, awkward text and extreme numbers")
    func skippedGuests() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var plan = Planner.plan(PlanInput(snapshot: SyntheticCluster.snapshot(nodes: 3, guests: 10, seed: 1, at: now), now: now))
        plan.skipped = [
            SkippedGuest(
                vmid: 7, name: "n\u{1}\"é🙂", type: .lxc, node: "pve/1", reason: .noSuitableTarget, detail: "tab\there", bestTarget: "pve2",
                improvement: 1e-9,
                disqualified: [TargetDisqualification(node: "pve2", rule: "rule_storage", detail: "\\lacks\n")]),
            SkippedGuest(vmid: 8, name: nil, type: .qemu, node: "pve1", reason: .stopped, detail: ""),
        ]
        #expect(try MessageCoding.encode(plan) == MessageCoding.encodeWithFoundation(plan))
        plan.skipped[0].improvement = .infinity
        #expect(throws: EncodingError.self) { try MessageCoding.encode(plan) }
    }
}
