import Foundation
import Logging
import Shared

extension MigrationRunner {
    /// Takes a migration from its journaled state to its end.
    func drive(_ initial: MigrationStatus, order: MigrationOrder) async -> MigrationStatus {
        var status = initial
        if status.state == .queued || status.state == .validating {
            guard let options = await validate(&status, order: order) else { return status }
            if status.dryRun {
                status.end(
                    .dryRun, error: nil,
                    message: "Dry run: \(status.label) would move \(status.source) → \(status.target) (\(status.command))")
                await record(status)
                return status
            }
            guard await startTask(&status, options: options) else { return status }
        } else if status.upid == nil && status.haUpid == nil {
            // The executor stopped after journaling the start and before hearing Proxmox's answer.
            guard await adoptTask(&status) else { return status }
        }
        await follow(&status, reason: reason(order))
        return status
    }

    /// Validates against the live API; returns the Proxmox options, or `nil` when the
    /// migration ended here (blocked, or the API could not be read).
    private func validate(_ status: inout MigrationStatus, order: MigrationOrder) async -> PVEMigrateOptions? {
        status.state = .validating
        status.message = "validating \(status.label): \(status.source) → \(status.target)"
        await record(status)
        let facts: LiveFacts
        do {
            facts = try await reader.facts(
                vmid: status.vmid, target: status.target, maintenance: maintenance,
                journalActive: guestsBusy(except: status.id))
        } catch {
            await fail(&status, "the cluster could not be read for validation: \(error)")
            return nil
        }
        let report = MigrationValidator.validate(order.move, facts, limits: configuration.limits)
        status.validation = report
        status.loadsBefore = MoveLoads(source: status.source, target: status.target, nodes: facts.nodes)
        let guest = facts.guest(status.vmid)
        if let node = guest?.node, order.move.source == nil { status.source = node }
        let running = guest?.status == "running"
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

    /// Journals the start, then asks Proxmox; false when Proxmox refused (the state is final then).
    private func startTask(_ status: inout MigrationStatus, options: PVEMigrateOptions) async -> Bool {
        status.state = .running
        status.startedAt = Date()
        status.message = "\(status.label) is moving \(status.source) → \(status.target)"
        await record(status)  // before the API call: a crash from here on is found again
        let upid: PVEUPID
        do {
            upid = try await client.migrate(
                status.source, kind: PVEGuestKind(rawValue: status.type.rawValue) ?? .qemu, vmid: status.vmid,
                target: status.target, options: options)
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

    /// Follows the task (through HA when needed) and records the end.
    private func follow(_ status: inout MigrationStatus, reason: String?) async {
        if status.upid == nil, let ha = status.haUpid.flatMap({ try? PVEUPID(parsing: $0) }) {
            guard let real = await haTask(&status, request: ha) else { return }
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
        } catch {
            await fail(&status, "\(error)")
            return
        }
        if end.succeeded {
            status.end(.completed, error: nil, message: "\(status.label) now runs on \(status.target)")
            if let total = status.progress?.totalBytes {
                status.progress = MigrationTransfer(
                    phase: status.progress?.phase ?? "memory", percent: 100, transferredBytes: total, totalBytes: total,
                    bytesPerSecond: status.progress?.bytesPerSecond)
            }
        } else if cancelRequested.contains(status.id) {
            status.end(.cancelled, error: end.text, message: "the migration of \(status.label) was cancelled; it stays on \(status.source)")
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
