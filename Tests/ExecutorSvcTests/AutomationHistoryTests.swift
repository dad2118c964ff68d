import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Testing

@Suite("Automation history: cooldown, rollback, observation")
struct AutomationHistoryTests {
    typealias F = AutomationFixtures

    @Test("cooldown escalates ×min(8, 2^(n−1)) with n migrations in 7 days", arguments: [(1, 30), (2, 60), (3, 120), (4, 240), (9, 240)])
    func escalation(_ moves: Int, _ minutes: Int) {
        #expect(CooldownPolicy.minutes(base: 30, recentMoves: moves, escalation: true) == minutes)
        #expect(CooldownPolicy.minutes(base: 30, recentMoves: moves, escalation: false) == 30)
    }

    @Test("three moves in 7 days give 120 min from the last one; older moves do not count")
    func activeCooldown() throws {
        let settings = AutomationSettings()
        let history = [
            F.past(101, "pve1", "pve2", minutesAgo: 100), F.past(101, "pve2", "pve3", minutesAgo: 2000),
            F.past(101, "pve3", "pve1", minutesAgo: 5000, succeeded: false), F.past(101, "pve3", "pve1", minutesAgo: 8 * 1440),
            F.past(102, "pve1", "pve2", minutesAgo: 1),
        ]
        let cooldown = try #require(CooldownPolicy.active(vmid: 101, history: history, settings: settings, now: F.now))
        #expect(cooldown.recentMoves == 3)
        #expect(cooldown.minutes == 120)
        #expect(cooldown.endsAt == F.now.addingTimeInterval(20 * 60))
        #expect(CooldownPolicy.active(vmid: 101, history: history, settings: settings, now: F.now.addingTimeInterval(20 * 60)) == nil)
        #expect(CooldownPolicy.active(vmid: 103, history: history, settings: settings, now: F.now) == nil)
    }

    @Test("one move gives the plain cooldown; cooldown 0 never holds a guest")
    func plainCooldown() {
        var settings = AutomationSettings()
        let history = [F.past(101, "pve1", "pve2", minutesAgo: 29)]
        #expect(CooldownPolicy.active(vmid: 101, history: history, settings: settings, now: F.now)?.minutes == 30)
        settings.cooldownMinutes = 0
        #expect(CooldownPolicy.active(vmid: 101, history: history, settings: settings, now: F.now) == nil)
    }

    @Test("rollback: only a successful move off the target within the window counts")
    func rollbackWindow() {
        func undone(_ history: [PastMigration]) -> PastMigration? {
            RollbackGuard.undoneMove(vmid: 101, target: "pve2", history: history, windowHours: 24, now: F.now)
        }
        #expect(undone([F.past(101, "pve2", "pve1", minutesAgo: 23 * 60)]) != nil)
        #expect(undone([F.past(101, "pve2", "pve1", minutesAgo: 25 * 60)]) == nil)
        #expect(undone([F.past(101, "pve2", "pve1", minutesAgo: 60, succeeded: false)]) == nil)
        #expect(undone([F.past(101, "pve1", "pve2", minutesAgo: 60)]) == nil)
        #expect(undone([F.past(102, "pve2", "pve1", minutesAgo: 60)]) == nil)
    }

    @Test("a plan seen twice (retained redelivery) counts once; a missing move resets; stale plans change nothing")
    func observationLedger() {
        let move = F.move(101)
        let first = F.plan([move], at: F.now.addingTimeInterval(-600))
        var ledger = ObservationLedger()
        ledger.record(first)
        ledger.record(first)
        #expect(ledger.streak(of: move.id) == 1)
        ledger.record(F.plan([move], at: F.now.addingTimeInterval(-300)))
        #expect(ledger.streak(of: move.id) == 2)
        ledger.record(F.plan([move], status: .stale, at: F.now.addingTimeInterval(-200)))
        ledger.record(F.plan([], status: .unavailable, at: F.now.addingTimeInterval(-150)))
        #expect(ledger.streak(of: move.id) == 2)
        ledger.record(F.plan([F.move(102)], at: F.now.addingTimeInterval(-100)))
        #expect(ledger.streak(of: move.id) == 0)
        #expect(ledger.streaks == ["102:pve1:pve2": 1])
        ledger.record(F.plan([move], at: F.now))
        #expect(ledger.streak(of: move.id) == 1)
    }

    @Test("the ledger survives a JSON round trip through the contract's coding, ids intact")
    func ledgerCoding() throws {
        var ledger = ObservationLedger()
        ledger.record(F.plan([F.move(101, "PVE1", "Node-B")]))
        let data = try MessageCoding.encode(ledger)
        #expect(String(decoding: data, as: UTF8.self).contains("\"id\":\"101:PVE1:Node-B\""))
        let decoded = try MessageCoding.decode(ObservationLedger.self, from: data)
        #expect(decoded == ledger)
        #expect(decoded.streak(of: "101:PVE1:Node-B") == 1)
    }
}
