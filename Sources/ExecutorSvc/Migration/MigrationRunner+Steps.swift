import Contract
import ExecutorPolicy
import Foundation
import Logging
import ProxmoxAPI
import ProxmoxClient

extension MigrationRunner {
    /// Takes a migration from its journaled state to its end. When the executor stops on the
    /// way, the state returned is not final: the journal row stays unfinished and a restart
    /// picks it up (`resumeUnfinished`).
    func drive(_ initial: MigrationStatus, order: MigrationOrder) async -> MigrationStatus {
        var status = initial
        do {
            if Task.isCancelled { throw CancellationError() }
            if status.state == .queued || status.state == .validating {
                guard let options = try await validate(&status, order: order) else { return status }
                if status.dryRun {
                    status.end(
                        .dryRun, error: nil,
                        message: "Dry run: \(status.label) would move \(status.source) → \(status.target) (\(status.command))")
                    await record(status)
                    return status
                }
                guard try await startTask(&status, options: options) else { return status }
            } else if status.upid == nil && status.haUpid == nil {
                // The executor stopped after journaling the start and before hearing Proxmox's answer.
                let fence: TaskFence?
                do {
                    fence = try await journal.fence(status.id)
                } catch {
                    logger.error("journal not readable; the migration's task fence is unknown", metadata: ["error": "\(error)"])
                    fence = nil
                }
                let notStarted =
                    "the executor stopped before Proxmox accepted the migration, so none was started; send the command again if the move is still wanted"
                guard try await settleUnknownStart(&status, fence: fence, grace: configuration.startGrace, notStarted: notStarted)
                else { return status }
            }
            try await follow(&status, reason: reason(order))
        } catch {
            logger.notice(
                "executor stopping; the migration is followed again at the next start",
                metadata: ["migration": "\(status.id)", "state": "\(status.state.rawValue)"])
        }
        return status
    }

