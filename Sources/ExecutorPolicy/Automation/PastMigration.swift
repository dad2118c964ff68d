public import Contract
public import Foundation

/// A finished migration as the automation policy needs it: one from the executor's journal, or
/// a move made outside ProxBalance that scoring saw in the snapshots.
public struct PastMigration: Sendable, Equatable {
    public var vmid: Int
    public var source: String
    public var target: String
    public var finishedAt: Date
    public var succeeded: Bool
    public var origin: Origin

    public init(vmid: Int, source: String, target: String, finishedAt: Date, succeeded: Bool, origin: Origin) {
        self.vmid = vmid
        self.source = source
        self.target = target
        self.finishedAt = finishedAt
        self.succeeded = succeeded
        self.origin = origin
    }

    /// A move made outside ProxBalance (the Proxmox UI, HA, a script): a successful migration
    /// that finished when the snapshot first showed the guest on its new node.
    public init(outside change: PlacementChange) {
        self.init(vmid: change.vmid, source: change.from, target: change.to, finishedAt: change.at, succeeded: true, origin: .outside)
    }

    /// Who made a migration.
    public enum Origin: Sendable, Equatable {
        /// The executor, for this kind of request.
        case proxbalance(MigrationOrigin)
        /// Someone else: the Proxmox UI, HA, a script.
        case outside
    }

    /// " outside ProxBalance" for a move made outside it, else nothing: for the decisions' reasons.
    var outsideNote: String { origin == .outside ? " outside ProxBalance" : "" }
}
