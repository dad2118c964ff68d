import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Testing

@Suite("Automation policy: run-level checks")
struct AutomationRunChecksTests {
    typealias F = AutomationFixtures

    @Test("disabled automation moves nothing and lists every candidate as skipped")
    func disabled() {
        let state = AutomationPolicy.decide(F.input([F.move(101), F.move(102)], settings: F.settings { $0.enabled = false }))
        #expect(state.status == .disabled)
        #expect(state.mode == .disabled)
        #expect(state.candidates.map(\.action) == [.skipped, .skipped])
        #expect(state.candidates.allSatisfy { $0.code == .disabled })
        #expect(state.summary == "Automation is disabled; 2 candidates not considered.")
    }

    @Test("a forced run ignores `enabled` but still honours dry run and the windows")
    func forced() {
        let off = F.settings {
            $0.enabled = false
            $0.dryRun = true
        }
        let state = AutomationPolicy.decide(F.input([F.move(101)], settings: off, forced: true))
        #expect(state.status == .ready)
        #expect(state.mode == .dryRun)
        #expect(state.candidate(101)?.action == .pending)

        let closed = F.settings {
            $0.enabled = false
            $0.migrationWindows = [ScheduleWindow(name: "nights", start: "22:00", end: "06:00")]
        }
        #expect(AutomationPolicy.decide(F.input([F.move(101)], settings: closed, forced: true)).status == .outsideWindow)
    }

    @Test("outside every migration window: nothing moves, passing moves are deferred, filtered ones keep their reason")
    func outsideWindow() {
        let settings = F.settings { $0.migrationWindows = [ScheduleWindow(name: "nights", start: "22:00", end: "06:00")] }
        let state = AutomationPolicy.decide(F.input([F.move(101), F.move(102, confidence: 50)], settings: settings))
        #expect(state.status == .outsideWindow)
        #expect(state.safetyChecks.migrationWindow == SafetyCheck(ok: false, detail: "outside every migration window; next: 'nights' Mon 22:00 UTC"))
        #expect(state.candidate(101)?.action == .deferred)
        #expect(state.candidate(101)?.code == .outsideWindow)
        #expect(state.candidate(102)?.code == .minConfidence)
        #expect(state.selected.isEmpty)
        #expect(state.summary == "No move now: outside every migration window; next: 'nights' Mon 22:00 UTC; 2 candidates wait.")
    }

    @Test("a blackout wins over a migration window that is open")
    func blackoutOverridesWindow() {
        let settings = F.settings {
            $0.migrationWindows = [ScheduleWindow(name: "always", start: "00:00", end: "00:00")]
            $0.blackoutWindows = [ScheduleWindow(name: "backups", start: "10:00", end: "11:00")]
        }
        let state = AutomationPolicy.decide(F.input([F.move(101)], settings: settings))
        #expect(state.status == .blackout)
        #expect(state.safetyChecks.migrationWindow.detail == "inside blackout window 'backups' (10:00–11:00 UTC)")
        #expect(state.candidate(101)?.code == .blackout)
        #expect(state.candidate(101)?.action == .deferred)
    }

    @Test("no quorum: nothing moves")
    func noQuorum() {
        let state = AutomationPolicy.decide(F.input([F.move(101)], quorate: false))
        #expect(state.status == .noQuorum)
        #expect(state.safetyChecks.quorum.ok == false)
        #expect(state.candidate(101)?.code == .noQuorum)
        #expect(state.selected.isEmpty)
    }

    @Test("no plan yet, and a stale or unavailable plan, move nothing")
    func planMissingOrStale() {
        var input = F.input([F.move(101)])
        input.plan = nil
        let none = AutomationPolicy.decide(input)
        #expect(none.status == .noPlan)
        #expect(none.candidates.isEmpty)
        #expect(none.planGeneratedAt == nil)

        for status in [PlanStatus.stale, .unavailable] {
            input.plan = F.plan([F.move(101)], status: status)
            let state = AutomationPolicy.decide(input)
            #expect(state.status == .stalePlan)
            #expect(state.selected.isEmpty)
        }
    }

    @Test("the budget is max per run while a concurrent slot is free: the run's moves go one after another")
    func budgetWithRunningMigrations() {
        let moves = [F.move(101), F.move(102), F.move(103), F.move(104)]
        let defaults = AutomationPolicy.decide(F.input(moves, settings: F.settings { $0.maxConcurrent = 1 }))
        #expect(defaults.budget == 3)
        #expect(defaults.selected.map(\.vmid) == [101, 102, 103])
        #expect(defaults.candidate(104)?.code == .budget)
        #expect(defaults.candidate(104)?.reason == "VM 104 (vm104) passes every filter and waits: the run's budget of 3 moves is used up")

        let settings = F.settings {
            $0.maxMigrationsPerRun = 3
            $0.maxConcurrent = 3
        }
        let state = AutomationPolicy.decide(F.input(moves, settings: settings, running: 2))
        #expect(state.budget == 3)
        #expect(state.selected.map(\.vmid) == [101, 102, 103])
        #expect(state.safetyChecks.runningMigrations == RunningMigrationsCheck(count: 2, maxConcurrent: 3))

        let perRun = AutomationPolicy.decide(
            F.input(
                moves,
                settings: F.settings {
                    $0.maxMigrationsPerRun = 2
                    $0.maxConcurrent = 10
                }))
        #expect(perRun.budget == 2)
        #expect(perRun.selected.map(\.vmid) == [101, 102])
    }