    /// Validates against the live API; returns the Proxmox options, or `nil` when the
    /// migration ended here (blocked, or the API could not be read even after retries).
    private func validate(_ status: inout MigrationStatus, order: MigrationOrder) async throws(CancellationError) -> PVEMigrateOptions? {
        status.state = .validating
        status.message = "validating \(status.label): \(status.source) → \(status.target)"
        await record(status)
        let facts: LiveFacts
        do {
            let (reader, vmid, target, maintenance) = (self.reader, status.vmid, status.target, self.maintenance)
            let busy = guestsBusy(except: status.id)
            facts = try await retryingTransient {
                try await reader.facts(vmid: vmid, target: target, maintenance: maintenance, journalActive: busy)
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            await fail(&status, "the cluster could not be read for validation: \(error)")
            return nil
        }
        let report = MigrationValidator.validate(order.move, facts, limits: configuration.limits)
        status.validation = report
        status.loadsBefore = MoveLoads(source: status.source, target: status.target, nodes: facts.nodes)
        let guest = facts.guest(status.vmid)
        if let node = guest?.node, order.move.source == nil { status.source = node }
        let running = guest?.isRunning == true
        var localDisks = false
        if case .available(let answer) = facts.preconditions {
            localDisks = answer.localDisks.contains { !$0.isCDROM && !$0.isUnused }
        }
        let options = MigrationOptionsChoice.options(type: status.type, running: running, hasLocalDisks: localDisks, online: order.online)
        status.command = MigrationCommandLine.command(type: status.type, vmid: status.vmid, target: status.target, options: options)
        if let failure = report.firstFailure {
            status.end(
                .skipped, error: failure.detail, message: "\(status.label) was not moved: \(failure.detail) (check \(failure.name))")
            await record(status)
            return nil
        }
        return options
    }

    /// Notes which tasks exist, journals the start with them (nothing is asked of Proxmox
    /// unless that is stored), then asks Proxmox. When the request fails in a way that may
    /// still have started a task (a 5xx, a lost answer), the task is looked for before the
    /// migration is called failed. False when the migration ended here (the state is final).
    private func startTask(_ status: inout MigrationStatus, options: PVEMigrateOptions) async throws(CancellationError) -> Bool {
        let fence: TaskFence
        do {
            let current = status
            fence = try await retryingTransient { try await self.fence(current) }
        } catch let error as CancellationError {
            throw error
        } catch {
            await fail(&status, "the source node's tasks could not be read before starting: \(error)")
            return false
        }
        if Task.isCancelled { throw CancellationError() }
        status.state = .running
        status.startedAt = Date()
        status.message = "\(status.label) is moving \(status.source) → \(status.target)"
        do {
            try await journal.save(status, fence: fence)
        } catch {
            logger.error("journal write failed; migration not started", metadata: ["migration": "\(status.id)", "error": "\(error)"])
            await fail(&status, "the journal could not be written, so Proxmox was not asked (nothing moved): \(error)")
            return false
        }
        await publisher.state(status)
        let upid: PVEUPID
        do {
            upid = try await client.migrate(
                status.source, kind: PVEGuestKind(rawValue: status.type.rawValue) ?? .qemu, vmid: status.vmid,
                target: status.target, options: options)
        } catch let error as PVEError where error.mayHaveStarted {
            // Proxmox answers a refusal with a 500 and its text; a lost answer may hide a started task.
            let grace = error.kind == .server || error.kind == .decoding ? .zero : configuration.startGrace
            logger.warning("migrate call failed; looking for a started task", metadata: ["migration": "\(status.id)", "error": "\(error)"])
            guard try await settleUnknownStart(&status, fence: fence, grace: grace, notStarted: error.message) else { return false }
            await publisher.event(status, reason: nil)
            return true
        } catch let error as PVEError {
            await fail(&status, error.message)
            return false
        } catch {
            await fail(&status, "\(error)")
            return false
        }
        if upid.type == "hamigrate" {
            status.haUpid = upid.rawValue
        } else {
            status.upid = upid.rawValue
        }
        await record(status)
        await publisher.event(status, reason: nil)
        return true
    }

    /// Follows the task (through HA when needed) and records the end: `completed` only when the
    /// task ended OK and the guest runs on the target.
    private func follow(_ status: inout MigrationStatus, reason: String?) async throws(CancellationError) {
        if status.upid == nil, let ha = status.haUpid.flatMap({ try? PVEUPID(parsing: $0) }) {
            guard let real = try await haTask(&status, request: ha) else { return }
            status.upid = real.rawValue
            await record(status)
        }
        guard let upid = status.upid.flatMap({ try? PVEUPID(parsing: $0) }) else {
            await fail(&status, "the journal has no valid task id for this migration")
            return
        }
        let publisher = self.publisher
        let snapshot = status
        let end: TaskEnd
        do {
            end = try await follower.follow(upid) { transfer in
                var running = snapshot
                running.progress = transfer
                await publisher.state(running)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await fail(&status, "\(error)")
            return
        }
        if end.succeeded {
            let vmid = status.vmid
            do {
                if let node = try await retryingTransient({ try await self.guestNode(vmid) }), node != status.target {
                    await fail(&status, "Proxmox task \(upid) ended \(end.text), but \(status.label) runs on \(node), not on \(status.target)")
                    return
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // The task's own end is Proxmox's word that the guest moved.
                logger.warning(
                    "the guest's node could not be read after its task ended OK", metadata: ["migration": "\(status.id)", "error": "\(error)"])
            }
            status.end(.completed, error: nil, message: "\(status.label) now runs on \(status.target)")
            if let total = status.progress?.totalBytes {
                status.progress = MigrationTransfer(
                    phase: status.progress?.phase ?? "memory", percent: 100, transferredBytes: total, totalBytes: total,
                    bytesPerSecond: status.progress?.bytesPerSecond)
            }
        } else if cancelRequested.contains(status.id) {
            status.cancelledBy = cancellers[status.id]
            let by = status.cancelledBy.map { " by \($0)" } ?? ""
            status.end(.cancelled, error: end.text, message: "the migration of \(status.label) was cancelled\(by); it stays on \(status.source)")
        } else {
            status.end(.failed, error: end.text, message: Self.failureMessage(status, end.text))
        }
        await record(status)
        await publisher.event(status, reason: reason)
    }

    /// Marks the migration failed with `text`, journals, publishes and announces it.
    func fail(_ status: inout MigrationStatus, _ text: String) async {
        status.end(.failed, error: text, message: Self.failureMessage(status, text))
        await record(status)
        await publisher.event(status, reason: nil)
    }

    private static func failureMessage(_ status: MigrationStatus, _ text: String) -> String {
        "\(status.label) could not move to \(status.target): \(text)"
    }

    /// Journals and publishes `status`. A journal failure is logged: the state is still published.
    func record(_ status: MigrationStatus) async {
        do {
            try await journal.save(status)
        } catch {
            logger.error("journal write failed", metadata: ["migration": "\(status.id)", "error": "\(error)"])
        }
        await publisher.state(status)
    }

    private func reason(_ order: MigrationOrder) -> String? {
        if let move = order.move.recommendation { return move.reason.summary }
        switch order.move.origin {
        case .manual: return "requested by an admin"
        case .rollback: return "rollback of \(order.rollbackOf ?? "an earlier migration")"
        case .evacuation: return "evacuation of a node in maintenance"
        case .automation: return nil
        }
    }
}
