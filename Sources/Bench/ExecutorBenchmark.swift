import Contract
import ExecutorPolicy
import ExecutorSvc
import Foundation
import Logging
import ScoringEngine
import ScoringSvc
import TestSupport

/// The executor's hot paths: one automation decision over a large plan, and journal writes to
/// a real SQLite file (each a transaction, as before a Proxmox call).
enum ExecutorBenchmark {
    /// Best of `repeats` decisions over the plan of a generated `nodes`/`guests` cluster.
    static func decision(nodes: Int, guests: Int, repeats: Int) async -> BenchReport.AutomationDecision {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let snapshot = SyntheticCluster.snapshot(nodes: nodes, guests: guests, seed: 42, at: now)
        var settings = ScoringSettings()
        settings.maxMovesPerPlan = 1000
        let plan = Planner.plan(PlanInput(snapshot: snapshot, settings: settings, now: now))
        var ledger = ObservationLedger()
        for age in [600.0, 300, 0] {
            var seen = plan
            seen.generatedAt = plan.generatedAt.addingTimeInterval(-age)
            ledger.record(seen)
        }
        // A busy history: 2,000 moves in the last week, some of them of planned guests.
        let history = (0..<2_000).map { index in
            let guest = snapshot.guests[index % snapshot.guests.count]
            return PastMigration(
                vmid: guest.vmid, source: snapshot.nodes[index % nodes].name, target: guest.node,
                finishedAt: now.addingTimeInterval(-Double(index) * 300), succeeded: index % 10 != 0, origin: .proxbalance(.automation))
        }
        var automation = AutomationSettings()
        automation.enabled = true
        automation.maxMigrationsPerRun = 10
        automation.maxConcurrent = 10
        let input = AutomationInput(
            settings: automation, plan: plan, observations: ledger, history: history,
            tags: Dictionary(snapshot.guests.map { ($0.vmid, GuestTags($0.tags)) }, uniquingKeysWith: { first, _ in first }),
            quorate: true, runningMigrations: 0, now: now)
        var best = Double.infinity
        var state: AutomationState?
        for _ in 0..<repeats {
            let (decided, seconds) = await measure { AutomationPolicy.decide(input) }
            best = min(best, seconds)
            state = decided
        }
        var actions: [String: Int] = [:]
        for candidate in state?.candidates ?? [] { actions[candidate.action.rawValue, default: 0] += 1 }
        return BenchReport.AutomationDecision(
            nodes: nodes, guests: guests, planMoves: plan.recommendations.count, historyMigrations: history.count,
            decisionMilliseconds: best * 1000, candidatesByAction: actions)
    }

    /// Latency of `writes` journal writes (a new migration with its command answer, then two
    /// state updates each), fsync'd by SQLite's WAL as in the service.
    static func journal(writes: Int, logger: Logger) async throws -> BenchReport.JournalWrites {
        let directory = try TemporaryDirectory(prefix: "pb-bench-journal")
        defer { directory.remove() }
        let database = try ExecutorDatabase.open(directory: directory.path, cluster: "bench", logger: logger)
        let journal = MigrationJournal(database: database)
        var latencies: [Double] = []
        latencies.reserveCapacity(writes * 3)
        for index in 0..<writes {
            var status = MigrationStatus(
                id: "m-\(index)", cluster: "bench", commandId: "c-\(index)", origin: .manual, vmid: 100 + index, name: "guest-\(index)",
                type: .qemu, source: "pve1", target: "pve2", dryRun: false, haManaged: false, message: "queued",
                command: "qm migrate \(100 + index) pve2 --online", createdAt: Date())
            let answer = CommandLedger.Answer(op: "migrate", id: "c-\(index)", reply: Array("{\"ok\":true}".utf8), at: Date())
            latencies.append(try await measure { try await journal.save(status, answer: answer) }.1)
            status.state = .running
            status.upid = "UPID:pve1:0000ABCD:00112233:6A1FD43B:qmigrate:\(100 + index):root@pam:"
            latencies.append(try await measure { try await journal.save(status) }.1)
            status.state = .completed
            status.finishedAt = Date()
            latencies.append(try await measure { try await journal.save(status) }.1)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000 }
        return BenchReport.JournalWrites(
            writes: latencies.count, meanMilliseconds: latencies.reduce(0, +) / Double(latencies.count) * 1000,
            p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99), maxMilliseconds: (latencies.last ?? 0) * 1000)
    }
}
