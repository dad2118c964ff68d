import Contract
import Foundation
import ScoringSvc
import Testing

@Suite("Reports: change log between plans")
struct ReportsChangeLogTests {
    typealias F = ServiceFixtures

    @Test("the first plan after a start has no change log")
    func firstPlan() {
        #expect(ChangeLog.changes(from: nil, to: F.plan([F.move(101)])) == nil)
    }

    @Test("added, removed, retargeted and unchanged moves by vmid")
    func classification() throws {
        let previous = F.plan(
            [F.move(101, to: "pve2"), F.move(102, to: "pve2"), F.move(103, to: "pve3"), F.move(104, from: "pve1", to: "pve3")],
            at: Date(timeIntervalSince1970: 1_000))
        let current = F.plan([
            F.move(101, to: "pve2"), F.move(103, to: "pve2"), F.move(105, to: "pve3"), F.move(104, from: "pve2", to: "pve3"),
        ])
        let changes = try #require(ChangeLog.changes(from: previous, to: current))
        #expect(changes.previousGeneratedAt == Date(timeIntervalSince1970: 1_000))
        #expect(changes.unchanged == [101])
        #expect(changes.retargeted == [PlanChanges.Retarget(vmid: 103, from: "pve3", to: "pve2")])
        #expect(changes.added == [104, 105])  // 104 moved meanwhile: a new move from its new node
        #expect(changes.removed == [102])
        #expect(!changes.isEmpty)
    }

    @Test("the same moves again change nothing")
    func same() throws {
        let plan = F.plan([F.move(101), F.move(111, type: .lxc)])
        let changes = try #require(ChangeLog.changes(from: plan, to: plan))
        #expect(changes.isEmpty)
        #expect(changes.unchanged == [101, 111])
    }
}
