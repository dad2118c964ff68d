import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("Reports: plan events")
struct ReportsPlanEventsTests {
    typealias F = ServiceFixtures

    func kinds(_ events: [BusEvent]) -> [String] { events.map(\.kind) }

    @Test("new moves after a start: generated, with the cluster and the moves in words")
    func generated() throws {
        let events = PlanEvents.events(previous: nil, current: F.plan([F.move(101), F.move(111, name: "syncthing", type: .lxc)]))
        let event = try #require(events.first)
        #expect(kinds(events) == ["generated"])
        #expect(event.category == .recommendations)
        #expect(event.severity == .info)
        #expect(event.cluster == "lab")
        #expect(event.title == "lab: 2 moves recommended")
        #expect(event.message.contains("VM 101 (web) pve1 → pve2, CT 111 (syncthing) pve1 → pve2"))
    }

    @Test("the same moves again cause nothing; a changed set is generated again")
    func sameAndChanged() {
        let plan = F.plan([F.move(101)])
        #expect(PlanEvents.events(previous: plan, current: F.plan([F.move(101)])).isEmpty)
        #expect(kinds(PlanEvents.events(previous: plan, current: F.plan([F.move(101, to: "pve3")]))) == ["generated"])
    }

    @Test("urgency rising to high or critical is urgent once")
    func urgent() throws {
        let calm = F.plan([F.move(101)], urgency: .medium)
        let high = F.plan([F.move(101)], urgency: .high)
        let critical = F.plan([F.move(101)], urgency: .critical)
        #expect(try #require(PlanEvents.events(previous: calm, current: high).first).severity == .warning)
        #expect(try #require(PlanEvents.events(previous: calm, current: critical).first).severity == .critical)
        #expect(PlanEvents.events(previous: high, current: critical).isEmpty)
        #expect(PlanEvents.events(previous: high, current: high).isEmpty)
    }

    @Test("moves before and none now: cleared")
    func cleared() {
        let events = PlanEvents.events(previous: F.plan([F.move(101)]), current: F.plan([]))
        #expect(kinds(events) == ["cleared"])
        #expect(events.first?.severity == .info)
        #expect(PlanEvents.events(previous: F.plan([]), current: F.plan([])).isEmpty)
    }

    @Test("a stale plan causes no event (it cannot tell)")
    func stale() {
        #expect(PlanEvents.events(previous: F.plan([F.move(101)]), current: F.plan([], status: .stale)).isEmpty)
        #expect(!PlanEvents.isUsable(F.plan([], status: .unavailable)))
    }

    @Test("capacity: one event per advisory kind that newly appears, with its severity")
    func capacity() {
        let before = F.plan([], advisories: [F.advisory("limited_cpu_headroom")])
        let after = F.plan(
            [],
            advisories: [
                F.advisory("limited_cpu_headroom"), F.advisory("n_plus_one", severity: "critical"),
                F.advisory("n_plus_one", severity: "critical"),
            ])
        let events = PlanEvents.events(previous: before, current: after)
        #expect(kinds(events) == ["n_plus_one"])
        #expect(events.first?.category == .capacity)
        #expect(events.first?.severity == .critical)
        #expect(events.first?.title == "lab: n plus one")
        #expect(events.first?.message == "CPU headroom is limited: 12 % left. Add a node or reduce load.")
    }
}