    @Test("a decision while a run executes selects nothing and says why every candidate waits")
    func runInProgress() {
        var input = F.input([F.move(101), F.move(102, confidence: 10)])
        input.runInProgress = true
        let state = AutomationPolicy.decide(input)
        #expect(state.status == .busy)
        #expect(state.budget == 0)
        #expect(state.selected.isEmpty)
        #expect(state.candidate(101)?.action == .deferred)
        #expect(state.candidate(101)?.reason == "VM 101 (vm101) passes every filter and waits: an automation run is still executing its moves")
        #expect(state.candidate(102)?.code == .minConfidence)
        #expect(state.summary == "No new move: an automation run is still executing its moves; 2 candidates wait.")
        input.quorate = false
        #expect(AutomationPolicy.decide(input).status == .noQuorum)
    }

    @Test("every concurrent slot in use: status busy, candidates deferred for budget")
    func busy() {
        let state = AutomationPolicy.decide(F.input([F.move(101)], settings: F.settings { $0.maxConcurrent = 2 }, running: 3))
        #expect(state.status == .busy)
        #expect(state.budget == 0)
        #expect(state.candidate(101)?.action == .deferred)
        #expect(state.candidate(101)?.code == .budget)
        #expect(state.summary == "No move now: 3 migrations already running (max concurrent 2); 1 candidate waits.")
    }

    @Test("mode follows the settings; nothing passing gives no_action")
    func modeAndNoAction() {
        #expect(AutomationPolicy.decide(F.input([F.move(101)])).mode == .live)
        #expect(AutomationPolicy.decide(F.input([F.move(101)], settings: F.settings { $0.dryRun = true })).mode == .dryRun)
        let none = AutomationPolicy.decide(F.input([F.move(101, confidence: 10)]))
        #expect(none.status == .noAction)
        #expect(none.summary == "None of 1 candidate moves now (budget 3); 1 lacks confidence.")
        let balanced = AutomationPolicy.decide(F.input([]))
        #expect(balanced.status == .noAction)
        #expect(balanced.summary == "Nothing to move: the plan has no moves (balanced).")
    }
}

@Suite("Automation policy: candidate rules")
struct AutomationCandidateRulesTests {
    typealias F = AutomationFixtures

    func decide(
        _ move: Recommendation, settings: AutomationSettings = F.settings(), history: [PastMigration] = [],
        tags: [Int: GuestTags] = [:], observedTimes: Int = 3
    ) -> CandidateDecision? {
        AutomationPolicy.decide(F.input([move], settings: settings, history: history, tags: tags, observedTimes: observedTimes))
            .candidate(move.vmid)
    }

    @Test("a confident, observed, low-risk move is selected with its numbers")
    func selected() {
        let decision = decide(F.move(101, "pve3", "pve5", confidence: 88))
        #expect(decision?.action == .pending)
        #expect(decision?.code == .selected)
        #expect(decision?.reason == "VM 101 (vm101) moves pve3 → pve5: confidence 88, risk 20 (low), seen in 3 consecutive plans")
    }

    @Test("the no-auto-migrate tag filters a move")
    func noAutoMigrateTag() {
        let decision = decide(F.move(101), tags: [101: GuestTags(["No-Auto-Migrate"])])
        #expect(decision?.action == .filtered)
        #expect(decision?.code == .noAutoMigrateTag)
    }

    @Test("whitelist mode moves only guests tagged auto-migrate-ok")
    func whitelist() {
        let settings = F.settings { $0.requireAutoMigrateOKTag = true }
        #expect(decide(F.move(101), settings: settings)?.code == .notWhitelisted)
        #expect(decide(F.move(101), settings: settings, tags: [101: GuestTags(["web"])])?.action == .filtered)
        #expect(decide(F.move(101), settings: settings, tags: [101: GuestTags(["auto-migrate-ok"])])?.action == .pending)
    }

    @Test("distribution moves are filtered when excluded, and run when included")
    func distribution() {
        let move = F.move(101, kind: .distributionBalancing)
        #expect(decide(move, settings: F.settings { $0.includeDistributionBalancing = false })?.code == .distributionExcluded)
        #expect(decide(move)?.action == .pending)
    }

