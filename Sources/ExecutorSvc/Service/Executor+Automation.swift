import Contract
import ExecutorPolicy
import Foundation
import Logging
import ProxmoxAPI
import ProxmoxClient

extension Executor {
    /// `run_automation {}`: decides at once (ignoring only `enabled`), answers with the
    /// decision, then carries out the selected moves on a task of its own. `busy` while another
    /// run is claimed. The run's migrations record `requestedBy`.
    func runAutomationCommand(id: String, requestedBy: String? = nil) async -> [UInt8] {
        guard claimRun() else { return ReplyPayload.failure(id: id, .automationBusy) }
        switch await decideRun(forced: true) {
        case .failure(let error):
            automationBusy = false
            metrics.automationFailed()
            return ReplyPayload.failure(id: id, error)
        case .success(let (state, plan)):
            startRun(state, plan: plan, requestedBy: requestedBy)
            return ReplyPayload.make(id: id, .success(state))
        }
    }

    /// A scheduled automation decision. It returns once decided: selected moves run on a task
    /// of their own. While a run executes, the decision selects nothing and only publishes where
    /// every candidate stands (quorum, windows, observations, deferrals); while another run is
    /// being decided, it is skipped.
    public func runScheduled() async {
        if automationExecuting {
            if case .failure(let error) = await decideRun(forced: false, runInProgress: true) {
                logger.warning("automation state not decided", metadata: ["error": "\(error.message)"])
            }
            return
        }
        guard claimRun() else {
            logger.info("scheduled automation run skipped: another run is being decided")
            return
        }
        switch await decideRun(forced: false) {
        case .failure(let error):
            automationBusy = false
            metrics.automationFailed()
            logger.warning("automation run not decided", metadata: ["error": "\(error.message)"])
        case .success(let (state, plan)):
            startRun(state, plan: plan)
        }
    }

    /// Claims the one automation run, synchronously (before any suspension), so two triggers at
    /// once never both decide; false when a run is claimed already or the executor is stopping.
    private func claimRun() -> Bool {
        guard !automationBusy, !stopping else { return false }
        automationBusy = true
        return true
    }

    /// Starts executing a claimed run's selected moves on an owned task, or releases the claim
    /// when it selected none. Its migrations record `requestedBy` (a `run_automation`'s).
    private func startRun(_ state: AutomationState, plan: RecommendationSet?, requestedBy: String? = nil) {
        guard !state.selected.isEmpty, let plan else {
            automationBusy = false
            metrics.automationRan(state.status)
            return
        }
        automationExecuting = true
        own { executor in await executor.execute(state, plan: plan, requestedBy: requestedBy) }
    }

    /// The policy's decision from live quorum and running migrations, the journal's history, the
    /// moves made outside ProxBalance and the latest plan; published retained on
    /// `{b}/automation/state`. Either history unreadable: no decision. A decision made while a
    /// run executes is not published if that run ended meanwhile (its final state stands).
    private func decideRun(forced: Bool, runInProgress: Bool = false) async -> Result<(AutomationState, RecommendationSet?), ReplyError> {
        let now = clock()
        let quorate: Bool
        let running: Int
        do {
            async let status = client.clusterStatus()
            async let count = runningMigrations()
            quorate = try await status.isQuorate
            running = try await count
        } catch {
            return .failure(.proxmox(error))
        }
        let start = now.addingTimeInterval(-max(7 * 86_400, Double(settings.rollbackWindowHours) * 3_600))
        var history: [PastMigration]
        do {
            history = try await journal.history(from: start, limit: 10_000).compactMap(PastMigration.init(journaled:))
        } catch {
            return .failure(.internal("the journal could not be read: \(error)"))
        }
        do {
            history += try await outsideMoves.since(start).map(PastMigration.init(outside:))
        } catch {
            return .failure(.internal("the moves made outside ProxBalance could not be read: \(error)"))
        }
        let plan = self.plan
        let state = AutomationPolicy.decide(
            AutomationInput(
                settings: settings, plan: plan, observations: observations, history: history, tags: tags, quorate: quorate,
                runningMigrations: running, now: now, forced: forced, runInProgress: runInProgress))
        if runInProgress && !automationExecuting { return .success((state, plan)) }
        await publisher.send(state, to: topics.automationState, retain: true)
        return .success((state, plan))
    }

    /// Migrations running in the cluster now: Proxmox's migrate tasks and the executor's own.
    /// `ended` are guests whose migration the executor followed to its end: `/cluster/tasks`
    /// can list theirs as running for a few seconds more.
    private func runningMigrations(ignoring ended: Set<Int> = []) async throws -> Int {
        let tasks = try await LiveFactsReader(client: client).runningMigrations()
        let live = Set(tasks.compactMap { Int($0.id ?? "") }).subtracting(ended)
        return live.union(await runner.busyVMIDs).count
    }

