public import Contract
public import Foundation
public import ProxmoxAPI

/// What the live Proxmox API says right before a migration: the facts every validation check
/// reads. Gathered by `LiveFactsReader`; a plain value so the checks are pure.
public struct LiveFacts: Sendable {
    public var quorate: Bool
    /// `/cluster/resources` entries of type `qemu`/`lxc`.
    public var guests: [PVEResource]
    /// `/cluster/resources` entries of type `node`.
    public var nodes: [PVEResource]
    /// Migration tasks (`qmigrate`, `vzmigrate`, `hamigrate`) still running, from `/cluster/tasks`.
    public var activeMigrationTasks: [PVETaskSummary]
    /// Proxmox's own migrate preconditions for the guest and target.
    public var preconditions: Preconditions
    /// Nodes in ProxBalance maintenance (retained `{b}/maintenance`).
    public var maintenance: Set<String>
    /// Guests the executor's journal has a migration in progress for.
    public var journalActive: Set<Int>
    /// Proxmox HA placement rules, read when the guest is HA-managed (`nil` otherwise).
    public var haRules: HARules?
    public var now: Date

    public init(
        quorate: Bool, guests: [PVEResource], nodes: [PVEResource], activeMigrationTasks: [PVETaskSummary],
        preconditions: Preconditions, maintenance: Set<String>, journalActive: Set<Int>, haRules: HARules? = nil, now: Date
    ) {
        self.quorate = quorate
        self.guests = guests
        self.nodes = nodes
        self.activeMigrationTasks = activeMigrationTasks
        self.preconditions = preconditions
        self.maintenance = maintenance
        self.journalActive = journalActive
        self.haRules = haRules
        self.now = now
    }

    /// The answer of `GET …/{vmid}/migrate`.
    public enum Preconditions: Sendable {
        case available(PVEMigratePreconditions)
        /// The endpoint does not exist for this guest kind on this Proxmox version (LXC before PVE 9).
        case unsupported
        /// Proxmox answered with an error; its text.
        case failed(String)
    }

    /// The guest with `vmid`, if the cluster has it.
    public func guest(_ vmid: Int) -> PVEResource? { guests.first { $0.vmid == vmid } }

    /// The node called `name`, if the cluster has it.
    public func node(_ name: String) -> PVEResource? { nodes.first { $0.node == name } }
}