    @Test("a move seen in fewer consecutive plans than observation_periods is observed, not moved")
    func observing() {
        let decision = decide(F.move(101), observedTimes: 1)
        #expect(decision?.action == .observing)
        #expect(decision?.reason == "VM 101 (vm101) pve1 → pve2 seen in 1 of 3 consecutive plans")
        #expect(decide(F.move(101), settings: F.settings { $0.observationPeriods = 1 }, observedTimes: 1)?.action == .pending)
    }

    @Test("a guest in cooldown is skipped, with the escalated length and when it ends")
    func cooldown() {
        let history = [F.past(101, "pve2", "pve1", minutesAgo: 12), F.past(101, "pve3", "pve2", minutesAgo: 3000)]
        let decision = decide(F.move(101, "pve1", "pve4"), history: history)
        #expect(decision?.action == .skipped)
        #expect(decision?.code == .cooldown)
        #expect(decision?.reason == "VM 101 (vm101) was moved 12 min ago; its cooldown of 60 min (escalated: 2 moves in 7 days) ends at 11:18 UTC")
        #expect(decide(F.move(101, "pve1", "pve4"), history: [F.past(101, "pve2", "pve1", minutesAgo: 31)])?.action == .pending)
    }

    @Test("moving a guest back to a node it left within the rollback window is skipped")
    func rollback() {
        let history = [F.past(101, "pve2", "pve1", minutesAgo: 300)]
        let decision = decide(F.move(101, "pve1", "pve2"), history: history)
        #expect(decision?.code == .rollback)
        #expect(decision?.reason == "VM 101 (vm101) left pve2 for pve1 5 h ago; moving it back within the 24 h rollback window would undo that move")
        #expect(decide(F.move(101, "pve1", "pve3"), history: history)?.action == .pending)
        #expect(decide(F.move(101, "pve1", "pve2"), settings: F.settings { $0.rollbackDetection = false }, history: history)?.action == .pending)
    }

    @Test("moderate risk: confidence below the minimum is filtered; exactly the minimum passes")
    func minConfidence() {
        let low = decide(F.move(101, confidence: 74.5, risk: 40))
        #expect(low?.code == .minConfidence)
        #expect(low?.reason == "VM 101 (vm101): confidence 74.5 is below the minimum of 75")
        #expect(decide(F.move(101, confidence: 75, risk: 40))?.action == .pending)
    }

    @Test(
        "the risk × confidence matrix at each boundary (minimum 75)",
        arguments: [
            // (risk, confidence, selected, code when not)
            (100.0, 100.0, false, DecisionCode.riskGate), (75.1, 100, false, .riskGate), (75, 90, true, .selected),
            (75, 89.9, false, .riskGate), (50.1, 90, true, .selected), (50.1, 89.9, false, .riskGate),
            (50, 75, true, .selected), (50, 74.9, false, .minConfidence), (25.1, 75, true, .selected),
            (25.1, 74.9, false, .minConfidence), (25, 65, true, .selected), (25, 64.9, false, .minConfidence),
            (0, 65, true, .selected), (0, 64.9, false, .minConfidence),
        ])
    func riskConfidenceMatrix(_ risk: Double, _ confidence: Double, _ selected: Bool, _ code: DecisionCode) {
        let decision = decide(F.move(101, confidence: confidence, risk: risk))
        #expect(decision?.action == (selected ? .pending : .filtered))
        #expect(decision?.code == code)
    }