    /// Carries out the selected moves in plan order, one at a time, publishing the state after
    /// each. Before each move a concurrent slot must be free (`max_concurrent`, counting
    /// migrations started elsewhere); after a failure with `abort_on_failure`, after a shutdown
    /// began, or without a free slot, the rest are deferred to a later run.
    private func execute(_ decided: AutomationState, plan: RecommendationSet, requestedBy: String?) async {
        var state = decided
        var failed = false
        var ended: Set<Int> = []
        for candidate in decided.selected {
            if let reason = await reasonToDefer(afterFailure: failed, ended: ended) {
                state.mark(candidate.recommendationId, .deferred, reason: reason)
                continue
            }
            guard let move = plan.recommendations.first(where: { $0.id == candidate.recommendationId }) else { continue }
            if await !carryOut(move, plan: plan, requestedBy: requestedBy, into: &state) { failed = true }
            ended.insert(move.vmid)
            await announce(state)
        }
        state.conclude()
        automationBusy = false
        automationExecuting = false
        metrics.automationRan(state.status)
        await announce(state, summary: AutomationEvents.summary(state, cluster: topics.cluster, at: clock()))
    }

    /// Publishes a run's state (and its summary event), also when a stop cancelled the run:
    /// where it stopped is then the news.
    private func announce(_ state: AutomationState, summary: BusEvent? = nil) async {
        let publisher = self.publisher
        let topics = self.topics
        await Task {
            await publisher.send(state, to: topics.automationState, retain: true)
            if let summary { await publisher.send(summary, to: topics.events(.automation), retain: false) }
        }.value
    }

    /// Why the next selected move must not start now, or nil when it may.
    private func reasonToDefer(afterFailure failed: Bool, ended: Set<Int>) async -> String? {
        if failed && settings.abortOnFailure { return "an earlier move of this run failed (abort_on_failure)" }
        if stopping || Task.isCancelled { return "the executor stopped before this move; a later run decides it again" }
        let running: Int
        do {
            running = try await runningMigrations(ignoring: ended)
        } catch {
            return "the running migrations could not be read from Proxmox (\(error)); a later run decides it again"
        }
        guard running >= settings.maxConcurrent else { return nil }
        return "\(AutomationText.count(running, "migration")) already running (max concurrent \(settings.maxConcurrent)); "
            + "a later run decides it again"
    }

    /// Runs one selected move and marks its outcome in `state`; false when it failed. When the
    /// executor stops while the move runs, the move is left to its journal row (followed again
    /// at the next start) and marked so.
    private func carryOut(
        _ move: Recommendation, plan: RecommendationSet, requestedBy: String?, into state: inout AutomationState
    ) async -> Bool {
        let order = MigrationOrder(
            move: MoveRequest(
                vmid: move.vmid, source: move.source, target: move.target,
                origin: move.kind == .maintenanceEvacuation ? .evacuation : .automation, recommendation: move,
                planGeneratedAt: plan.generatedAt),
            dryRun: state.mode != .live, requestedBy: requestedBy)
        let queued: MigrationStatus
        do {
            queued = try await runner.submit(order, label: GuestLabelFacts(move))
        } catch {
            state.mark(move.id, .failed, reason: "not journaled, not started: \(error)")
            return false
        }
        let runner = self.runner
        guard let ended = await unlessCancelled({ await runner.wait(queued.id) }) else {
            state.mark(
                move.id, .pending, migrationId: queued.id,
                reason: "\(move.label) was still moving when the executor stopped; its migration is followed again at the next start")
            return true
        }
        var final = ended
        if final == nil {
            // It ended before it could be awaited: the journal has its final state.
            do {
                final = try await journal.migration(queued.id)
            } catch {
                state.mark(move.id, .failed, migrationId: queued.id, reason: "its final state could not be read: \(error)")
                return false
            }
        }
        guard let final else {
            state.mark(move.id, .failed, migrationId: queued.id, reason: "its journal row is missing")
            return false
        }
        switch final.state {
        case .completed: state.mark(move.id, .executed, migrationId: final.id)
        case .dryRun: state.mark(move.id, .dryRun, migrationId: final.id)
        case .skipped: state.mark(move.id, .skipped, migrationId: final.id, reason: "blocked by validation: \(final.error ?? "")")
        default:
            state.mark(move.id, .failed, migrationId: final.id, reason: final.error ?? final.message)
            return false
        }
        return true
    }
}

extension PastMigration {
    /// A finished, real (not dry-run) migration of the journal; `nil` for the others.
    init?(journaled status: MigrationStatus) {
        guard !status.dryRun, let finished = status.finishedAt, status.state == .completed || status.state == .failed else { return nil }
        self.init(
            vmid: status.vmid, source: status.source, target: status.target, finishedAt: finished,
            succeeded: status.state == .completed, origin: .proxbalance(status.origin))
    }
}
