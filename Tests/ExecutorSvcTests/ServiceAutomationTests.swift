import Contract
import ExecutorSvc
import Foundation
import MQTT
import TestSupport
import Testing

/// Automation and evacuation through the service, against the simulator.
@Suite("Service: automation and evacuation", .enabled(if: MosquittoBroker.isAvailable), .serialized, .timeLimit(.minutes(2)))
struct ServiceAutomationTests {
    static let twoMoves = [
        ServiceHarness.move(116, "pve3", "pve4", step: 1), ServiceHarness.move(113, "pve3", "pve5", step: 2, type: .lxc),
    ]
    static let permissive = #""observation_periods":1,"min_confidence":0,"check_interval_seconds":3600,"max_concurrent":3"#

    /// Asks for a run (for `web:ops`) until the executor has read `plan`, and returns the decision.
    static func run(_ harness: ServiceHarness, plan: RecommendationSet) async throws -> AutomationState {
        for attempt in 0..<50 {
            let reply = try await harness.request(
                "run_automation", #"{"id":"run-\#(UUID().uuidString)","requested_by":"web:ops"}"#, as: AutomationState.self)
            if let state = reply.result, state.planGeneratedAt.map({ abs($0.timeIntervalSince(plan.generatedAt)) < 1 }) == true {
                return state
            }
            #expect(reply.error?.code != "busy" || attempt > 0)
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the executor never read the plan")
    }

    /// The automation state once the run has concluded.
    static func concluded(_ harness: ServiceHarness, _ states: MQTTSubscription) async throws -> AutomationState {
        try await TestBus.next(AutomationState.self, on: states, within: .seconds(30)) {
            [.success, .partial, .failed].contains($0.status)
        }.0
    }

    @Test("dry-run automation records every decision and moves nothing")
    func dryRun() async throws {
        try await ServiceHarness.run { harness in
            #expect(try await harness.settings(#"{"id":"s1","enabled":true,"dry_run":true,\#(Self.permissive)}"#).ok)
            let states = try await harness.client.subscribe(harness.topics.automationState)
            let events = try await harness.client.subscribe(harness.topics.events(.automation))
            let plan = try await harness.plan(Self.twoMoves)
            try await harness.publish(plan)

            let decided = try await Self.run(harness, plan: plan)
            #expect(decided.mode == .dryRun && decided.status == .ready)
            #expect(decided.candidates.map(\.action) == [.pending, .pending])

            let final = try await Self.concluded(harness, states)
            #expect(final.status == .success, "\(final.candidates.map(\.reason))")
            #expect(final.candidates.map(\.action) == [.dryRun, .dryRun])
            #expect(final.candidates.allSatisfy { $0.migrationId != nil })
            let (summary, _) = try await TestBus.next(BusEvent.self, on: events) { $0.kind == "run_summary" }
            #expect(summary.title == "Automation dry run: 2 moves would run")
            #expect(try await harness.runner.node(of: 116) == "pve3")
            #expect(try await harness.runner.node(of: 113) == "pve3")
            #expect(try await harness.runner.migrationTasks(116, on: "pve3").isEmpty)
            let recorded = try await harness.journal().history(vmid: 116)
            #expect(recorded.map(\.state) == [.dryRun] && recorded.first?.origin == .automation)
            #expect(recorded.first?.requestedBy == "web:ops")
        }
    }

    @Test("live automation executes the plan in order within the run's limit; the rest waits")
    func liveWithinLimits() async throws {
        try await ServiceHarness.run { harness in
            #expect(try await harness.settings(#"{"id":"s1","enabled":true,"dry_run":false,"max_migrations_per_run":1,\#(Self.permissive)}"#).ok)
            let states = try await harness.client.subscribe(harness.topics.automationState)
            let plan = try await harness.plan(Self.twoMoves)
            try await harness.publish(plan)
            let decided = try await Self.run(harness, plan: plan)
            #expect(decided.mode == .live && decided.budget == 1)
            #expect(decided.candidate(116)?.action == .pending)
            #expect(decided.candidate(113)?.action == .deferred && decided.candidate(113)?.code == .budget)

            let final = try await Self.concluded(harness, states)
            #expect(final.candidate(116)?.action == .executed)
            #expect(try await harness.runner.node(of: 116) == "pve4")
            #expect(try await harness.runner.node(of: 113) == "pve3")
        }
    }

    @Test("windows are judged on the executor's clock: outside every window automation waits and moves nothing")
    func outsideWindow() async throws {
        // Monday 2026-11-30 10:30 UTC, whatever the wall clock says.
        try await ServiceHarness.run(clock: { AutomationFixtures.now }) { harness in
            let tuesday = #"{"name":"tuesday","days":["tuesday"],"start":"00:00","end":"00:00"}"#
            let settings = try await harness.settings(
                #"{"id":"s1","enabled":true,"dry_run":false,"migration_windows":[\#(tuesday)],\#(Self.permissive)}"#)
            #expect(settings.ok, "\(settings.error?.message ?? "")")
            let plan = try await harness.plan(Self.twoMoves)
            try await harness.publish(plan)
            let decided = try await Self.run(harness, plan: plan)
            #expect(decided.status == .outsideWindow)
            #expect(decided.at == AutomationFixtures.now)
            #expect(
                decided.safetyChecks.migrationWindow
                    == SafetyCheck(ok: false, detail: "outside every migration window; next: 'tuesday' Tue 00:00 UTC"))
            #expect(decided.candidates.allSatisfy { $0.action == .deferred })

            let monday = #"{"name":"monday","days":["monday"],"start":"10:00","end":"11:00"}"#
            #expect(try await harness.settings(#"{"id":"s2","dry_run":true,"migration_windows":[\#(monday)]}"#).ok)
            let inside = try await harness.request("run_automation", #"{"id":"run-inside"}"#, as: AutomationState.self)
            #expect(inside.result?.safetyChecks.migrationWindow.detail == "inside window 'monday' (10:00–11:00 UTC)")
            #expect(try await harness.runner.migrationTasks(116, on: "pve3").isEmpty)
        }
    }

    @Test("a guest automation moved is not moved back within the rollback window")
    func noMoveBack() async throws {
        try await ServiceHarness.run { harness in
            #expect(try await harness.settings(#"{"id":"s1","enabled":true,"dry_run":false,"cooldown_minutes":0,\#(Self.permissive)}"#).ok)
            let states = try await harness.client.subscribe(harness.topics.automationState)
            let there = try await harness.plan([ServiceHarness.move(116, "pve3", "pve4")])
            try await harness.publish(there)
            _ = try await Self.run(harness, plan: there)
            #expect(try await Self.concluded(harness, states).candidate(116)?.action == .executed)

            var back = try await harness.plan([ServiceHarness.move(116, "pve4", "pve3")])
            back.snapshotAt = Date()
            try await harness.publish(back)
            let decided = try await Self.run(harness, plan: back)
            #expect(decided.candidate(116)?.code == .rollback)
            #expect(decided.candidate(116)?.action == .skipped)
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await harness.runner.node(of: 116) == "pve4")
        }
    }

    @Test("evacuate runs the plan's moves off a node in maintenance, HA guests included, and names the guests that stay")
    func evacuate() async throws {
        try await ServiceHarness.run(timeScale: 0.2) { harness in
            let refused = try await harness.request("evacuate", #"{"id":"e0","node":"pve6"}"#, as: EvacuationReply.self)
            #expect(refused.error?.code == "invalid")

            let maintenance = MaintenanceState(cluster: RunnerHarness.cluster, nodes: ["pve6"], updatedAt: Date().addingTimeInterval(-5))
            try await harness.client.publish(
                MQTTMessage(topic: harness.topics.maintenance, data: try MessageCoding.encode(maintenance), retain: true))
            var plan = try await harness.plan([
                ServiceHarness.move(151, "pve6", "pve5", step: 1, kind: .maintenanceEvacuation),
                ServiceHarness.move(153, "pve6", "pve4", step: 2, kind: .maintenanceEvacuation),
            ])
            plan.recommendations[0].haManaged = true
            plan.skipped = [
                SkippedGuest(
                    vmid: 150, name: "windows-gpu", type: .qemu, node: "pve6", reason: .passthroughDisk,
                    detail: "VM 150 (windows-gpu) uses host devices (hostpci0) that pin it to its node")
            ]
            try await harness.publish(plan)
            var reply: Reply<EvacuationReply>?
            for _ in 0..<50 {
                reply = try await harness.request(
                    "evacuate", #"{"id":"e-\#(UUID().uuidString)","node":"pve6","requested_by":"web:alice"}"#, as: EvacuationReply.self)
                if reply?.ok == true { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            let evacuation = try #require(reply?.result, "\(reply?.error?.message ?? "")")
            #expect(evacuation.migrations.map(\.vmid) == [151, 153])
            #expect(evacuation.migrations.allSatisfy { $0.origin == .evacuation && $0.requestedBy == "web:alice" })
            #expect(evacuation.cannotMove.map(\.vmid) == [150])
            #expect(evacuation.cannotMove.first?.detail.contains("hostpci0") == true)
            for migration in evacuation.migrations {
                let final = try await harness.finalState(migration.id, within: .seconds(60))
                #expect(final.state == .completed, "\(final.vmid): \(final.error ?? "")")
            }
            #expect(try await harness.runner.node(of: 151) == "pve5")
            #expect(try await harness.runner.node(of: 153) == "pve4")
            try await harness.client.publish(MQTTMessage(topic: harness.topics.maintenance, payload: [], retain: true))
        }
    }
}
