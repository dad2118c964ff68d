import Contract
import ExecutorPolicy
import Foundation
import Logging
import ProxmoxAPI
import ProxmoxClient

extension Executor {
    /// `evacuate {node}`: runs the plan's evacuation moves off a node in maintenance, one after
    /// another in plan order, and answers at once with the migrations and the guests that stay.
    func evacuate(_ payload: Data, id: String) async -> [UInt8] {
        let command: EvacuateCommand
        switch decode(EvacuateCommand.self, payload) {
        case .success(let value): command = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        guard let maintenance, maintenance.nodes.contains(command.node) else {
            return ReplyPayload.failure(
                id: id,
                .invalid(
                    "\(command.node) is not in maintenance; put it in maintenance first (ON to \(topics.maintenanceSet(node: command.node)))"))
        }
        guard let plan, plan.generatedAt >= maintenance.updatedAt, plan.status != .stale, plan.status != .unavailable else {
            return ReplyPayload.failure(
                id: id,
                ReplyError(
                    code: "plan_pending", message: "scoring has not planned the evacuation of \(command.node) yet; try again after the next plan"))
        }
        let moves = plan.recommendations.filter { $0.source == command.node && $0.kind == .maintenanceEvacuation }
        let stuck = plan.skipped.filter { $0.node == command.node }.map {
            EvacuationReply.StuckGuest(vmid: $0.vmid, name: $0.name, reason: $0.reason.rawValue, detail: $0.detail)
        }
        // Journal every move first (so the answer lists them), then run them one at a time.
        var accepted: [(status: MigrationStatus, order: MigrationOrder)] = []
        for move in moves.sorted(by: { $0.step < $1.step }) {
            let order = MigrationOrder(
                move: MoveRequest(
                    vmid: move.vmid, source: move.source, target: move.target, origin: .evacuation, recommendation: move,
                    planGeneratedAt: plan.generatedAt),
                dryRun: command.dryRun ?? false, commandId: id, requestedBy: command.requestedBy)
            do {
                accepted.append((try await runner.enqueue(order, label: GuestLabelFacts(move)), order))
            } catch {
                return ReplyPayload.failure(id: id, .internal("the evacuation could not be journaled: \(error)"))
            }
        }
        let queued = accepted
        own { executor in await executor.runEvacuation(queued) }
        return ReplyPayload.make(
            id: id, .success(EvacuationReply(node: command.node, migrations: accepted.map(\.status), cannotMove: stuck)))
    }

    /// Runs an evacuation's journaled moves one after another. Once the executor stops, the
    /// moves not started stay queued in the journal and resume at the next start.
    private func runEvacuation(_ moves: [(status: MigrationStatus, order: MigrationOrder)]) async {
        let runner = self.runner
        for (index, move) in moves.enumerated() {
            guard !stopping, !Task.isCancelled else {
                logger.info("evacuation stopped; its remaining moves resume at the next start", metadata: ["queued": "\(moves.count - index)"])
                return
            }
            _ = await unlessCancelled { await runner.runQueued(move.status, order: move.order) }
        }
    }

    /// `rollback {migration_id}`: moves a guest back where a completed migration took it from,
    /// within the rollback window; says how the original node changed since.
    func rollback(_ payload: Data, id: String) async -> [UInt8] {
        let command: MigrationCommand
        switch decode(MigrationCommand.self, payload) {
        case .success(let value): command = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let original: MigrationStatus
        do {
            guard let found = try await journal.migration(command.migrationId) else {
                return ReplyPayload.failure(id: id, .notFound("no migration '\(command.migrationId)'"))
            }
            original = found
        } catch {
            return ReplyPayload.failure(id: id, .internal("the journal could not be read: \(error)"))
        }
        guard original.state == .completed, let finished = original.finishedAt else {
            return ReplyPayload.failure(
                id: id, .invalid("only a completed migration can be rolled back; \(original.id) is \(original.state.rawValue)"))
        }
        let window = Double(settings.rollbackWindowHours) * 3600
        guard clock().timeIntervalSince(finished) <= window else {
            return ReplyPayload.failure(
                id: id, .invalid("\(original.id) finished more than \(settings.rollbackWindowHours) h ago (the rollback window)"))
        }
        let nodes: [PVEResource]
        do {
            nodes = try await client.clusterResources(type: .node)
        } catch {
            return ReplyPayload.failure(id: id, .proxmox(error))
        }
        let (changed, conditions) = RollbackConditions.compare(original, nodes: nodes)
        let order = MigrationOrder(
            move: MoveRequest(vmid: original.vmid, source: original.target, target: original.source, origin: .rollback),
            dryRun: false, commandId: id, rollbackOf: original.id, requestedBy: command.requestedBy)
        let label = GuestLabelFacts(type: original.type, name: original.name, node: original.target, haManaged: original.haManaged)
        do {
            let status = try await runner.submit(order, label: label)
            return ReplyPayload.make(id: id, .success(RollbackReply(migration: status, conditionsChanged: changed, conditions: conditions)))
        } catch {
            return ReplyPayload.failure(id: id, .internal("the rollback could not be journaled: \(error)"))
        }
    }
}

extension GuestLabelFacts {
    /// The label facts of a planned move's guest.
    init(_ move: Recommendation) {
        self.init(type: move.type, name: move.name, node: move.source, haManaged: move.haManaged)
    }
}
