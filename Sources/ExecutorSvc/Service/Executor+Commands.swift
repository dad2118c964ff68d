import Contract
import ExecutorPolicy
import Foundation
import ProxmoxAPI
import ProxmoxClient

extension Executor {
    /// Operations that change the cluster: each needs an `id` and is carried out once per id.
    static let commandOps: Set<String> = ["migrate", "evacuate", "rollback", "cancel", "run_automation"]

    /// Answers request `op` with `payload`. A command whose id was handled before is answered
    /// with the first answer and does nothing else.
    public func handle(op: String, payload: Data) async -> [UInt8] {
        let id = RequestHeader.id(in: payload)
        if Self.commandOps.contains(op) {
            guard let id else { return ReplyPayload.failure(id: nil, .missingID) }
            do {
                if let previous = try await previousAnswer(op: op, id: id) { return previous }
            } catch {
                return ReplyPayload.failure(id: id, error)
            }
            if op == "migrate" { return await migrate(payload, id: id) }
            let reply: [UInt8]
            switch op {
            case "evacuate": reply = await evacuate(payload, id: id)
            case "rollback": reply = await rollback(payload, id: id)
            case "cancel": reply = await cancel(payload, id: id)
            default: reply = await runAutomation(payload, id: id)
            }
            await remember(op: op, id: id, reply: reply)
            return reply
        }
        switch op {
        case "validate": return await validate(payload, id: id)
        case "history": return await history(payload, id: id)
        case "task_log": return await taskLog(payload, id: id)
        default: return ReplyPayload.failure(id: id, .unknownOperation(op))
        }
    }

    /// Decodes and checks a request payload, or the `malformed` / `invalid` answer naming the key.
    func decode<T: RequestBody>(_ type: T.Type, _ payload: Data) -> Result<T, ReplyError> {
        Result { () throws(ReplyError) in try T.decode(payload) }
    }

    private func migrate(_ payload: Data, id: String) async -> [UInt8] {
        let command: MigrateCommand
        switch decode(MigrateCommand.self, payload) {
        case .success(let value): command = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let guest: PVEResource
        switch await liveGuest(command.vmid) {
        case .success(let value): guest = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let move: MoveRequest
        switch manualMove(vmid: command.vmid, source: guest.node, target: command.target) {
        case .success(let value): move = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let order = MigrationOrder(
            move: move, dryRun: command.dryRun ?? false, online: command.online, commandId: id, requestedBy: command.requestedBy)
        do {
            let status = try await runner.submit(order, label: GuestLabelFacts(guest)) { status in
                CommandLedger.Answer(op: "migrate", id: id, reply: ReplyPayload.make(id: id, .success(status)), at: Date())
            }
            return ReplyPayload.make(id: id, .success(status))
        } catch {
            return ReplyPayload.failure(id: id, .internal("the migration could not be journaled, so it was not started: \(error)"))
        }
    }

    private func cancel(_ payload: Data, id: String) async -> [UInt8] {
        switch decode(MigrationCommand.self, payload) {
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        case .success(let command):
            do {
                let status = try await runner.cancel(command.migrationId, requestedBy: command.requestedBy)
                return ReplyPayload.make(id: id, .success(status))
            } catch {
                return ReplyPayload.failure(id: id, error)
            }
        }
    }

    private func validate(_ payload: Data, id: String?) async -> [UInt8] {
        let request: ValidateRequest
        switch decode(ValidateRequest.self, payload) {
        case .success(let value): request = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let move: MoveRequest
        switch manualMove(vmid: request.vmid, source: nil, target: request.target) {
        case .success(let value): move = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        do {
            let facts = try await LiveFactsReader(client: client).facts(
                vmid: move.vmid, target: move.target, maintenance: Set(maintenance?.nodes ?? []),
                journalActive: await runner.busyVMIDs)
            return ReplyPayload.make(id: id, .success(MigrationValidator.validate(move, facts, limits: configuration.runner.limits)))
        } catch {
            return ReplyPayload.failure(id: id, .proxmox(error))
        }
    }

    private func history(_ payload: Data, id: String?) async -> [UInt8] {
        let request: HistoryRequest
        switch decode(HistoryRequest.self, payload) {
        case .success(let value): request = value
        case .failure(let error): return ReplyPayload.failure(id: id, error)
        }
        let format = request.format ?? "json"
        let limit = request.limit ?? 500
        do {
            let rows = try await journal.history(from: request.from, to: request.to, vmid: request.vmid, limit: limit)
                .filter { request.state == nil || $0.state == request.state }
                .filter { request.origin == nil || $0.origin == request.origin }
            let reply =
                format == "csv"
                ? HistoryReply(format: "csv", count: rows.count, migrations: nil, csv: MigrationHistoryCSV.render(rows))
                : HistoryReply(format: "json", count: rows.count, migrations: rows, csv: nil)
            return ReplyPayload.make(id: id, .success(reply))
        } catch {
            return ReplyPayload.failure(id: id, .internal("the journal could not be read: \(error)"))
        }
    }

    /// A manual move of `vmid` to `target`, or to the plan's target for it when `target` is nil;
    /// it carries the plan's recommendation when the plan has that move (so its freshness is checked).
    private func manualMove(vmid: Int, source: String?, target: String?) -> Result<MoveRequest, ReplyError> {
        let planned = plan?.recommendations.first { $0.vmid == vmid && (target == nil || $0.target == target) }
        guard let destination = target ?? planned?.target else {
            return .failure(.invalid("no target given, and the current plan has no move for guest \(vmid); name a target"))
        }
        return .success(
            MoveRequest(
                vmid: vmid, source: source, target: destination, origin: .manual, recommendation: planned,
                planGeneratedAt: planned == nil ? nil : plan?.generatedAt))
    }

    /// The guest `vmid` as the live API lists it.
    func liveGuest(_ vmid: Int) async -> Result<PVEResource, ReplyError> {
        do {
            guard let guest = try await client.clusterResources(type: .vm).first(where: { $0.vmid == vmid }), guest.node != nil else {
                return .failure(.notFound("guest \(vmid) does not exist in cluster \(topics.cluster)"))
            }
            return .success(guest)
        } catch {
            return .failure(.proxmox(error))
        }
    }
}

extension GuestLabelFacts {
    /// The label facts of a guest from its `/cluster/resources` entry.
    public init(_ guest: PVEResource) {
        self.init(
            type: guest.type == .lxc ? .lxc : .qemu, name: guest.name, node: guest.node ?? "?",
            haManaged: guest.hastate != nil)
    }
}