    @Test("the matrix's reasons name the bar a move missed")
    func riskConfidenceReasons() {
        #expect(
            decide(F.move(101, confidence: 100, risk: 80))?.reason
                == "VM 101 (vm101): risk 80 (very_high) is above 75; a move that risky is never automated, only moved by hand")
        #expect(
            decide(F.move(101, confidence: 85, risk: 60))?.reason
                == "VM 101 (vm101): risk 60 (high) is above 50, so confidence 85 must reach 90")
        #expect(
            decide(F.move(101, confidence: 60, risk: 20))?.reason
                == "VM 101 (vm101): confidence 60 is below the 65 a low-risk move needs (risk 20 (low))")
    }

    @Test("with risk_gate off one bar, the minimum, holds up to risk 75; above 75 is never automated")
    func riskGateOff() {
        let off = F.settings { $0.riskGate = false }
        #expect(decide(F.move(101, confidence: 75, risk: 75), settings: off)?.action == .pending)
        #expect(decide(F.move(101, confidence: 70, risk: 10), settings: off)?.code == .minConfidence)
        #expect(decide(F.move(101, confidence: 100, risk: 76), settings: off)?.code == .riskGate)
    }

    @Test("a maintenance evacuation bypasses tags, observation, cooldown, rollback, confidence and risk")
    func maintenanceBypass() {
        let move = F.move(101, "pve1", "pve2", kind: .maintenanceEvacuation, confidence: 10, risk: 90)
        let settings = F.settings { $0.requireAutoMigrateOKTag = true }
        let history = [F.past(101, "pve2", "pve1", minutesAgo: 10)]
        let decision = decide(move, settings: settings, history: history, tags: [101: GuestTags(["no-auto-migrate"])], observedTimes: 1)
        #expect(decision?.action == .pending)
        #expect(decision?.code == .maintenanceBypass)
        #expect(decision?.reason.contains("to evacuate maintenance node pve1") == true)
    }

    @Test("a guest that migrated after the plan's snapshot is skipped, even for maintenance")
    func recentlyMoved() {
        let history = [F.past(101, "pve1", "pve2", minutesAgo: 0.5)]
        let decision = decide(F.move(101, "pve1", "pve2", kind: .maintenanceEvacuation), history: history)
        #expect(decision?.action == .skipped)
        #expect(decision?.code == .recentlyMoved)
    }

    @Test("a move whose dependency is not selected waits; with it selected, both run")
    func dependsOn() {
        let dependency = F.move(101, "pve2", "pve3", step: 1)
        let dependent = F.move(102, "pve1", "pve2", step: 2, dependsOn: [1])
        let blocked = AutomationPolicy.decide(F.input([dependency, dependent], tags: [101: GuestTags(["no-auto-migrate"])]))
        #expect(blocked.candidate(102)?.action == .deferred)
        #expect(blocked.candidate(102)?.code == .dependsOn)
        #expect(blocked.candidate(102)?.reason == "VM 102 (vm102) waits for step 1 (VM 101 (vm101) pve2 → pve3), which does not run in this run")

        let both = AutomationPolicy.decide(F.input([dependency, dependent]))
        #expect(both.selected.map(\.vmid) == [101, 102])
    }

    @Test("a swap runs whole or not at all: its first half waits when a guest rule stops the partner or the budget has room for one move")
    func swapRunsWhole() {
        func half(_ vmid: Int, _ source: String, _ target: String, step: Int, dependsOn: [Int] = [], partner: Int) -> Recommendation {
            var move = F.move(vmid, source, target, step: step, dependsOn: dependsOn)
            move.reason.contributingFactors = [ReasonFactor(factor: ReasonFactor.swap, value: Double(partner), weight: "high", label: "swap")]
            return move
        }
        let first = half(201, "pve2", "pve1", step: 1, partner: 101)
        let second = half(101, "pve1", "pve2", step: 2, dependsOn: [1], partner: 201)
        #expect(AutomationPolicy.decide(F.input([first, second])).selected.map(\.vmid) == [201, 101])

        let tagged = AutomationPolicy.decide(F.input([first, second], tags: [101: GuestTags(["no-auto-migrate"])]))
        #expect(tagged.selected.isEmpty)
        #expect(tagged.candidate(201)?.code == .dependsOn)
        #expect(
            tagged.candidate(201)?.reason.hasPrefix("VM 201 (vm201) swaps places with VM 101 (vm101) (") == true,
            "\(tagged.candidate(201)?.reason ?? "")")

        let tight = AutomationPolicy.decide(F.input([first, second], settings: F.settings { $0.maxMigrationsPerRun = 1 }))
        #expect(tight.selected.isEmpty)
        #expect(tight.candidate(201)?.reason.contains("the run's budget has no room for both moves") == true)
    }

    @Test("candidates are ranked in step order and each guest appears once")
    func rankingAndUniqueGuests() {
        let state = AutomationPolicy.decide(F.input([F.move(102, step: 2), F.move(101, step: 1), F.move(101, "pve1", "pve3", step: 3)]))
        #expect(state.candidates.map(\.vmid) == [101, 102])
        #expect(state.candidates.map(\.rank) == [1, 2])
        #expect(state.candidate(101)?.target == "pve2")
    }

    @Test("the summary counts what moves and why the rest waits")
    func summary() {
        let settings = F.settings { $0.dryRun = true }
        let all = [F.move(101), F.move(102), F.move(103), F.move(104), F.move(105)]
        let plan = F.plan(all)
        var ledger = F.observed(F.plan([all[0], all[1], all[4]], at: plan.generatedAt.addingTimeInterval(-300)), times: 2)
        ledger.record(plan)
        let input = AutomationInput(
            settings: settings, plan: plan, observations: ledger, history: [F.past(105, "pve3", "pve1", minutesAgo: 5)], tags: [:],
            quorate: true, runningMigrations: 0, now: F.now)
        let state = AutomationPolicy.decide(input)
        #expect(state.summary == "Dry run: 2 of 5 candidates would move now (budget 3); 2 are still being observed, 1 is in cooldown.")
    }
}
