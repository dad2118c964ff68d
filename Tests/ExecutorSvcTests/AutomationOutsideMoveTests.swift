import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Testing

/// Moves made outside ProxBalance (the Proxmox UI, HA) in the automation's cooldown, rollback
/// detection and `recently_moved` check.
@Suite("Automation: moves made outside ProxBalance")
struct AutomationOutsideMoveTests {
    typealias F = AutomationFixtures

    /// An admin's move of `vmid`, as scoring saw it `minutesAgo` before `F.now`.
    static func outside(_ vmid: Int, _ from: String, _ to: String, minutesAgo: Double) -> PastMigration {
        PastMigration(outside: PlacementChange(vmid: vmid, from: from, to: to, at: F.now.addingTimeInterval(-minutesAgo * 60), by: .outside))
    }

    @Test("a placement change is a successful migration made outside ProxBalance, finished when the snapshot showed it")
    func fromPlacementChange() {
        let at = F.now.addingTimeInterval(-600)
        let move = PastMigration(outside: PlacementChange(vmid: 116, from: "pve3", to: "pve4", at: at, by: .outside))
        #expect(move == PastMigration(vmid: 116, source: "pve3", target: "pve4", finishedAt: at, succeeded: true, origin: .outside))
    }

    @Test("a guest moved by hand 10 min ago is held for the cooldown, and the reason says it was moved outside ProxBalance")
    func cooldown() {
        let history = [Self.outside(101, "pve3", "pve1", minutesAgo: 10)]
        let state = AutomationPolicy.decide(F.input([F.move(101), F.move(102)], history: history))
        #expect(state.candidate(101)?.action == .skipped)
        #expect(state.candidate(101)?.code == .cooldown)
        #expect(
            state.candidate(101)?.reason
                == "VM 101 (vm101) was moved pve3 → pve1 outside ProxBalance 10 min ago; its cooldown of 30 min ends at 10:50 UTC")
        #expect(state.candidate(102)?.action == .pending)
        #expect(!state.selected.contains { $0.vmid == 101 })

        let later = AutomationPolicy.decide(F.input([F.move(101)], history: history, now: F.now.addingTimeInterval(21 * 60)))
        #expect(later.candidate(101)?.action == .pending, "the cooldown ended at 10:50")
    }

    @Test("moves made outside ProxBalance count in the escalation with ProxBalance's own")
    func escalation() throws {
        let history = [F.past(101, "pve1", "pve2", minutesAgo: 300), Self.outside(101, "pve2", "pve1", minutesAgo: 20)]
        let cooldown = try #require(CooldownPolicy.active(vmid: 101, history: history, settings: AutomationSettings(), now: F.now))
        #expect(cooldown.recentMoves == 2 && cooldown.minutes == 60)
        #expect(cooldown.lastMove.origin == .outside)
        let state = AutomationPolicy.decide(F.input([F.move(101)], history: history))
        #expect(
            state.candidate(101)?.reason
                == "VM 101 (vm101) was moved pve2 → pve1 outside ProxBalance 20 min ago; its cooldown of 60 min (escalated: 2 moves in 7 days) ends at 11:10 UTC"
        )
    }

    @Test("ProxBalance moved a guest pve1 → pve2, an admin moved it back: automation does not move it to pve2 again")
    func adminUndidAMove() {
        let settings = F.settings { $0.cooldownMinutes = 0 }
        let history = [F.past(101, "pve1", "pve2", minutesAgo: 180), Self.outside(101, "pve2", "pve1", minutesAgo: 120)]
        let undone = RollbackGuard.undoneMove(vmid: 101, target: "pve2", history: history, windowHours: 24, now: F.now)
        #expect(undone?.origin == .outside)
        let state = AutomationPolicy.decide(F.input([F.move(101, "pve1", "pve2")], settings: settings, history: history))
        #expect(state.candidate(101)?.action == .skipped)
        #expect(state.candidate(101)?.code == .rollback)
        #expect(
            state.candidate(101)?.reason
                == "VM 101 (vm101) left pve2 for pve1 outside ProxBalance 2 h ago; moving it back within the 24 h rollback window would undo that move"
        )

        let elsewhere = AutomationPolicy.decide(F.input([F.move(101, "pve1", "pve3")], settings: settings, history: history))
        #expect(elsewhere.candidate(101)?.action == .pending, "only a move back to the node it left is a rollback")
        let outsideWindow = AutomationPolicy.decide(
            F.input([F.move(101, "pve1", "pve2")], settings: settings, history: history, now: F.now.addingTimeInterval(23 * 3600)))
        #expect(outsideWindow.candidate(101)?.action == .pending)
    }

    @Test("a guest moved by hand after the plan's snapshot is skipped as recently moved, saying so")
    func recentlyMoved() {
        let history = [Self.outside(101, "pve1", "pve3", minutesAgo: 1)]
        let state = AutomationPolicy.decide(F.input([F.move(101)], history: history))
        #expect(state.candidate(101)?.code == .recentlyMoved)
        #expect(
            state.candidate(101)?.reason.hasPrefix("VM 101 (vm101) migrated pve1 → pve3 outside ProxBalance at 10:29 UTC, after the plan's snapshot")
                == true)
    }
}
