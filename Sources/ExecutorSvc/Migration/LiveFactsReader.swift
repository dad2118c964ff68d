public import ExecutorPolicy
import Foundation
public import ProxmoxAPI
public import ProxmoxClient

/// Reads the `LiveFacts` of one move from the Proxmox API: cluster status, resources, running
/// tasks and the migrate preconditions. Failures to read are Proxmox errors for the caller.
public struct LiveFactsReader: Sendable {
    private let client: PVEClient

    public init(client: PVEClient) {
        self.client = client
    }

    /// Migration task types.
    public static let migrationTaskTypes: Set<String> = ["qmigrate", "vzmigrate", "hamigrate"]

    /// The live facts for moving `vmid` to `target`.
    public func facts(vmid: Int, target: String, maintenance: Set<String>, journalActive: Set<Int>) async throws -> LiveFacts {
        async let status = client.clusterStatus()
        async let resources = client.clusterResources()
        async let tasks = client.clusterTasks()
        let all = try await resources
        let guests = all.filter { $0.guestKind != nil }
        let nodes = all.filter { $0.type == .node }
        let running = try await tasks.filter { $0.isRunning && Self.migrationTaskTypes.contains($0.type ?? "") }
        let quorate = try await status.isQuorate
        // HA rules only matter for an HA-managed guest; failing to read them fails the move.
        let managed = guests.contains { $0.vmid == vmid && $0.hastate != nil }
        let haRules = managed ? try await client.haPlacementRules() : nil
        var preconditions = LiveFacts.Preconditions.failed("guest \(vmid) not found")
        if let guest = guests.first(where: { $0.vmid == vmid }), let node = guest.node, let kind = guest.guestKind {
            do {
                preconditions = .available(try await client.migratePreconditions(node, kind: kind, vmid: vmid, target: target))
            } catch let error as PVEError where error.kind == .notImplemented {
                preconditions = .unsupported
            } catch let error as PVEError {
                preconditions = .failed(error.message)
            }
        }
        return LiveFacts(
            quorate: quorate, guests: guests, nodes: nodes, activeMigrationTasks: running, preconditions: preconditions,
            maintenance: maintenance, journalActive: journalActive, haRules: haRules, now: Date())
    }

    /// Running migration tasks in the cluster (from `/cluster/tasks`, which lags ~10 s).
    public func runningMigrations() async throws -> [PVETaskSummary] {
        try await client.clusterTasks().filter { $0.isRunning && Self.migrationTaskTypes.contains($0.type ?? "") }
    }
}
