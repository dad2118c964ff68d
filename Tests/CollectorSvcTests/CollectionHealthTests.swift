import Contract
import Foundation
import Testing

@testable import CollectorSvc

/// The hysteresis of the collector's events: which outcomes announce what.
@Suite("Collection health")
struct CollectionHealthTests {
    let t0 = Date(timeIntervalSince1970: 1_763_884_800)
    let failed = CycleOutcome.failed(endpoint: "/cluster/resources", message: "connection refused", authentication: false)
    let rejected = CycleOutcome.failed(endpoint: "/cluster/status", message: "authentication failure", authentication: true)
    let good = CycleOutcome.collected(offlineNodes: [])

    /// The kinds of the events of each outcome in turn, flattened.
    func kinds(_ outcomes: [CycleOutcome], health: inout CollectionHealth) -> [String] {
        outcomes.flatMap { health.events(for: $0, cluster: "c", pveURL: "https://pve:8006", at: t0).map(\.kind) }
    }

    @Test("a lone failed cycle is not announced; the second within the window is, once")
    func outage() {
        var health = CollectionHealth()
        #expect(kinds([failed], health: &health).isEmpty)
        let second = health.events(for: failed, cluster: "c", pveURL: "https://pve:8006", at: t0)
        #expect(second.map(\.kind) == ["collection_failed"])
        #expect(second.first?.severity == .critical)
        #expect(second.first?.message.contains("https://pve:8006") == true)
        #expect(second.first?.details.contains { $0.name == "failed_cycles" && $0.value == "2 of the last 2" } == true)
        #expect(kinds(Array(repeating: failed, count: 30), health: &health).isEmpty)
    }

    @Test("recovered comes after a whole window of good cycles, once")
    func recovery() {
        var health = CollectionHealth()
        #expect(kinds([failed, failed], health: &health) == ["collection_failed"])
        #expect(kinds(Array(repeating: good, count: 9), health: &health).isEmpty)
        let back = health.events(for: good, cluster: "c", pveURL: "https://pve:8006", at: t0)
        #expect(back.map(\.kind) == ["recovered"])
        #expect(back.first?.severity == .info)
        #expect(!health.failing)
        #expect(kinds(Array(repeating: good, count: 20), health: &health).isEmpty)
        // The window is clean again: one more lone failure is only logged.
        #expect(kinds([failed] + Array(repeating: good, count: 10), health: &health).isEmpty)
    }

    @Test("one failed cycle in five gives one collection_failed and, once it stops, one recovered")
    func flakyAPI() {
        var health = CollectionHealth()
        let flaky = (0..<100).map { $0 % 5 == 0 ? failed : good }
        #expect(kinds(flaky, health: &health) == ["collection_failed"])
        #expect(health.failing)
        #expect(kinds(Array(repeating: good, count: 15), health: &health) == ["recovered"])
    }

    @Test("failures a whole window apart are never announced")
    func rareFailures() {
        var health = CollectionHealth()
        let rare = (0..<100).map { $0 % 10 == 0 ? failed : good }
        #expect(kinds(rare, health: &health).isEmpty)
    }

    @Test("a rejected token is announced at once, pointing at the token, also during a collection failure, and not repeated")
    func authFailure() {
        var health = CollectionHealth()
        let events = health.events(for: rejected, cluster: "c", pveURL: "https://pve:8006", at: t0)
        #expect(events.map(\.kind) == ["auth_failed"])
        #expect(events.first?.message.contains("PROXBALANCE_PVE_TOKEN") == true)
        #expect(kinds([rejected, failed, rejected], health: &health).isEmpty)
        #expect(kinds(Array(repeating: good, count: 10), health: &health) == ["recovered"])

        var escalated = CollectionHealth()
        #expect(kinds([failed, failed, rejected, rejected], health: &escalated) == ["collection_failed", "auth_failed"])
    }

    @Test("nodes going offline and back are announced on the transition only, whatever the failures")
    func nodeTransitions() {
        var health = CollectionHealth()
        #expect(health.events(for: .collected(offlineNodes: ["pve6"]), cluster: "c", pveURL: "u", at: t0).map(\.kind) == ["node_offline"])
        #expect(health.events(for: .collected(offlineNodes: ["pve6"]), cluster: "c", pveURL: "u", at: t0).isEmpty)
        #expect(health.events(for: failed, cluster: "c", pveURL: "u", at: t0).isEmpty)
        let changed = health.events(for: .collected(offlineNodes: ["pve5"]), cluster: "c", pveURL: "u", at: t0)
        #expect(changed.map(\.kind) == ["node_offline", "node_online"])
        #expect(changed.map { $0.details.first?.value } == ["pve5", "pve6"])
    }
}
