import Foundation
import Logging
import Shared

extension Executor {
    /// `run_automation {}`: decides at once (ignoring only `enabled`), answers with the
    /// decision, then carries out the selected moves.
    func runAutomationCommand(id: String) async -> [UInt8] {
        guard !automationBusy else { return ReplyPayload.failure(id: id, .automationBusy) }
        switch await decideRun(forced: true) {
        case .failure(let error):
            return ReplyPayload.failure(id: id, error)
        case .success(let (state, plan)):
            Task { await self.execute(state, plan: plan) }
            return ReplyPayload.make(id: id, .success(state))
        }
    }

    /// A scheduled automation run; skipped while the previous one still executes.
    public func runScheduled() async {
        guard !automationBusy else {
            logger.info("automation run skipped: the previous run is still executing")
            return
        }
        switch await decideRun(forced: false) {
        case .failure(let error): logger.warning("automation run not decided", metadata: ["error": "\(error.message)"])
        case .success(let (state, plan)): await execute(state, plan: plan)
        }
    }

    /// The policy's decision from live quorum and running migrations, the journal's history and
    /// the latest plan; published retained on `{b}/automation/state`.
    private func decideRun(forced: Bool) async -> Result<(AutomationState, RecommendationSet?), ReplyError> {
        let now = Date()
        let quorate: Bool
        let running: Int
        do {
            async let status = client.clusterStatus()
            async let tasks = LiveFactsReader(client: client).runningMigrations()
            quorate = try await status.isQuorate
            let live = Set(try await tasks.compactMap { Int($0.id ?? "") })
            running = live.union(await runner.busyVMIDs).count
        } catch {
            return .failure(.proxmox(error))
        }
        let horizon = max(7 * 86_400, Double(settings.rollbackWindowHours) * 3_600)
        let history: [PastMigration]
        do {
            history = try await journal.history(from: now.addingTimeInterval(-horizon), limit: 10_000).compactMap(PastMigration.init(journaled:))
        } catch {
            return .failure(.internal("the journal could not be read: \(error)"))
        }
        let plan = self.plan
        let state = AutomationPolicy.decide(
            AutomationInput(
                settings: settings, plan: plan, observations: observations, history: history, tags: tags, quorate: quorate,
                runningMigrations: running, now: now, forced: forced))
        if !state.selected.isEmpty { automationBusy = true }
        await publisher.send(state, to: topics.automationState, retain: true)
        return .success((state, plan))
    }

    /// Carries out the selected moves in plan order, one at a time, publishing the state after
    /// each; stops at the first failure when `abort_on_failure` is set.
    private func execute(_ decided: AutomationState, plan: RecommendationSet?) async {
        guard !decided.selected.isEmpty, let plan else { return }
        var state = decided
        var failed = false
        for candidate in decided.selected {
            guard !(failed && settings.abortOnFailure) else {
                state.mark(candidate.recommendationId, .deferred, reason: "an earlier move of this run failed (abort_on_failure)")
                continue
            }
            guard let move = plan.recommendations.first(where: { $0.id == candidate.recommendationId }) else { continue }
            let order = MigrationOrder(
                move: MoveRequest(
                    vmid: move.vmid, source: move.source, target: move.target,
                    origin: move.kind == .maintenanceEvacuation ? .evacuation : .automation, recommendation: move,
                    planGeneratedAt: plan.generatedAt),
                dryRun: state.mode != .live)
            do {
                let final = try await runner.run(order, label: GuestLabelFacts(move))
                switch final.state {
                case .completed: state.mark(move.id, .executed, migrationId: final.id)
                case .dryRun: state.mark(move.id, .dryRun, migrationId: final.id)
                case .skipped: state.mark(move.id, .skipped, migrationId: final.id, reason: "blocked by validation: \(final.error ?? "")")
                default:
                    state.mark(move.id, .failed, migrationId: final.id, reason: final.error ?? final.message)
                    failed = true
                }
            } catch {
                state.mark(move.id, .failed, reason: "not journaled, not started: \(error)")
                failed = true
            }
            await publisher.send(state, to: topics.automationState, retain: true)
        }
        state.conclude()
        automationBusy = false
        await publisher.send(state, to: topics.automationState, retain: true)
        await publisher.send(AutomationEvents.summary(state, cluster: topics.cluster), to: topics.events(.automation), retain: false)
    }
}

extension PastMigration {
    /// A finished, real (not dry-run) migration of the journal; `nil` for the others.
    init?(journaled status: MigrationStatus) {
        guard !status.dryRun, let finished = status.finishedAt, status.state == .completed || status.state == .failed else { return nil }
        self.init(
            vmid: status.vmid, source: status.source, target: status.target, finishedAt: finished,
            succeeded: status.state == .completed, origin: status.origin)
    }
}
